import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataFactory } from 'n3';
import { createShapeChecker } from '../../src/validate/shacl.js';
import { convertFixture, FIXTURE_NAMES } from '../helpers.js';

const { namedNode, literal, quad } = DataFactory;
const checker = createShapeChecker();

describe('ontology/shapes.ttl', () => {
  for (const name of FIXTURE_NAMES) {
    it(`accepts the converted ${name} fixture`, async () => {
      assert.deepEqual(await checker.check(convertFixture(name).quads), []);
    });
  }

  it('rejects an ill-typed page count and an empty title', async () => {
    const { quads, workIri } = convertFixture('sample');
    const work = namedNode(workIri!);
    const bad = quads.filter((q) => !(q.subject.equals(work) && /numberOfPages|terms\/title/.test(q.predicate.value)));
    bad.push(quad(work, namedNode('http://schema.org/numberOfPages'), literal('On Line', namedNode('http://www.w3.org/2001/XMLSchema#integer'))));
    bad.push(quad(work, namedNode('http://purl.org/dc/terms/title'), literal('')));
    const violations = await checker.check(bad);
    const paths = violations.map((v) => v.path);
    assert.ok(paths.includes('http://schema.org/numberOfPages'), JSON.stringify(violations));
    assert.ok(paths.includes('http://purl.org/dc/terms/title'), JSON.stringify(violations));
  });

  it('reports each graph\'s own violations when one checker checks graph after graph', async () => {
    const { quads, workIri } = convertFixture('sample');
    const work = namedNode(workIri!);
    const untitled = quads.filter((q) => !(q.subject.equals(work) && q.predicate.value === 'http://purl.org/dc/terms/title'));
    const alone = await createShapeChecker().check(untitled);
    assert.ok(alone.some((v) => v.path === 'http://purl.org/dc/terms/title'), JSON.stringify(alone));
    // The same checker, in turn: a faulty graph, a sound one, the faulty one again, and two at once.
    assert.deepEqual(await checker.check(untitled), alone);
    assert.deepEqual(await checker.check(quads), []);
    assert.deepEqual(await checker.check(untitled), alone);
    assert.deepEqual(await Promise.all([checker.check(quads), checker.check(untitled)]), [[], alone]);
  });

  it('rejects a concept without a scheme', async () => {
    const concept = namedNode('http://localhost:3000/keyword/x-1');
    const violations = await checker.check([
      quad(concept, namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type'), namedNode('http://www.w3.org/2004/02/skos/core#Concept')),
      quad(concept, namedNode('http://www.w3.org/2004/02/skos/core#prefLabel'), literal('x')),
    ]);
    assert.deepEqual(violations.map((v) => v.path), ['http://www.w3.org/2004/02/skos/core#inScheme']);
  });
});
