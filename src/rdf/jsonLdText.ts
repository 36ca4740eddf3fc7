// JSON-LD as text, written synchronously by jsonld-streaming-serializer: the converter's documents (every record
// in one stream) and answers for people (a query's graph, a Graph Store GET, a service description) compacted with
// the prefixes they use, as Turtle answers are.
//
// The library parses its context asynchronously before it writes the first statement; a context of prefixes needs
// no parsing (jsonld-context-parser gives back the same object), so it is made here at once, and the engine's thread,
// which answers synchronously, can write JSON-LD too.
import type { Quad } from '@rdfjs/types';
import { JsonLdContextNormalized } from 'jsonld-context-parser';
import { JsonLdSerializer } from 'jsonld-streaming-serializer';
import { rdf } from '../vocab.js';
import { groupStatements } from './groupStatements.js';
import { prefixesUsed, type Prefixes } from './prefixes.js';

/**
 * A context of prefixes that never changes what an IRI expands back to. An IRI whose rest would start with "//"
 * is written whole: "ex://a" would read as an IRI of the scheme "ex" (JSON-LD 1.1 API, IRI Compaction).
 */
class PrefixContext extends JsonLdContextNormalized {
  // Compacted IRIs, as vocabulary (predicates, types) and as identifiers: the library tries every prefix on every
  // call, and a document names the same predicates and resources again and again. Forgotten when full.
  readonly #compacted = { vocab: new Map<string, string>(), id: new Map<string, string>() };

  override compactIri(iri: string, vocab?: boolean): string {
    const memo = vocab === true ? this.#compacted.vocab : this.#compacted.id;
    let compacted = memo.get(iri);
    if (compacted === undefined) {
      compacted = this.#compact(iri, vocab);
      if (memo.size >= REMEMBERED_IRIS) memo.clear();
      memo.set(iri, compacted);
    }
    return compacted;
  }

  #compact(iri: string, vocab: boolean | undefined): string {
    const compacted = super.compactIri(iri, vocab);
    if (compacted === iri) return iri;
    const colon = compacted.indexOf(':');
    return colon !== -1 && compacted.startsWith('//', colon + 1) ? iri : compacted;
  }
}

const REMEMBERED_IRIS = 10_000;

/** Writes statements as JSON-LD text on one line, in the order given, compacting IRIs with `prefixes`. */
export class JsonLdText extends JsonLdSerializer {
  readonly #context: JsonLdContextNormalized;
  #text = '';

  constructor(prefixes: Prefixes) {
    super({ context: { ...prefixes } });
    this.#context = new PrefixContext({ ...prefixes });
    // The library's own parse of the context goes on unused: its outcome is not waited for.
    (this as unknown as { context: Promise<unknown> }).context.catch(() => undefined);
  }

  override push(chunk: unknown): boolean {
    if (typeof chunk === 'string') this.#text += chunk;
    return true;
  }

  // Without `space`, the library's version splits every piece into lines and joins them again, each with an empty
  // indent, and adds no newline: the same piece. It was the converter's largest JSON-LD cost in a profile (12% of a
  // run).
  protected override pushIndented(data: string): void {
    this.#text += data;
  }

  /** Writes the statements in order; returns the text written since the last call. */
  writeQuads(quads: readonly Quad[]): string {
    for (const q of quads) this.transformQuad(q, this.#context);
    return this.#take();
  }

  /** The closing text of the document. */
  finish(): string {
    this._flush(() => undefined);
    return this.#take();
  }

  #take(): string {
    const text = this.#text;
    this.#text = '';
    return text;
  }
}

const RDF_TYPE = rdf('type').value;

/**
 * Statements as a JSON-LD document for people: a context of those of `prefixes` that the statements use (but the empty
 * name, which no JSON-LD term may have), each graph's statements together (those about the graph itself first), each
 * subject's together, indented. Undefined for what the library would write wrongly, for the caller to write
 * otherwise: a type that is a literal (the library puts it into "@type" as a value object).
 */
export function writeJsonLd(quads: readonly Quad[], prefixes: Prefixes): string | undefined {
  if (quads.some((q) => q.predicate.value === RDF_TYPE && q.object.termType === 'Literal')) return undefined;
  const context: Record<string, string> = {};
  // A namespace prefixesUsed finds ends in "/" or "#", which JSON-LD 1.1 takes for a prefix (a gen-delim).
  for (const [name, namespace] of Object.entries(prefixesUsed(quads, prefixes, 'jsonld'))) {
    if (name !== '') context[name] = namespace;
  }
  const writer = new JsonLdText(context);
  const text = writer.writeQuads(groupStatements(quads, true)) + writer.finish();
  // Indented by JSON.stringify: the library's own indenting puts a comma on a line of its own between the items of
  // a list.
  return `${JSON.stringify(JSON.parse(text), null, 2)}\n`;
}
