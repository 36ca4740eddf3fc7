// The Record: what one record page says, as plain values, plus the problems found while reading it.

export type WorkType = 'article' | 'book' | 'chapter';

export interface Contributor {
  readonly name: string;
  /** The role as written in parentheses ("Editor"), if any. */
  readonly role?: string;
}

export interface Language {
  /** The name as the record wrote it ("English"). */
  readonly name: string;
  /** ISO 639-2 bibliographic code ("eng", "ger", "cze"). */
  readonly iso6392: string;
  /** BCP 47 tag ("en", "de", "cs"). */
  readonly bcp47: string;
}

export interface UnmappedField {
  readonly label: string;
  readonly value: string;
  readonly line: number;
}

export interface BibRecord {
  /** The title in the original language (the first of the two title lines). */
  readonly title: string;
  /** The English title line, only when it differs from `title`. */
  readonly englishTitle?: string;
  readonly authors: readonly string[];
  readonly contributors: readonly Contributor[];
  readonly subjects: readonly string[];
  readonly keywords: readonly string[];
  readonly publisher?: string;
  readonly abstract?: string;
  readonly journal?: string;
  readonly series?: string;
  readonly issueYear?: string;
  readonly issueNumber?: string;
  /** The page range as written ("7-23", "On Line"). */
  readonly pagination?: string;
  readonly pageStart?: number;
  readonly pageEnd?: number;
  readonly pageCount?: number;
  /** A four-digit year. */
  readonly year?: string;
  /** Languages the record names that are known to ISO 639-2. */
  readonly languages: readonly Language[];
  readonly isbn?: string;
  /** Set only when the record states its type. */
  readonly type?: WorkType;
  readonly unmapped: readonly UnmappedField[];
}

export type Severity = 'error' | 'warning';

/** One thing wrong with a record: where (file, line, field) and what. */
export interface RecordProblem {
  readonly severity: Severity;
  readonly file: string;
  /** 1-based line number, when the problem has one. */
  readonly line?: number;
  readonly field?: string;
  readonly message: string;
}

/** Renders a problem as `file:line: severity: [field] message`, the form editors and CI logs link. */
export function formatProblem(problem: RecordProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  const field = problem.field === undefined ? '' : `field "${problem.field}": `;
  return `${where}: ${problem.severity}: ${field}${problem.message}`;
}
