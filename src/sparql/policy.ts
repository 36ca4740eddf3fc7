// Reads every query and update with sparqljs before it runs: its form, clear syntax errors with a position, and
// the endpoint's policy (no SERVICE or LOAD to hosts not allowed, a row limit, writes that replay the same).
import { DataFactory } from 'rdf-data-factory';
import { Generator, type LoadOperation as SparqlLoad, type SparqlQuery } from 'sparqljs';
import { badRequest } from '../http/errors.js';
import { isDataOnlyUpdate } from './dataUpdate.js';
import { mendForEngine } from './engineMends.js';
import { checkNesting, checkTextNesting } from './nestingLimits.js';
import { parseSparql } from './parseSparql.js';
import { positionOf, textToRun, type Rewrite } from './queryText.js';

export type QueryForm = 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE';

export interface QueryPolicy {
  readonly baseIri: string;
  /** Hosts that SERVICE may name (lower case). */
  readonly allowedServiceHosts: readonly string[];
  /** Rows (or, for CONSTRUCT and DESCRIBE, solutions) beyond which an answer is cut. */
  readonly maxRows: number;
}

export interface ReadQuery {
  readonly form: QueryForm;
  /** The text to run: the query as sent, or rewritten with a LIMIT one past the row limit. */
  readonly text: string;
  /** Set when the query could return more than the row limit: the engine cuts and flags the answer. */
  readonly rowLimit?: number;
  /** The query names its own dataset (FROM, FROM NAMED). */
  readonly hasDataset: boolean;
  /** The query calls SERVICE (to allowed hosts): federation.ts fetches their answers before it runs. */
  readonly hasServices: boolean;
  /** How `text` differs from the query as sent, so that the engine's error positions can be told in the latter. */
  readonly rewrite?: Rewrite;
  /** The query's PREFIX declarations (name to namespace), which an answer in Turtle or TriG uses too. */
  readonly prefixes: Readonly<Record<string, string>>;
}

export interface UpdatePolicy {
  readonly baseIri: string;
  readonly allowedServiceHosts: readonly string[];
  readonly usingGraphs: readonly string[];
  readonly usingNamedGraphs: readonly string[];
  /** The moment NOW() stands for, fixed so that replaying the journal gives the same data. */
  readonly now: Date;
}

export interface ReadUpdate {
  /** The text to run and to journal. */
  readonly text: string;
  /** Its LOAD operations (to allowed hosts), when it is made of them (none when it holds no operation); undefined otherwise. */
  readonly loads?: readonly LoadOperation[];
  /** It calls SERVICE (to allowed hosts): federation.ts fetches their answers before it runs. */
  readonly hasServices: boolean;
}

export interface LoadOperation {
  /** The document's URL. */
  readonly source: string;
  /** INTO GRAPH <g>; null: the default graph. */
  readonly graph: string | null;
  /** SPARQL 1.1 Update §3.1.4: with SILENT, a failed LOAD is not an error. */
  readonly silent: boolean;
}

const factory = new DataFactory();
const XSD_DATE_TIME = factory.namedNode('http://www.w3.org/2001/XMLSchema#dateTime');
// An update runs again when the journal is replayed; these would give other values then.
const NOT_REPLAYABLE = new Set(['rand', 'uuid', 'struuid']);

/** Parses a query and applies the policy; throws a 400 HttpError that says what to fix. */
export function readQuery(text: string, policy: QueryPolicy): ReadQuery {
  checkTextNesting(text);
  const parsed = parseSparql(text, policy.baseIri);
  if (isEmpty(parsed)) throw badRequest('the query is empty: it needs a SELECT, ASK, CONSTRUCT or DESCRIBE after any PREFIX and BASE');
  if (parsed.type !== 'query') throw badRequest('this is an update; send it as an update (POST application/sparql-update)');
  // First: the walks below recurse too.
  checkNesting(parsed);
  const hasServices = checkServices(parsed, policy.allowedServiceHosts);
  const form = parsed.queryType;
  const hasDataset = (parsed.from?.default.length ?? 0) + (parsed.from?.named.length ?? 0) > 0;
  const solutions = form === 'SELECT' || form === 'CONSTRUCT' || (form === 'DESCRIBE' && (parsed.where?.length ?? 0) > 0);
  // Every form with solutions takes a solution modifier (the typings give LIMIT to SELECT only).
  const modifiers = parsed as { limit?: number; values?: unknown };
  checkSolutionCounts(parsed, text);
  const mended = mendForEngine(text, parsed, (query) => parseSparql(query, policy.baseIri));
  const run = mended?.text ?? text;
  const rewrite: Rewrite | undefined = mended === undefined ? undefined : { kind: 'regenerated' };
  const capped = solutions && (modifiers.limit === undefined || modifiers.limit > policy.maxRows);
  const tree = (mended?.parsed ?? parsed) as typeof parsed;
  const ran = textToRun(run, tree, { hasDataset, ...(capped ? { limit: policy.maxRows + 1 } : {}) });
  return {
    form, text: ran.text, hasDataset, hasServices, rewrite: rewrite ?? ran.rewrite, ...(capped ? { rowLimit: policy.maxRows } : {}),
    // A plain object (sparqljs gives one without a prototype), the same when it crosses from the reading thread.
    prefixes: { ...parsed.prefixes },
  };
}

/** Text that holds no operation (nothing, comments, PREFIX or BASE): sparqljs reads it into a tree of no type. */
function isEmpty(parsed: SparqlQuery): boolean {
  return (parsed as { type?: string }).type === undefined;
}

// LIMIT and OFFSET take any number in the grammar; the engine (WebAssembly, 32-bit) takes at most 2^32 - 1. A
// larger one, in the query or a subquery, is refused here with its position, not in the engine's words.
const MAX_SOLUTION_COUNT = 2 ** 32 - 1;

function checkSolutionCounts(parsed: SparqlQuery, text: string): void {
  visit(parsed, (item) => {
    for (const keyword of ['limit', 'offset'] as const) {
      const count = item[keyword];
      if (typeof count !== 'number' || count <= MAX_SOLUTION_COUNT) continue;
      // The parsed tree has no positions: the clause is found in the text by its (long, so telling) number.
      const clause = new RegExp(`\\b${keyword}\\s+0*(\\d{10,})`, 'gi');
      const found = [...text.matchAll(clause)].find((match) => Number(match[1]) === count);
      const position = found === undefined ? undefined : positionOf(text, found.index);
      const at = position === undefined ? '' : ` at line ${position.line}, column ${position.column}`;
      throw badRequest(`${keyword.toUpperCase()} ${found?.[1] ?? count}${at} is larger than this endpoint takes ` +
        `(at most ${MAX_SOLUTION_COUNT}); ${keyword === 'limit' ? 'leave out LIMIT for every solution' : 'no answer has that many solutions to skip'}`);
    }
  });
}

/**
 * Parses an update and applies the policy; returns the text to run and to journal, with what the server must
 * fetch for it. An update that mixes LOAD with other operations is refused: the server runs each LOAD itself,
 * as its own durable write.
 */
export function readUpdate(text: string, policy: UpdatePolicy): ReadUpdate {
  checkTextNesting(text);
  // Data and nothing else: nothing for the policy to check past the nesting, and the engine reads it as sent, far
  // faster than sparqljs would (dataUpdate.ts).
  if (isDataOnlyUpdate(text)) return { text, hasServices: false };
  const sent = parseSparql(text, policy.baseIri);
  // An update of no operations (a prologue at most) is valid (SPARQL 1.1 Update, grammar rule [29]) and changes
  // nothing: it is made of no LOAD, so nothing runs and nothing is journaled.
  if (isEmpty(sent)) return { text, hasServices: false, loads: [] };
  if (sent.type !== 'update') throw badRequest('this is a query; send it as a query (application/sparql-query or query=)');
  checkNesting(sent);
  const hasServices = checkServices(sent, policy.allowedServiceHosts);
  const loads = sent.updates.filter((operation): operation is SparqlLoad => 'type' in operation && operation.type === 'load');
  for (const load of loads) checkHost(load.source.value, policy.allowedServiceHosts, 'LOAD');
  if (loads.length > 0) {
    if (loads.length < sent.updates.length) {
      throw badRequest('LOAD must come on its own in an update request (several LOADs may): send the other operations in another request');
    }
    return {
      text,
      hasServices,
      loads: loads.map((load) => ({
        // sparqljs leaves out the destination (the typings say false) when there is no INTO GRAPH.
        source: load.source.value, graph: load.destination ? load.destination.value : null, silent: load.silent,
      })),
    };
  }
  checkReplayable(sent);
  // The engine's wrong answers are mended in an update's WHERE as in a query (engineMends.ts); NOW() and the
  // request's dataset then go into the tree that runs.
  const mended = mendForEngine(text, sent, (update) => parseSparql(update, policy.baseIri));
  const parsed = (mended?.parsed ?? sent) as typeof sent;
  let changed = mended !== undefined;
  changed = fixNow(parsed, policy) || changed;
  if (policy.usingGraphs.length > 0 || policy.usingNamedGraphs.length > 0) {
    for (const operation of parsed.updates) {
      if (!('updateType' in operation) || operation.updateType !== 'insertdelete') continue;
      // SPARQL 1.1 Protocol 2.2.3: the parameters and USING/WITH in the text may not both be given.
      if (operation.using !== undefined || operation.graph !== undefined) {
        throw badRequest('the update names its dataset (USING or WITH) and the request gives using-graph-uri or ' +
          'using-named-graph-uri; give one of them');
      }
      operation.using = {
        default: policy.usingGraphs.map((iri) => factory.namedNode(iri)),
        named: policy.usingNamedGraphs.map((iri) => factory.namedNode(iri)),
      } as never;
      changed = true;
    }
  }
  return { text: changed ? new Generator().stringify(parsed) : text, hasServices };
}

/**
 * Refuses SERVICE unless its endpoint's host is allowed (a public endpoint must not fetch URLs for strangers);
 * returns whether there is any.
 */
function checkServices(node: unknown, allowed: readonly string[]): boolean {
  let found = false;
  visit(node, (item) => {
    if (item.type !== 'service') return;
    found = true;
    const name = item.name as { termType: string; value: string };
    if (name.termType !== 'NamedNode') throw badRequest('SERVICE with a variable is not allowed here: name the endpoint');
    checkHost(name.value, allowed, 'SERVICE');
  });
  return found;
}

function checkHost(iri: string, allowed: readonly string[], keyword: string): void {
  let host: string;
  try {
    host = new URL(iri).hostname.toLowerCase();
  } catch {
    throw badRequest(`${keyword} <${iri}>: not a URL this endpoint could reach`);
  }
  if (!allowed.includes(host)) {
    throw badRequest(`${keyword} <${iri}> is not allowed: this endpoint does not fetch from ${host}` +
      (allowed.length === 0 ? ' (no host is allowed)' : ` (allowed: ${allowed.join(', ')})`));
  }
}

/** Refuses an update that would write other values when the journal replays it. */
function checkReplayable(parsed: SparqlQuery): void {
  visit(parsed, (item) => {
    if (item.type !== 'operation' || typeof item.operator !== 'string') return;
    const operator = item.operator.toLowerCase();
    if (NOT_REPLAYABLE.has(operator)) {
      throw badRequest(`${operator.toUpperCase()}() is not allowed in an update: writes are journaled and replayed, ` +
        'and it would give another value then; compute the value in the client and send it');
    }
  });
}

/** Puts the request's time in place of NOW(), so that a replay writes the same value. */
function fixNow(parsed: SparqlQuery, policy: UpdatePolicy): boolean {
  let changed = false;
  const now = factory.literal(policy.now.toISOString(), XSD_DATE_TIME);
  visit(parsed, (item, parent, key) => {
    if (item.type !== 'operation' || typeof item.operator !== 'string') return;
    if (item.operator.toLowerCase() === 'now' && parent !== undefined) {
      (parent as Record<string | number, unknown>)[key!] = now;
      changed = true;
    }
  });
  return changed;
}

type Visitor = (item: Record<string, unknown>, parent: object | undefined, key: string | number | undefined) => void;

/** Visits every object in a sparqljs tree, depth first, parents before children. */
function visit(node: unknown, visitor: Visitor, parent?: object, key?: string | number): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    node.forEach((item, index) => visit(item, visitor, node, index));
    return;
  }
  const item = node as Record<string, unknown>;
  if (typeof item.termType === 'string') return;
  visitor(item, parent, key);
  for (const [childKey, child] of Object.entries(item)) visit(child, visitor, item, childKey);
}
