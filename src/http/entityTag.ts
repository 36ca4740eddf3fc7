// Entity tags for answers read from the dataset: they follow its version, which changes on every write, so that
// clients and caches can revalidate (If-None-Match, answered 304).
import { createHash } from 'node:crypto';

/** An entity tag that changes with the data and differs between the formats of one answer. */
export function entityTag(version: string, mediaType: string): string {
  return `"${version}-${createHash('sha1').update(mediaType).digest('hex').slice(0, 8)}"`;
}
