import { readFileSync, readdirSync } from 'node:fs';
const root = '/work/main/dist/src/';
const { convertRecord } = await import(root + 'convert/convertRecord.js');
const { createIriMinter } = await import(root + 'convert/iri.js');
const { Writer } = await import('n3');
const dir = '/work/main/bench/.cache/records-5000-seed1/';
const names = readdirSync(dir).filter(f => f.endsWith('.txt'));
const bufs = names.map(f => readFileSync(dir + f));
const opts = { minter: createIriMinter('http://localhost:3000/'), converter: { name: 'biblio-kg', version: '0.1.0' }, maxLineLength: 1e5 };
for (let r = 0; r < 3; r++) {
  let t = performance.now(); let n = 0;
  for (let i = 0; i < bufs.length; i++) n += convertRecord(names[i], bufs[i], opts).quads.length;
  const c = performance.now() - t;
  t = performance.now(); let out = 0;
  const w = new Writer({ write: (s) => { out += s.length; }, end: () => {} }, { format: 'N-Triples' });
  for (let i = 0; i < bufs.length; i++) for (const q of convertRecord(names[i], bufs[i], opts).quads) w.addQuad(q.subject, q.predicate, q.object);
  console.log('convert', (c / bufs.length * 1000).toFixed(1), 'µs; convert+ntriples', ((performance.now() - t) / bufs.length * 1000).toFixed(1), 'µs');
}
