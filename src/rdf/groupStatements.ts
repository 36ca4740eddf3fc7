// Orders a batch of statements so that a Turtle or TriG writer groups them: n3's Writer joins consecutive
// statements of one subject with ";" and of one subject and predicate with ",", so the work's
// `dcterms:subject <a>, <b>, <c>` is written once instead of once per concept, between the schema:about lines.
import type { Quad } from '@rdfjs/types';
import { rdf } from '../vocab.js';

const RDF_TYPE = rdf('type').value;

/**
 * The same statements, each subject's together (per graph when `keepGraphs`), and within it each predicate's
 * together: a subject's types first (written "a", as people expect to read them), then subjects, predicates and
 * objects in the order in which they first came.
 */
export function groupStatements(quads: readonly Quad[], keepGraphs: boolean): Quad[] {
  const bySubject = new Map<string, Map<string, Quad[]>>();
  for (const q of quads) {
    const subject = `${keepGraphs ? `${q.graph.termType}:${q.graph.value} ` : ''}${q.subject.termType}:${q.subject.value}`;
    let byPredicate = bySubject.get(subject);
    if (byPredicate === undefined) bySubject.set(subject, byPredicate = new Map([[RDF_TYPE, []]]));
    const same = byPredicate.get(q.predicate.value);
    if (same === undefined) byPredicate.set(q.predicate.value, [q]);
    else same.push(q);
  }
  const grouped: Quad[] = [];
  for (const byPredicate of bySubject.values()) for (const same of byPredicate.values()) grouped.push(...same);
  return grouped;
}
