// Checks quads against the project's SHACL shapes (ontology/shapes.ttl) with rdf-validate-shacl.
import { readFileSync } from 'node:fs';
import type { Quad } from '@rdfjs/types';
import { Parser, Store } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';

export interface ShapeViolation {
  readonly focusNode: string;
  readonly path?: string;
  readonly message: string;
  readonly severity: string;
}

export interface ShapeChecker {
  check(quads: Iterable<Quad>): Promise<ShapeViolation[]>;
}

/** The shapes file shipped with the package (dist/src/validate -> ontology/shapes.ttl). */
export const SHAPES_PATH = new URL('../../../ontology/shapes.ttl', import.meta.url);

/**
 * Reads the shapes once; the returned checker validates any number of graphs with one validator. Making the
 * validator compiles the shapes: 43 ms, against 4.5 ms to check a converted record with it (measured on the
 * benchmark records), so a validator per record made `validate` eleven times slower (BENCHMARKS.md). Each check starts a new report
 * (a test holds successive checks to their own violations).
 */
export function createShapeChecker(shapesPath: URL | string = SHAPES_PATH): ShapeChecker {
  const validator = new SHACLValidator(new Store(new Parser().parse(readFileSync(shapesPath, 'utf8'))));
  return {
    async check(quads) {
      const data = new Store();
      // Shapes apply to the merged graph: each record's named graph is checked as triples.
      for (const q of quads) data.addQuad(q.subject, q.predicate, q.object);
      const report = await validator.validate(data);
      return report.results.map((result) => ({
        focusNode: result.focusNode?.value ?? '',
        ...(result.path ? { path: result.path.value } : {}),
        message: result.message.map((m) => m.value).join('; ') || `violates ${result.sourceConstraintComponent?.value ?? 'a shape'}`,
        severity: result.severity?.value.replace('http://www.w3.org/ns/shacl#', '') ?? 'Violation',
      }));
    },
  };
}
