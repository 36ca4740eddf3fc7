// The RDF document formats the store reads from clients (Graph Store uploads, LOAD), by media type.

/** Media types of the documents the store reads, as Content-Type may name them. */
export const DOCUMENT_TYPES = [
  'text/turtle', 'application/x-turtle', 'application/n-triples', 'application/rdf+xml', 'application/ld+json',
] as const;

const readable: ReadonlySet<string> = new Set(DOCUMENT_TYPES);

/** The engine's name for a document's media type (application/x-turtle is Turtle); undefined when it cannot read it. */
export function documentFormatOf(mediaType: string): string | undefined {
  if (!readable.has(mediaType)) return undefined;
  return mediaType === 'application/x-turtle' ? 'text/turtle' : mediaType;
}
