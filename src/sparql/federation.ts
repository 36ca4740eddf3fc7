// SERVICE to an allowed endpoint: the embedded engine has no HTTP client, so the server asks the remote endpoint
// itself and puts its answer into the query as inline data (VALUES) before the engine runs it.
//
// SPARQL 1.1 Federated Query §3 (https://www.w3.org/TR/sparql11-federated-query/) evaluates SERVICE's pattern
// at the remote endpoint, on its own, and joins the solutions like any group: the same as a group holding the
// remote solutions as VALUES. With SILENT, a failure gives one solution that binds nothing (§4).
import { randomUUID } from 'node:crypto';
import type { Term } from '@rdfjs/types';
import { DataFactory } from 'rdf-data-factory';
import { Generator, Wildcard, type Pattern, type SparqlQuery, type ValuePatternRow } from 'sparqljs';
import { HttpError } from '../http/errors.js';
import { parseSparql } from './parseSparql.js';
import { fetchRemote } from './remoteFetch.js';
import { termOf, type JsonResults, type JsonTerm } from './selectResults.js';

export interface FederationOptions {
  readonly baseIri: string;
  /** Stop waiting for the remote endpoints after this long. */
  readonly timeoutMs: number;
  /** A remote answer with more rows than this is refused, as is one larger than maxBytes. */
  readonly maxRows: number;
  readonly maxBytes: number;
  /** Aborts the remote requests (the client went away). */
  readonly signal?: AbortSignal;
  /** Where remote blank nodes are skolemised (RDF 1.1 Concepts §3.5): VALUES cannot hold blank nodes. */
  readonly genidBase: string;
}

interface ServiceNode {
  type: 'service';
  name: { termType: string; value: string };
  silent: boolean;
  patterns: Pattern[];
}

const factory = new DataFactory();

/**
 * Returns the query or update text with every SERVICE replaced by its remote answer. Hosts must have been
 * checked against the allowlist already (policy.ts). Throws a 502 HttpError when an endpoint fails without SILENT.
 */
export async function inlineServices(text: string, options: FederationOptions): Promise<string> {
  // Parsed again rather than taken from readQuery: the reader keeps what it read, not the tree (sparqlReader.ts),
  // and this one is changed in place. Here, on the server's thread: a long text holds it as long as sparqljs reads
  // (see sparqlReader.ts), which only endpoints that allow SERVICE hosts expose.
  const parsed = parseSparql(text, options.baseIri);
  const services: { node: ServiceNode; replace: (pattern: Pattern) => void }[] = [];
  visitServices(parsed, (node, replace) => services.push({ node, replace }));
  if (services.length === 0) return text;
  const signal = options.signal === undefined
    ? AbortSignal.timeout(options.timeoutMs)
    : AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]);
  const prefixes = (parsed as { prefixes?: Record<string, string> }).prefixes ?? {};
  await Promise.all(services.map(async ({ node, replace }) => {
    const endpoint = node.name.value;
    try {
      const answer = await askEndpoint(endpoint, remoteQuery(node, prefixes), options, signal);
      replace(valuesOf(answer, options.genidBase));
    } catch (error) {
      if (!node.silent) {
        throw new HttpError(502, `SERVICE <${endpoint}> failed: ${(error as Error).message}` +
          ' (add SILENT to go on without it)', {}, { cause: error });
      }
      // §4: a failed SERVICE SILENT gives one solution that binds nothing.
      replace({ type: 'group', patterns: [] });
    }
  }));
  return new Generator().stringify(parsed);
}

/** The remote query: every variable of the SERVICE pattern, with the query's prefixes. */
function remoteQuery(node: ServiceNode, prefixes: Record<string, string>): string {
  return new Generator().stringify({
    type: 'query', queryType: 'SELECT', variables: [new Wildcard()], where: node.patterns, prefixes,
  } as SparqlQuery);
}

async function askEndpoint(endpoint: string, query: string, options: FederationOptions, signal: AbortSignal): Promise<JsonResults> {
  const answer = await fetchRemote(endpoint, {
    method: 'POST', query, accept: 'application/sparql-results+json', signal, maxBytes: options.maxBytes,
  });
  if (answer.mediaType !== 'application/sparql-results+json') {
    throw new Error(`the endpoint answered ${answer.mediaType || 'no content type'}, not application/sparql-results+json`);
  }
  let json: JsonResults;
  try {
    json = JSON.parse(Buffer.from(answer.bytes).toString('utf8')) as JsonResults;
  } catch {
    throw new Error('the endpoint answered JSON that does not parse');
  }
  if (!Array.isArray(json.results?.bindings)) throw new Error('the endpoint\'s answer has no results.bindings');
  if (json.results.bindings.length > options.maxRows) {
    throw new Error(`the endpoint answered more than ${options.maxRows} rows (MAX_RESULT_ROWS); narrow the pattern`);
  }
  return json;
}

/**
 * The remote solutions as a group holding VALUES (with no variables, `VALUES () { () ... }`: as many empty
 * solutions as rows). Remote blank nodes become skolem IRIs, one per label.
 */
function valuesOf(answer: JsonResults, genidBase: string): Pattern {
  // A remote answer may leave out head.vars.
  const vars = answer.head.vars ?? [...new Set(answer.results.bindings.flatMap((row) => Object.keys(row)))];
  const skolem = new Map<string, Term>();
  const valueOf = (term: JsonTerm): Term => {
    if (term.type !== 'bnode' || typeof term.value !== 'string') return termOf(term);
    let iri = skolem.get(term.value);
    if (iri === undefined) skolem.set(term.value, iri = factory.namedNode(`${genidBase}${randomUUID()}`));
    return iri;
  };
  const rows = answer.results.bindings.map((binding) =>
    Object.fromEntries(vars.map((name) => [`?${name}`, binding[name] === undefined ? undefined : valueOf(binding[name]!)])) as ValuePatternRow);
  return { type: 'group', patterns: [{ type: 'values', values: rows }] };
}

type Replace = (pattern: Pattern) => void;

/** Calls back for every SERVICE in a sparqljs tree, outermost first, with a way to replace it in its parent. */
function visitServices(node: unknown, found: (node: ServiceNode, replace: Replace) => void): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    node.forEach((item: unknown, index) => {
      if (isService(item)) found(item, (pattern) => { node[index] = pattern; });
      else visitServices(item, found);
    });
    return;
  }
  const item = node as Record<string, unknown>;
  if (typeof item.termType === 'string') return;
  for (const child of Object.values(item)) visitServices(child, found);
}

function isService(item: unknown): item is ServiceNode {
  return item !== null && typeof item === 'object' && (item as { type?: unknown }).type === 'service';
}
