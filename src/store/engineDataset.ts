// The Graph Store's operations on the whole dataset, with documents that name their graphs (TriG, N-Quads): adding
// their statements (POST) or replacing everything with them (PUT). Synchronous, like the engine (engine.ts).
import oxigraph from 'oxigraph';
import { storeFull } from './engineGraphs.js';
import type { DatasetMessage, DatasetReply } from './messages.js';

const N_QUADS = 'application/n-quads';

/** `store`: the engine's store as it is now (taking an image replaces it). */
export function createDatasetOperations(store: () => oxigraph.Store): (message: DatasetMessage) => DatasetReply {
  return (message) => {
    // Every document is read into a store of its own first: a syntax error in any of them changes nothing, a PUT
    // empties the store only once they have all been read, and their statements are counted before they go in.
    // Each load names the document's blank nodes afresh, so two documents (or two uploads) never share one.
    const reading = new oxigraph.Store();
    try {
      message.parts.forEach((part, index) => {
        try {
          reading.load(part.data, { format: part.format, base_iri: message.baseIri, no_transaction: true });
        } catch (error) {
          if (message.parts.length > 1 && error instanceof Error) error.message = `part ${index + 1}: ${error.message}`;
          throw error;
        }
      });
      const statements = reading.size;
      if (message.room !== undefined && statements > message.room) throw storeFull(statements, message.room);
      const counted = reading.query('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }') as Map<string, oxigraph.Term>[];
      const inDefaultGraph = Number(counted[0]!.get('n')!.value);
      const checked = reading.dump({ format: N_QUADS });
      if (message.action === 'put') store().update('DROP ALL');
      store().load(checked, { format: N_QUADS, lenient: true });
      return { inDefaultGraph, inNamedGraphs: statements - inDefaultGraph };
    } finally {
      (reading as unknown as { free(): void }).free();
    }
  };
}
