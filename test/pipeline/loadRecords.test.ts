import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createRecordPopulate } from '../../src/pipeline/loadRecords.js';
import { fixtureRecords } from '../serverHelpers.js';

const settings = { baseIri: 'http://localhost:3000/', maxLineLength: 100_000, converter: { name: 'biblio-kg', version: 'test' } };

describe('createRecordPopulate', () => {
  let work: string;
  let files: string[];
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'biblio-kg-load-'));
    const record = (i: number) => `Title ${i}\nTitle ${i}\n\nAuthor(s): Anna Nowak\n  • Page Count: many\n  • Shelf Mark: ${i}\n`;
    const extra = Array.from({ length: 5 }, (_, i) => {
      const path = join(work, `noisy-${i}.txt`);
      writeFileSync(path, record(i));
      return path;
    });
    const empty = join(work, 'empty.txt');
    writeFileSync(empty, '');
    files = [...fixtureRecords(), ...extra, empty];
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('logs the first problems one by one and the rest as one line of counts, while loading every good record', async () => {
    const logs: string[] = [];
    let statements = 0;
    await createRecordPopulate({ files, ...settings, log: (line) => logs.push(line), problemsShown: 3 })(async (_chunk, count) => {
      statements += count;
    });
    const problems = logs.filter((line) => /: (warning|error): /.test(line));
    assert.equal(problems.length, 3, logs.join('\n'));
    const summary = logs.find((line) => /more problems not shown/.test(line));
    assert.match(summary ?? '', /^\.\.\. and \d+ more problems not shown \(1 errors and \d+ warnings in all\); `npx biblio-kg validate <DATA>` lists every one$/);
    const hidden = Number(/and (\d+) more/.exec(summary!)![1]);
    const warnings = Number(/(\d+) warnings/.exec(summary!)![1]);
    assert.ok(warnings >= 10, 'each noisy record has two warnings');
    assert.equal(hidden, 1 + warnings - 3);
    assert.ok(logs.some((line) => line.startsWith(`loaded ${files.length - 1} of ${files.length} records (1 rejected)`)), logs.join('\n'));
    assert.ok(statements > 0);
  });
});
