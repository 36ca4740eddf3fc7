// Reads a SPARQL 1.1 Protocol request (method, query string, Content-Type, body) into one operation.
// Pure: plain values in, an operation or an HttpError out, so every rule is testable without a socket.
import { parse as parseContentType } from 'content-type';
import { badRequest, methodNotAllowed, unsupportedMediaType } from '../http/errors.js';
import type { FormatParameter } from '../http/negotiate.js';
import { decodeUtf8 } from '../rdf/utf8.js';

export interface ProtocolInput {
  readonly method: string;
  /** The raw query string, without "?". */
  readonly search: string;
  readonly contentType?: string;
  readonly body?: Uint8Array;
}

export interface QueryOperation {
  readonly kind: 'query';
  readonly text: string;
  /** default-graph-uri values (SPARQL 1.1 Protocol 2.1.4); they replace the query's FROM. */
  readonly defaultGraphs: readonly string[];
  /** named-graph-uri values; they replace the query's FROM NAMED. */
  readonly namedGraphs: readonly string[];
  /** The `timeout` parameter as given (seconds). */
  readonly timeout?: string;
  /** The `format` parameters (also `output` and `results`): override Accept. */
  readonly formats: readonly FormatParameter[];
}

/**
 * The parameters naming the answer's format: `format=`, and `output=` (Fuseki's name) and `results=`, which clients
 * such as SPARQLWrapper send alongside it, with the same value.
 */
const FORMAT_PARAMETERS = ['format', 'output', 'results'];

export interface UpdateOperation {
  readonly kind: 'update';
  readonly text: string;
  /** using-graph-uri and using-named-graph-uri (SPARQL 1.1 Protocol 2.2.3). */
  readonly usingGraphs: readonly string[];
  readonly usingNamedGraphs: readonly string[];
}

/** A GET with neither query nor update: the service description (or the query page). */
export interface DescriptionOperation {
  readonly kind: 'description';
  readonly formats: readonly FormatParameter[];
}

export type SparqlOperation = QueryOperation | UpdateOperation | DescriptionOperation;

// A format parameter may come more than once (SPARQLWrapper sends "format=tsv&format=text/tab-separated-values"):
// negotiate.ts refuses values that name different formats.
const REPEATABLE = new Set(['default-graph-uri', 'named-graph-uri', 'using-graph-uri', 'using-named-graph-uri', ...FORMAT_PARAMETERS]);

export function readSparqlRequest(input: ProtocolInput): SparqlOperation {
  const method = input.method.toUpperCase();
  if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') throw methodNotAllowed(['GET', 'POST']);
  const params = readParams(input.search, 'URL');
  if (method !== 'POST') {
    // 2.2: an update is never sent by GET (it would run on a link prefetch).
    if (params.has('update')) throw badRequest('an update must be sent by POST, not GET; nothing was changed');
    return fromParams(params);
  }
  const type = readContentType(input.contentType);
  const body = input.body ?? new Uint8Array();
  switch (type) {
    case 'application/x-www-form-urlencoded': {
      // 2.1.2 and 2.2.1: the body holds the parameters; the URL may add dataset parameters.
      const form = readParams(bodyText(body, 'form body'), 'form body');
      for (const name of ['query', 'update']) {
        if (params.has(name)) throw badRequest(`"${name}" belongs in the form body of a POST, not in the URL`);
      }
      // The service description answers a GET; a form with nothing to run is a mistake worth saying.
      if (!form.has('query') && !form.has('update')) {
        throw badRequest('the form body has neither a "query" nor an "update" parameter; send one of them');
      }
      for (const [name, value] of form) params.append(name, value);
      return fromParams(params, true);
    }
    case 'application/sparql-query':
      if (params.has('query') || params.has('update')) throw badRequest('a direct POST carries the query in the body only');
      // 2.1.3: the body is the query, unencoded.
      return fromParams(params, false, { kind: 'query', text: bodyText(body, 'query') });
    case 'application/sparql-update':
      if (params.has('query') || params.has('update')) throw badRequest('a direct POST carries the update in the body only');
      return fromParams(params, true, { kind: 'update', text: bodyText(body, 'update') });
    default:
      throw unsupportedMediaType(
        'send a query as application/sparql-query or application/x-www-form-urlencoded, ' +
        'an update as application/sparql-update or application/x-www-form-urlencoded',
      );
  }
}

function fromParams(
  params: URLSearchParams,
  allowUpdate = false,
  direct?: { kind: 'query' | 'update'; text: string },
): SparqlOperation {
  for (const name of new Set(params.keys())) {
    if (!REPEATABLE.has(name) && params.getAll(name).length > 1) {
      throw badRequest(`the parameter "${name}" is given ${params.getAll(name).length} times; give it once`);
    }
  }
  const query = direct?.kind === 'query' ? direct.text : params.get('query');
  const update = direct?.kind === 'update' ? direct.text : params.get('update');
  if (query !== null && update !== null) throw badRequest('a request carries a query or an update, not both');
  const timeout = params.get('timeout') ?? undefined;
  const formats = FORMAT_PARAMETERS.flatMap((name) => params.getAll(name).map((value) => ({ name, value })));
  if (update !== null) {
    if (!allowUpdate) throw badRequest('an update must be sent by POST');
    const defaults = ['default-graph-uri', 'named-graph-uri'].filter((name) => params.has(name));
    if (defaults.length > 0) throw badRequest(`${defaults[0]} is for queries; an update takes using-graph-uri and using-named-graph-uri`);
    return {
      kind: 'update', text: update,
      usingGraphs: readIris(params, 'using-graph-uri'), usingNamedGraphs: readIris(params, 'using-named-graph-uri'),
    };
  }
  if (query === null) {
    if (direct === undefined && params.has('timeout')) throw badRequest('"timeout" needs a query');
    return { kind: 'description', formats };
  }
  const usingParams = ['using-graph-uri', 'using-named-graph-uri'].filter((name) => params.has(name));
  if (usingParams.length > 0) throw badRequest(`${usingParams[0]} is for updates; a query takes default-graph-uri and named-graph-uri`);
  return {
    kind: 'query', text: query,
    defaultGraphs: readIris(params, 'default-graph-uri'), namedGraphs: readIris(params, 'named-graph-uri'),
    ...(timeout === undefined ? {} : { timeout }),
    formats,
  };
}

function readIris(params: URLSearchParams, name: string): string[] {
  return params.getAll(name).map((value) => {
    if (!isAbsoluteIri(value)) throw badRequest(`${name}: "${value}" is not an absolute IRI`);
    return value;
  });
}

/** An absolute IRI that can stand between < and > in SPARQL: a scheme, and none of the characters IRIREF excludes. */
export function isAbsoluteIri(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:[^\u0000-\u0020<>"{}|^`\\]*$/.test(value);
}

function readContentType(header: string | undefined): string {
  if (header === undefined || header === '') {
    throw unsupportedMediaType('a POST needs a Content-Type: application/sparql-query, application/sparql-update ' +
      'or application/x-www-form-urlencoded');
  }
  let parsed;
  try {
    parsed = parseContentType(header);
  } catch (error) {
    throw badRequest(`unreadable Content-Type "${header}"`, error);
  }
  const charset = parsed.parameters.charset;
  if (charset !== undefined && charset.toLowerCase() !== 'utf-8') {
    throw unsupportedMediaType(`charset "${charset}" is not supported; send UTF-8`);
  }
  return parsed.type;
}

// A % that does not start an escape stands for itself in a form-urlencoded string (WHATWG URL, section 5.1).
const LONE_PERCENT = /%(?![0-9A-Fa-f]{2})/g;

/**
 * The parameters of a query string or form body. URLSearchParams turns %-escaped bytes that are not UTF-8 into
 * U+FFFD, so a query or graph name would silently change; those are refused, naming the parameter.
 */
export function readParams(text: string, where: string): URLSearchParams {
  const params = new URLSearchParams(text);
  if (!text.includes('%')) return params;
  for (const pair of (text.startsWith('?') ? text.slice(1) : text).split('&')) {
    try {
      decodeURIComponent(pair.replace(LONE_PERCENT, '%25'));
    } catch {
      const name = pair.split('=', 1)[0]!;
      throw badRequest(`the ${where} parameter "${name.length > 40 ? `${name.slice(0, 37)}...` : name}" is not ` +
        'UTF-8 once its %-escapes are decoded; encode the text as UTF-8 before escaping it');
    }
  }
  return params;
}

function bodyText(body: Uint8Array, what: string): string {
  return decodeUtf8(body, (where) => badRequest(`the ${what} is not valid UTF-8 at ${where}; send UTF-8 text`));
}
