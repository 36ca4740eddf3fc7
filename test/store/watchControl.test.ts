import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createWatchControl, openWatchControl } from '../../src/store/watchControl.js';

describe('openWatchControl', () => {
  it('gives each slot to one thread at a time, and a freed slot to the next', () => {
    const memory = createWatchControl(2);
    const [a, b, c] = [openWatchControl(memory), openWatchControl(memory), openWatchControl(memory)];
    assert.equal(a.claimSlot(11), true);
    assert.equal(b.claimSlot(12), true);
    assert.equal(c.claimSlot(13), false, 'both slots are held');
    // A thread frees only its own slot.
    c.releaseSlots(13);
    assert.equal(c.claimSlot(13), false);
    a.releaseSlots(11);
    assert.equal(c.claimSlot(13), true);
  });

  it('gives no slot while the server\'s thread is busy, though one is free', () => {
    const memory = createWatchControl(2);
    const server = openWatchControl(memory);
    const engine = openWatchControl(memory);
    assert.equal(engine.mayWatch(), true);
    server.setServerBusy(true);
    assert.equal(engine.mayWatch(), false);
    assert.equal(engine.claimSlot(21), false);
    server.setServerBusy(false);
    assert.equal(engine.claimSlot(21), true);
  });

  it('has no slot to give on a machine of one core', () => {
    assert.equal(openWatchControl(createWatchControl(0)).claimSlot(31), false);
  });
});
