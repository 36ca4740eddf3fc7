// Maps a BibRecord to Dublin Core terms + schema.org quads (SKOS for subjects and keywords).
//
// Two graphs: the record's own graph holds the work's statements and where they came from; the shared graph
// holds what many records state alike (people, organisations, concepts, periodicals, issues, the converter),
// so that a person named in a thousand records is described once in a store, not a thousand times.
import type { Quad } from '@rdfjs/types';
import { DataFactory } from 'rdf-data-factory';
import { Iri, Text } from '../rdf/terms.js';
import { bibo, dcterms, iso6392, prov, rdf, schema, skos, xsd } from '../vocab.js';
import type { IriMinter } from './iri.js';
import { splitPersonName } from './names.js';
import type { BibRecord, WorkType } from './record.js';

const factory = new DataFactory();
const quad = factory.quad.bind(factory);

export interface RecordSource {
  /** The file's name, as published in the provenance. */
  readonly file: string;
  /** SHA-256 of the file's bytes, lower-case hex. */
  readonly sha256: string;
}

export interface MappingOptions {
  readonly minter: IriMinter;
  readonly source: RecordSource;
  /** The converter that made the triples, for the provenance. */
  readonly converter: { readonly name: string; readonly version: string };
  /**
   * Remembers shared descriptions already written in this run, so that each is written once. Without it,
   * every record carries the shared descriptions it needs (what golden tests and per-record checks want).
   */
  readonly shared?: SharedStatements;
}

/** What a run has already described in the shared graph. */
export interface SharedStatements {
  /** True the first time a resource is offered with what its description says (and remembers it). */
  firstTime(node: Iri, says: string): boolean;
}

/**
 * A run's memory of shared descriptions, marked on the resources' terms. The minter hands out one term per name and
 * forgets terms when its memory is full (iri.ts): a forgotten resource is described again, which is harmless, and
 * memory stays bounded. Two spellings behind one IRI are two terms, so both descriptions are written.
 * Marks on the terms instead of a map of IRIs: the map's lookups took about a tenth of the mapping's time.
 */
export function createSharedStatements(): SharedStatements {
  const run = {};
  return {
    firstTime(node, says) {
      if (node.describedIn === run && node.describedAs === says) return false;
      node.describedIn = run;
      node.describedAs = says;
      return true;
    },
  };
}

/** The graph that holds the descriptions many records share, under the base IRI. */
const SHARED_GRAPH_PATH = 'graph/shared';

export interface MappedRecord {
  readonly workIri: string;
  readonly graphIri: string;
  readonly quads: Quad[];
}

const WORK_CLASS: Record<WorkType, Iri> = {
  article: schema('ScholarlyArticle'),
  book: schema('Book'),
  chapter: schema('Chapter'),
};

/**
 * The work's type: stated by the record, else a Book for an ISBN with editors, else a ScholarlyArticle.
 */
export function workTypeOf(record: BibRecord): WorkType {
  if (record.type !== undefined) return record.type;
  if (record.isbn !== undefined && record.contributors.some((c) => roleOf(c.role) === 'editor')) return 'book';
  return 'article';
}

/** Maps one record; pure when `options.shared` is absent: the same record and options give the same quads. */
export function recordToQuads(record: BibRecord, options: MappingOptions): MappedRecord {
  const { minter } = options;
  // A work is identified by its original title, authors, year and place of publication.
  const label = record.englishTitle ?? record.title;
  const authors = record.authors.length < 2 ? record.authors[0] ?? '' : [...record.authors].sort().join('\u001e');
  const identity = [
    record.title, authors, record.year ?? '', record.journal ?? '', record.series ?? '', record.issueNumber ?? '',
    record.pagination ?? '', record.isbn ?? '',
  ];
  const local = minter.localName(label, identity);
  const workIri = `${minter.baseIri}work/${local}`;
  const graphIri = `${minter.baseIri}graph/${local}`;
  const graph = new Iri(graphIri);
  const sharedGraph = minter.fixed(SHARED_GRAPH_PATH);
  const work = new Iri(workIri);
  // The work's own statements come first and together, so that Turtle groups them under one subject.
  const workQuads: Quad[] = [];
  const recordQuads: Quad[] = [];
  const sharedQuads: Quad[] = [];
  const add = (s: Iri, p: Iri, o: Iri | Text): void => {
    (s === work ? workQuads : recordQuads).push(quad(s, p, o, graph));
  };
  const addShared = (s: Iri, p: Iri, o: Iri | Text): void => {
    sharedQuads.push(quad(s, p, o, sharedGraph));
  };
  // A shared resource is described once per record, and once per run when the run remembers (then the run's memory
  // serves for the record too). The key holds what the description says besides the IRI, so that two spellings
  // behind one IRI are both written.
  const seen = options.shared ?? createSharedStatements();
  const describe = (node: Iri, says: string, body: () => void): Iri => {
    if (seen.firstTime(node, says)) body();
    return node;
  };
  const text = (value: string, language?: string): Text => new Text(value, language);
  const integer = (value: number): Text => new Text(String(value), xsd('integer'));
  const year = (value: string): Text => new Text(value, xsd('gYear'));

  const person = (name: string): Iri => {
    const node = minter.mint('person', name);
    return describe(node, name, () => {
      addShared(node, rdf('type'), schema('Person'));
      addShared(node, schema('name'), text(name));
      const parts = splitPersonName(name);
      if (parts !== undefined) {
        addShared(node, schema('givenName'), text(parts.givenName));
        addShared(node, schema('familyName'), text(parts.familyName));
      }
    });
  };
  const named = (kind: 'organization' | 'periodical' | 'series', type: Iri, name: string): Iri => {
    const node = minter.mint(kind, name);
    return describe(node, name, () => {
      addShared(node, rdf('type'), type);
      addShared(node, schema('name'), text(name));
    });
  };
  const concept = (kind: 'subject' | 'keyword', label: string): Iri => {
    const node = minter.mint(kind, label);
    const scheme = minter.fixed(kind === 'subject' ? 'scheme/subjects' : 'scheme/keywords');
    describe(scheme, '', () => {
      addShared(scheme, rdf('type'), skos('ConceptScheme'));
      addShared(scheme, dcterms('title'), text(kind === 'subject' ? 'Subjects' : 'Keywords', 'en'));
    });
    return describe(node, label, () => {
      addShared(node, rdf('type'), skos('Concept'));
      addShared(node, skos('prefLabel'), text(label));
      addShared(node, skos('inScheme'), scheme);
    });
  };
  // Most of the work's values are stated twice (Dublin Core and schema.org, or schema.org and BIBO): one term
  // serves both statements.
  const state = (first: Iri, second: Iri, value: Iri | Text): void => {
    add(work, first, value);
    add(work, second, value);
  };
  const partOf = (container: Iri): void => state(dcterms('isPartOf'), schema('isPartOf'), container);

  const type = workTypeOf(record);
  add(work, rdf('type'), WORK_CLASS[type]);
  add(work, rdf('type'), dcterms('BibliographicResource'));
  state(dcterms('title'), schema('name'), text(record.title));
  if (record.englishTitle !== undefined) {
    // The page labels the second title line as the English one, so this tag is known, not guessed.
    state(dcterms('alternative'), schema('alternateName'), text(record.englishTitle, 'en'));
  }
  for (const name of record.authors) state(dcterms('creator'), schema('author'), person(name));
  for (const contributor of record.contributors) {
    state(dcterms('contributor'), schema(roleOf(contributor.role)), person(contributor.name));
  }
  if (record.publisher !== undefined) {
    state(dcterms('publisher'), schema('publisher'), named('organization', schema('Organization'), record.publisher));
  }
  for (const label of record.subjects) state(dcterms('subject'), schema('about'), concept('subject', label));
  for (const label of record.keywords) {
    add(work, dcterms('subject'), concept('keyword', label));
    add(work, schema('keywords'), text(label));
  }
  // Untagged on purpose: the record's language says nothing reliable about the abstract's.
  if (record.abstract !== undefined) state(dcterms('abstract'), schema('abstract'), text(record.abstract));
  if (record.year !== undefined) state(dcterms('issued'), schema('datePublished'), year(record.year));
  for (const language of record.languages) {
    add(work, dcterms('language'), iso6392(language.iso6392));
    add(work, schema('inLanguage'), text(language.bcp47));
  }
  if (record.pageCount !== undefined) state(schema('numberOfPages'), bibo('numPages'), integer(record.pageCount));
  if (record.pagination !== undefined) add(work, schema('pagination'), text(record.pagination));
  if (record.pageStart !== undefined) add(work, schema('pageStart'), integer(record.pageStart));
  if (record.pageEnd !== undefined) add(work, schema('pageEnd'), integer(record.pageEnd));

  const periodical = record.journal === undefined ? undefined : named('periodical', schema('Periodical'), record.journal);
  const series = record.series === undefined ? undefined : named('series', schema('CreativeWorkSeries'), record.series);
  if (record.issueNumber !== undefined) {
    const container = record.journal ?? record.series ?? record.publisher ?? '';
    const label = [container, record.issueYear, record.issueNumber].filter(Boolean).join(' ');
    const issue = minter.mint('issue', label, [container, record.issueYear ?? '', record.issueNumber]);
    describe(issue, label, () => {
      addShared(issue, rdf('type'), schema('PublicationIssue'));
      addShared(issue, schema('issueNumber'), text(record.issueNumber!));
      if (record.issueYear !== undefined) addShared(issue, schema('datePublished'), year(record.issueYear));
      const parent = periodical ?? series;
      if (parent !== undefined) addShared(issue, schema('isPartOf'), parent);
    });
    partOf(issue);
    if (series !== undefined && periodical !== undefined) partOf(series);
  } else {
    if (periodical !== undefined) partOf(periodical);
    if (series !== undefined) partOf(series);
  }
  if (record.isbn !== undefined) {
    if (type === 'chapter') {
      // A chapter's ISBN is its book's.
      const book = minter.mint('book', record.isbn, [record.isbn.replace(/[\s-]/g, '')]);
      describe(book, record.isbn, () => {
        addShared(book, rdf('type'), schema('Book'));
        addShared(book, schema('isbn'), text(record.isbn!));
      });
      partOf(book);
    } else {
      add(work, schema('isbn'), text(record.isbn));
    }
  }

  // Where the record's statements came from (PROV-O): the source file and the converter, by version.
  const file = new Iri(`${minter.baseIri}source/${options.source.sha256}`);
  const { name: converterName, version } = options.converter;
  const agent = minter.fixed(`software/${converterName}-${version}`);
  add(graph, rdf('type'), prov('Entity'));
  add(graph, prov('wasDerivedFrom'), file);
  add(graph, prov('wasAttributedTo'), agent);
  add(file, rdf('type'), schema('MediaObject'));
  add(file, schema('name'), new Text(options.source.file));
  add(file, schema('sha256'), new Text(options.source.sha256));
  describe(agent, '', () => {
    addShared(agent, rdf('type'), prov('SoftwareAgent'));
    addShared(agent, rdf('type'), schema('SoftwareApplication'));
    addShared(agent, schema('name'), new Text(converterName));
    addShared(agent, schema('softwareVersion'), new Text(version));
    addShared(sharedGraph, rdf('type'), prov('Entity'));
    addShared(sharedGraph, prov('wasAttributedTo'), agent);
  });
  return { workIri, graphIri, quads: workQuads.concat(recordQuads, sharedQuads) };
}

type RoleProperty = 'editor' | 'translator' | 'contributor';

/** "Editor", "Ed.", "Editor-in-chief" -> schema:editor; "Translator" -> schema:translator; else contributor. */
function roleOf(role: string | undefined): RoleProperty {
  if (role === undefined) return 'contributor';
  if (/^(ed\.?|eds\.?|editor\b.*)$/i.test(role)) return 'editor';
  if (/^(tr\.|trans\.|translat)/i.test(role)) return 'translator';
  return 'contributor';
}
