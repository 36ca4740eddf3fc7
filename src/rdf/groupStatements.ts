// Orders a batch of statements so that a Turtle, TriG or JSON-LD writer groups them: n3's Writer joins consecutive
// statements of one subject with ";" and of one subject and predicate with ",", so the work's
// `dcterms:subject <a>, <b>, <c>` is written once instead of once per concept, between the schema:about lines; and
// jsonld-streaming-serializer opens one node for consecutive statements of a subject and one key for a predicate's.
import type { Quad, Term } from '@rdfjs/types';
import { rdf } from '../vocab.js';

const RDF_TYPE = rdf('type').value;

/** A term's key in a map, as groupStatements uses them: strings for IRIs, objects for other terms. */
type TermKey = string | object;

/**
 * Gives each term a key: an IRI its own string, whose hash the string keeps (a key built afresh for every statement
 * was hashed again each time: 25.9 against 4.7 µs a record), and any other term (a blank node, the default graph) an
 * object made once per kind and value, which no IRI's string can equal.
 */
function createTermKeys(): (term: Term) => TermKey {
  const others = new Map<string, object>();
  return (term) => {
    if (term.termType === 'NamedNode') return term.value;
    const name = `${term.termType}:${term.value}`;
    let key = others.get(name);
    if (key === undefined) others.set(name, key = {});
    return key;
  };
}

/**
 * The same statements, each subject's together, and within it each predicate's together: a subject's types first
 * (written "a", as people expect to read them), then subjects, predicates and objects in the order in which they
 * first came. With `keepGraphs`, each graph's statements come together, the graph's own description first: TriG
 * then writes one block a graph, and jsonld-streaming-serializer 4.0.0 writes invalid JSON when a graph's name is
 * the subject of a statement inside that graph after other subjects.
 */
export function groupStatements(quads: readonly Quad[], keepGraphs: boolean): Quad[] {
  // Graph, then subject, then predicate; a graph and a subject that are the same term have the same key.
  const keyOf = createTermKeys();
  const graphs = new Map<TermKey, Map<TermKey, Map<string, Quad[]>>>();
  for (const q of quads) {
    const graph = keepGraphs ? keyOf(q.graph) : '';
    let subjects = graphs.get(graph);
    if (subjects === undefined) graphs.set(graph, subjects = new Map());
    const subject = keyOf(q.subject);
    let byPredicate = subjects.get(subject);
    if (byPredicate === undefined) subjects.set(subject, byPredicate = new Map([[RDF_TYPE, []]]));
    const same = byPredicate.get(q.predicate.value);
    if (same === undefined) byPredicate.set(q.predicate.value, [q]);
    else same.push(q);
  }
  const grouped: Quad[] = [];
  const add = (byPredicate: Map<string, Quad[]>): void => {
    for (const same of byPredicate.values()) grouped.push(...same);
  };
  for (const [graph, subjects] of graphs) {
    const own = keepGraphs ? subjects.get(graph) : undefined;
    if (own !== undefined) add(own);
    for (const byPredicate of subjects.values()) if (byPredicate !== own) add(byPredicate);
  }
  return grouped;
}
