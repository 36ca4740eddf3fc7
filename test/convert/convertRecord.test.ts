import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { convertRecord } from '../../src/convert/convertRecord.js';
import { createSharedStatements } from '../../src/convert/recordToQuads.js';
import { BASE, convertFixture, convertOptions, convertText, FIXTURES, subjectsOfType, valuesOf } from '../helpers.js';

const SCHEMA = 'http://schema.org/';
const DCT = 'http://purl.org/dc/terms/';
const XSD = 'http://www.w3.org/2001/XMLSchema#';

describe('convertRecord', () => {
  it('mints the same IRI for the same person, publisher, subject and keyword in two records', () => {
    const a = convertText('A\nA\nAuthor(s): Witold Rodkiewicz\nPublished by: OSW\nSubject(s): Geopolitics\nKeywords: JCPOA\n', 'a.txt');
    const b = convertText('B\nB\nAuthor(s): Witold Rodkiewicz\nPublished by: OSW\nSubject(s): Geopolitics\nKeywords: JCPOA\n', 'b.txt');
    for (const type of ['Person', 'Organization']) {
      assert.deepEqual(subjectsOfType(a.quads, SCHEMA + type), subjectsOfType(b.quads, SCHEMA + type));
    }
    const concepts = (q: typeof a.quads) => subjectsOfType(q, 'http://www.w3.org/2004/02/skos/core#Concept').sort();
    assert.deepEqual(concepts(a.quads), concepts(b.quads));
    assert.notEqual(a.workIri, b.workIri);
  });

  it('gives the same work IRI for a straight and a typographic apostrophe', () => {
    const straight = convertText("Russia's policy\nRussia's policy\nAuthor(s): A B\n");
    const typographic = convertText('Russia’s policy\nRussia’s policy\nAuthor(s): A B\n');
    assert.equal(straight.workIri, typographic.workIri);
  });

  it('gives different IRIs to works that share a title but not their issue', () => {
    const one = convertText('Editorial\nEditorial\nJournal: J\n• Issue No: 1\n• Issue Year: 2020\n');
    const two = convertText('Editorial\nEditorial\nJournal: J\n• Issue No: 2\n• Issue Year: 2020\n');
    assert.notEqual(one.workIri, two.workIri);
  });

  it('mints IRIs under the configured base', () => {
    const converted = convertText('T\nT\nAuthor(s): A B\n', 'r.txt', 'https://data.example.org/kg/');
    assert.ok(converted.quads.every((q) => !q.subject.value.startsWith('http') || q.subject.value.startsWith('https://data.example.org/kg/')));
  });

  it('types the year as xsd:gYear and the page count as xsd:integer', () => {
    const { quads, workIri } = convertFixture('sample');
    const issued = quads.find((q) => q.subject.value === workIri && q.predicate.value === `${DCT}issued`);
    assert.equal(issued?.object.value, '2020');
    assert.equal((issued?.object as { datatype?: { value: string } }).datatype?.value, `${XSD}gYear`);
    const pages = quads.find((q) => q.subject.value === workIri && q.predicate.value === `${SCHEMA}numberOfPages`);
    assert.equal((pages?.object as { datatype?: { value: string } }).datatype?.value, `${XSD}integer`);
  });

  it('never emits an empty literal or an ill-typed integer for any fixture', () => {
    for (const name of ['sample', 'encoding-hazards', 'glued-labels-journal', 'chapter-chrome']) {
      for (const q of convertFixture(name).quads) {
        if (q.object.termType !== 'Literal') continue;
        assert.notEqual(q.object.value, '', `${name}: empty literal for ${q.predicate.value}`);
        if (q.object.datatype.value === `${XSD}integer`) assert.match(q.object.value, /^\d+$/);
      }
    }
  });

  it('tags only the English title line, leaving the abstract untagged', () => {
    const { quads, workIri } = convertFixture('polish-title-no-cover');
    const tagged = quads.filter((q) => q.object.termType === 'Literal' && q.object.language !== '');
    assert.deepEqual(new Set(tagged.map((q) => q.predicate.value)),
      new Set([`${DCT}alternative`, `${SCHEMA}alternateName`, `${DCT}title`]));
    assert.ok(tagged.filter((q) => q.subject.value === workIri).every((q) => q.object.termType === 'Literal' && q.object.language === 'en'));
  });

  it('types an ISBN with editors as a Book, and a stated chapter as a Chapter in a Book', () => {
    const book = convertFixture('edited-book-cyrillic');
    assert.ok(valuesOf(book.quads, book.workIri!, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type').includes(`${SCHEMA}Book`));
    const chapter = convertFixture('chapter-chrome');
    assert.ok(valuesOf(chapter.quads, chapter.workIri!, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type').includes(`${SCHEMA}Chapter`));
    const [bookIri] = valuesOf(chapter.quads, chapter.workIri!, `${SCHEMA}isPartOf`);
    assert.deepEqual(valuesOf(chapter.quads, bookIri!, `${SCHEMA}isbn`), ['9783161484100']);
  });

  it('puts the work\'s statements in the record graph, with the source file and its SHA-256', () => {
    const { quads, graphIri, workIri } = convertFixture('sample');
    assert.ok(quads.filter((q) => q.subject.value === workIri).every((q) => q.graph.value === graphIri));
    const [source] = valuesOf(quads, graphIri!, 'http://www.w3.org/ns/prov#wasDerivedFrom');
    assert.deepEqual(valuesOf(quads, source!, `${SCHEMA}name`), ['sample.txt']);
    assert.match(valuesOf(quads, source!, `${SCHEMA}sha256`)[0]!, /^[0-9a-f]{64}$/);
  });

  it('describes people, organisations and concepts in the shared graph, once per run when the run remembers', () => {
    const shared = createSharedStatements();
    const options = { ...convertOptions(), shared };
    const first = convertRecord('a.txt', readFileSync(`${FIXTURES}sample.txt`), options);
    const second = convertRecord('b.txt', readFileSync(`${FIXTURES}sample.txt`), options);
    const person = valuesOf(first.quads, first.workIri!, `${SCHEMA}author`)[0]!;
    const personQuads = first.quads.filter((q) => q.subject.value === person);
    assert.ok(personQuads.length > 0 && personQuads.every((q) => q.graph.value === `${BASE}graph/shared`));
    assert.equal(second.quads.filter((q) => q.subject.value === person).length, 0, 'described again');
    assert.deepEqual(valuesOf(second.quads, second.workIri!, `${SCHEMA}author`), [person]);
  });

  it('describes both spellings behind one IRI once each in a run, neither lost nor repeated', () => {
    const options = { ...convertOptions(), shared: createSharedStatements() };
    const publisher = (spelling: string, file: string) => {
      const { quads, workIri } = convertRecord(file, Buffer.from(`T ${file}\nT ${file}\nPublished by: ${spelling}\n`), options);
      const iri = valuesOf(quads, workIri!, `${SCHEMA}publisher`)[0]!;
      return { iri, names: valuesOf(quads, iri, `${SCHEMA}name`) };
    };
    const typographic = publisher('Russia’s Institute', 'a.txt');
    const straight = publisher("Russia's Institute", 'b.txt');
    assert.equal(straight.iri, typographic.iri, 'one organisation');
    assert.deepEqual([typographic.names, straight.names], [['Russia’s Institute'], ["Russia's Institute"]]);
    assert.deepEqual([publisher('Russia’s Institute', 'c.txt').names, publisher("Russia's Institute", 'd.txt').names], [[], []]);
  });

  it('splits a name into given and family name only when certain', () => {
    const { quads } = convertText('T\nT\nAuthor(s): Jan van der Berg, Anna Maria Kowalska\n');
    const family = quads.filter((q) => q.predicate.value === `${SCHEMA}familyName`).map((q) => q.object.value);
    assert.deepEqual(family, ['van der Berg']);
  });
});

describe('convertRecord with bad input', () => {
  it('rejects an empty file', () => {
    const { quads, problems } = convertText('', 'empty.txt');
    assert.equal(quads.length, 0);
    assert.deepEqual([problems[0]?.severity, problems[0]?.file], ['error', 'empty.txt']);
    assert.match(problems[0]!.message, /empty/);
  });

  it('rejects a binary file, naming the line of the first NUL byte', () => {
    const { quads, problems } = convertText(Uint8Array.from([0x54, 0x0a, 0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]), 'image.txt');
    assert.equal(quads.length, 0);
    assert.equal(problems[0]?.line, 2);
    assert.match(problems[0]!.message, /binary/);
  });

  it('rejects text that is not UTF-8, naming the line', () => {
    const { problems } = convertText(Buffer.from('Title\nAuthor(s): Zolt\xe1n\n', 'latin1'), 'latin1.txt');
    assert.equal(problems[0]?.line, 2);
    assert.match(problems[0]!.message, /UTF-8/);
  });

  it('reads UTF-16 that starts with its byte-order mark, either way round, as the same record as UTF-8', () => {
    const text = readFileSync(`${FIXTURES}sample.txt`, 'utf8');
    const little = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const big = Buffer.from(little).swap16();
    assert.deepEqual([...big.subarray(0, 2)], [0xfe, 0xff]);
    const utf8 = convertText(text, 'sample.txt');
    for (const bytes of [little, big]) {
      const converted = convertText(bytes, 'sample.txt');
      assert.deepEqual(converted.problems, utf8.problems);
      assert.deepEqual(converted.record, utf8.record);
      assert.equal(converted.workIri, utf8.workIri);
    }
  });

  it('rejects UTF-16 cut short or holding a NUL, naming the file (and the line of the NUL)', () => {
    for (const bytes of [[0xff, 0xfe, 0x54, 0x00, 0x0a], [0xfe, 0xff, 0x00, 0x54, 0x00]]) {
      const cut = convertText(Uint8Array.from(bytes), 'cut.txt');
      assert.deepEqual([cut.quads.length, cut.problems[0]?.severity, cut.problems[0]?.file], [0, 'error', 'cut.txt']);
      assert.match(cut.problems[0]!.message, /not valid UTF-16 text/);
    }
    const binary = convertText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('T\nT\n\0\n', 'utf16le')]), 'nul.txt');
    assert.equal(binary.problems[0]?.line, 3);
    assert.match(binary.problems[0]!.message, /binary/);
  });

  it('accepts a byte-order mark, CRLF line ends and a missing final newline', () => {
    const { record } = convertText('\uFEFFT\r\nT\r\nAuthor(s): A B\r\n• Page Count: 3');
    assert.equal(record?.title, 'T');
    assert.equal(record?.pageCount, 3);
  });
});
