// The example queries in queries/: each file opens with a "# title" line, then comments, then the query.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ExampleQuery {
  /** The file name without .rq. */
  readonly name: string;
  readonly title: string;
  readonly query: string;
}

const EXAMPLES_PATH = new URL('../../../queries/', import.meta.url);

export function readExamples(folder: string | URL = EXAMPLES_PATH): ExampleQuery[] {
  const path = folder instanceof URL ? folder.pathname : folder;
  return readdirSync(path).filter((file) => file.endsWith('.rq')).sort().map((file) => {
    const query = readFileSync(join(path, file), 'utf8');
    const title = /^#\s*(.+)$/m.exec(query)?.[1]?.trim() ?? file;
    return { name: file.replace(/\.rq$/, ''), title, query };
  });
}
