// The SPARQL 1.1 Service Description of the endpoint, with VoID statistics of its default dataset.
import type { Quad, Quad_Object, Quad_Subject } from '@rdfjs/types';
import { DataFactory } from 'rdf-data-factory';
import { dcterms, formats, rdf, sd, voidNs, xsd } from '../vocab.js';

export interface ServiceFacts {
  /** The endpoint's URL, exactly as the client reached it (sd:endpoint). */
  readonly endpoint: string;
  readonly writable: boolean;
  readonly unionDefaultGraph: boolean;
  /** SERVICE may call some endpoints (SERVICE_ALLOWLIST is not empty). */
  readonly federated: boolean;
  readonly statements: number;
  /** Instances per class, when known. */
  readonly classes?: readonly { readonly iri: string; readonly entities: number }[];
  readonly title: string;
}

const factory = new DataFactory();
const RESULT_FORMATS = [
  'SPARQL_Results_JSON', 'SPARQL_Results_XML', 'SPARQL_Results_CSV', 'SPARQL_Results_TSV',
  'Turtle', 'N-Triples', 'N-Quads', 'TriG', 'JSON-LD', 'RDF_XML',
];

export function describeService(facts: ServiceFacts): Quad[] {
  const quads: Quad[] = [];
  const add = (s: Quad_Subject, p: ReturnType<typeof sd>, o: Quad_Object): void => { quads.push(factory.quad(s, p, o)); };
  const integer = (n: number) => factory.literal(String(n), xsd('integer'));
  const service = factory.namedNode(`${facts.endpoint}#service`);
  const dataset = factory.namedNode(`${facts.endpoint}#dataset`);
  const graph = factory.blankNode('defaultGraph');
  add(service, rdf('type'), sd('Service'));
  add(service, sd('endpoint'), factory.namedNode(facts.endpoint));
  add(service, dcterms('title'), factory.literal(facts.title, 'en'));
  add(service, sd('supportedLanguage'), sd('SPARQL11Query'));
  if (facts.writable) add(service, sd('supportedLanguage'), sd('SPARQL11Update'));
  for (const format of RESULT_FORMATS) add(service, sd('resultFormat'), formats(format));
  add(service, sd('feature'), sd('EmptyGraphs'));
  if (facts.unionDefaultGraph) add(service, sd('feature'), sd('UnionDefaultGraph'));
  if (facts.federated) add(service, sd('feature'), sd('BasicFederatedQuery'));
  add(service, sd('defaultEntailmentRegime'), factory.namedNode('http://www.w3.org/ns/entailment/Simple'));
  add(service, sd('defaultDataset'), dataset);
  add(dataset, rdf('type'), sd('Dataset'));
  add(dataset, rdf('type'), voidNs('Dataset'));
  add(dataset, voidNs('sparqlEndpoint'), factory.namedNode(facts.endpoint));
  add(dataset, voidNs('triples'), integer(facts.statements));
  add(dataset, sd('defaultGraph'), graph);
  add(graph, rdf('type'), sd('Graph'));
  if (facts.unionDefaultGraph) {
    add(graph, dcterms('description'), factory.literal('The union of all graphs: every record graph and the shared graph.', 'en'));
  }
  for (const { iri, entities } of facts.classes ?? []) {
    const partition = factory.blankNode(`class${quads.length}`);
    add(dataset, voidNs('classPartition'), partition);
    add(partition, voidNs('class'), factory.namedNode(iri));
    add(partition, voidNs('entities'), integer(entities));
  }
  return quads;
}
