// Content negotiation from one table: offers in order of preference, Accept with q-values, `format=` overriding.
import Negotiator from 'negotiator';
import { RDF_FORMAT_NAMES } from '../rdf/documentFormats.js';
import { badRequest, notAcceptable } from './errors.js';

export interface Offer {
  /** The media type answered with (Content-Type, without charset). */
  readonly mediaType: string;
  /** Other media types a client may ask for and get this one (`application/json` for SPARQL JSON). */
  readonly alsoFor: readonly string[];
  /** Names accepted by `format=` besides the media types. */
  readonly names: readonly string[];
}

const offer = (mediaType: string, names: readonly string[], alsoFor: readonly string[] = []): Offer =>
  Object.freeze({ mediaType, names, alsoFor });

/** SELECT results; the first is the default. */
export const SELECT_OFFERS: readonly Offer[] = [
  offer('application/sparql-results+json', ['json', 'srj'], ['application/json']),
  offer('application/sparql-results+xml', ['xml', 'srx'], ['application/xml', 'text/xml']),
  offer('text/csv', ['csv']),
  offer('text/tab-separated-values', ['tsv']),
];

/** ASK results: CSV and TSV define no boolean. */
export const ASK_OFFERS: readonly Offer[] = SELECT_OFFERS.slice(0, 2);

/** RDF graphs and datasets (CONSTRUCT, DESCRIBE, the service description, Graph Store GETs); Turtle first. */
export const RDF_OFFERS: readonly Offer[] = ([
  // Turtle is N3 too: older clients ask for it by N3's media types.
  ['text/turtle', ['application/x-turtle', 'text/n3', 'text/rdf+n3']],
  ['application/n-triples', ['text/plain']],
  ['application/n-quads', []],
  ['application/trig', []],
  ['application/ld+json', ['application/json']],
  ['application/rdf+xml', ['application/xml', 'text/xml']],
] as const).map(([mediaType, alsoFor]) => offer(mediaType, RDF_FORMAT_NAMES[mediaType]!, alsoFor));

/** A page for people (the query page); listed last, so that a client that states no preference never gets it. */
export const HTML_OFFER: Offer = offer('text/html', ['html'], ['application/xhtml+xml']);

/** A parameter naming a format (`format=`, `output=`, `results=`) and its value. */
export interface FormatParameter {
  readonly name: string;
  readonly value: string;
}

/**
 * Picks the offer for a request: the format parameters when given (a name or a media type each; all must name the
 * same format), else Accept; 406 when none fits.
 */
export function pickOffer(offers: readonly Offer[], request: { accept?: string; formats?: readonly FormatParameter[] }): Offer {
  const formats = request.formats ?? [];
  if (formats.length > 0) {
    const picked = formats.map((parameter) => {
      const found = offerNamed(offers, parameter.value);
      if (found === undefined) {
        throw notAcceptable(offers.flatMap((o) => [o.names[0]!, o.mediaType]), `${parameter.name}=${parameter.value}`);
      }
      return found;
    });
    const other = picked.findIndex((found) => found !== picked[0]);
    if (other !== -1) {
      const show = (index: number) => `${formats[index]!.name}=${formats[index]!.value}`;
      throw badRequest(`${show(0)} and ${show(other)} ask for different formats; ask for one`);
    }
    return picked[0]!;
  }
  const accept = keepQualityOnly(request.accept?.trim() || '*/*');
  // Our own media types rank before the aliases, so that among equals a wildcard picks one of ours.
  const choices = [...offers.map((o) => o.mediaType), ...offers.flatMap((o) => o.alsoFor)];
  const refused = refusedTypes(accept);
  for (const chosen of new Negotiator({ headers: { accept } }).mediaTypes(choices)) {
    const found = offers.find((o) => o.mediaType === chosen || o.alsoFor.includes(chosen))!;
    // An alias never brings back a type the client refused outright (q=0).
    if (!refused.has(found.mediaType)) return found;
  }
  throw notAcceptable(offers.map((o) => o.mediaType));
}

/**
 * The offer a format parameter names: by name or media type, or the first it names of a comma-separated list of
 * media types (SPARQLWrapper sends its Accept header's types for JSON-LD).
 */
function offerNamed(offers: readonly Offer[], value: string): Offer | undefined {
  for (const item of value.toLowerCase().split(',')) {
    const wanted = item.split(';', 1)[0]!.trim();
    const found = offers.find((o) => o.names.includes(wanted) || o.mediaType === wanted || o.alsoFor.includes(wanted));
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Accept without media type parameters other than q: every format we write is UTF-8, so "text/turtle;
 * charset=utf-8" is Turtle for us (negotiator would match the parameter against the offer and find nothing).
 */
function keepQualityOnly(accept: string): string {
  return accept.split(',').map((item) => {
    const [type, ...parameters] = item.split(';').map((part) => part.trim());
    return [type, ...parameters.filter((parameter) => /^q=/i.test(parameter))].join(';');
  }).join(',');
}

/** Media types the Accept header names with q=0. */
function refusedTypes(accept: string): Set<string> {
  const refused = new Set<string>();
  for (const item of accept.split(',')) {
    const [type, ...parameters] = item.split(';').map((part) => part.trim().toLowerCase());
    if (parameters.some((parameter) => /^q=0(\.0*)?$/.test(parameter))) refused.add(type!);
  }
  return refused;
}

/** The Content-Type header for an offer: every format we write is UTF-8, and says so. */
export function contentTypeOf(mediaType: string): string {
  return `${mediaType}; charset=utf-8`;
}
