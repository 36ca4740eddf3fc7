// Refuses patterns the engine cannot evaluate without its stack running out.
//
// The engine (oxigraph 0.5.11, WebAssembly) evaluates a query recursively. Measured on a bare engine, a WHERE
// nested 512 levels deep in STR() calls or FILTER EXISTS, or holding one list of 2,000 to 4,000 items (a property
// path's alternatives, a UNION chain, triple patterns, IN), broke it off ("memory access out of bounds", or
// "Maximum call stack size exceeded"); after such a trap its memory is no longer sound and every later call may
// fail. The store then drops that engine and builds the replica again (engineThread.ts), which takes seconds at
// 100,000 records. These limits turn the common shapes away first, with a 400, at sizes no real query reaches:
// every shape measured held up at 128 levels, and lists of 1,000 path alternatives, UNION branches or IN items
// (1,000 triple patterns or path steps were not measured to the end: they ran past a minute). VALUES rows are
// data, not patterns: any number.
import type { SparqlQuery } from 'sparqljs';
import { badRequest } from '../http/errors.js';
import { endOfString } from './sparqlStrings.js';

/** How deep objects may nest in a WHERE (sparqljs's tree: a group, an OPTIONAL, a call, an operator each count one). */
export const MAX_PATTERN_DEPTH = 128;
/** How many items one list in a WHERE may hold (triple patterns, UNION branches, path steps, arguments). */
export const MAX_PATTERN_ITEMS = 1_000;

// sparqljs takes time that grows with the square of the nesting, and runs out of stack past a few thousand levels:
// measured, 500 nested groups took 98 ms to read, 1,000 took 244 ms, 3,000 took 5.6 s (or ran its stack out), and
// 10,000 more than a minute. So the text's brackets are counted before it is read (every text parseSparql reads
// came through here first), and a text nested far past the limit is refused unread; 383 levels of groups,
// parentheses, calls or collections parse. Brackets in strings and comments are skipped;
// those in IRIs are not (an IRI may hold parentheses), hence the margin.
const TEXT_DEPTH_MARGIN = 3;

/** Throws a 400, before the text is parsed, when its brackets nest far deeper than any pattern may. */
export function checkTextNesting(text: string): void {
  const limit = MAX_PATTERN_DEPTH * TEXT_DEPTH_MARGIN;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const character = text[i];
    if (character === '{' || character === '(' || character === '[') {
      if (++depth > limit) throw tooDeep();
    } else if (character === '}' || character === ')' || character === ']') {
      depth = Math.max(0, depth - 1);
    } else if (character === '#') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
    } else if (character === '"' || character === "'") {
      // A string that does not close is read on as text: its brackets count, which errs on the deep side.
      i = (endOfString(text, i) ?? i + 1) - 1;
    }
  }
}

const tooDeep = () => badRequest(`the query nests more than ${MAX_PATTERN_DEPTH} levels deep (groups, OPTIONAL, ` +
  'EXISTS, function calls, operators); this endpoint takes no more, as its engine would run out of stack: flatten it');

/** Throws a 400 when a query's or an update's patterns nest too deep or hold too long a list. */
export function checkNesting(parsed: SparqlQuery): void {
  // What the engine evaluates: WHERE and the solution modifiers, not a CONSTRUCT template nor an update's data.
  const evaluated = parsed.type === 'query'
    ? (['where', 'having', 'group', 'order', 'variables'] as const).map((key) => (parsed as unknown as Record<string, unknown>)[key])
    : parsed.updates.map((operation) => ('where' in operation ? operation.where : undefined));
  for (const part of evaluated) measure(part, 0);
}

function measure(node: unknown, depth: number): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    if (node.length > MAX_PATTERN_ITEMS) {
      throw badRequest(`a list in the query holds ${node.length} items (triple patterns, UNION branches, path steps ` +
        `or arguments); this endpoint takes at most ${MAX_PATTERN_ITEMS} in one list, as its engine would run out ` +
        'of stack: split the query, or send the values as VALUES');
    }
    for (const item of node) measure(item, depth);
    return;
  }
  const item = node as Record<string, unknown>;
  if (typeof item.termType === 'string') return;
  if (depth + 1 > MAX_PATTERN_DEPTH) throw tooDeep();
  for (const [key, child] of Object.entries(item)) {
    // VALUES rows (a query's own, or a pattern's) are data; the prefixes are a map of names.
    if (key === 'values' || key === 'prefixes') continue;
    measure(child, depth + 1);
  }
}
