// Entity tags for answers read from the dataset: they follow its version, which changes on every write, so that
// clients and caches can revalidate (If-None-Match, answered 304).
import { createHash } from 'node:crypto';

// A media type's part of the tag, hashed once: there are a dozen of them, and a tag is made for every answer.
const formatParts = new Map<string, string>();

/** An entity tag that changes with the data and differs between the formats of one answer. */
export function entityTag(version: string, mediaType: string): string {
  let part = formatParts.get(mediaType);
  if (part === undefined) {
    part = createHash('sha1').update(mediaType).digest('hex').slice(0, 8);
    formatParts.set(mediaType, part);
  }
  return `"${version}-${part}"`;
}
