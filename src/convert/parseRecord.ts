// Reads one record page (its text) into a BibRecord, collecting problems with file, line and field.
import { cleanMultiline, cleanValue, type CleanValue } from './clean.js';
import { RecordError } from './decode.js';
import { coverImageAt, cutAtLabels, isChrome, isDetailLabel, readDetailLines, readPlainDetailLine, type DetailLabel, type FieldLabel } from './labels.js';
import { lookupLanguage } from './language.js';
import { splitKeywords, splitPeople, splitSubjects, unique } from './lists.js';
import type { BibRecord, Contributor, Language, RecordProblem, UnmappedField, WorkType } from './record.js';

export interface ParseOptions {
  /** The file name used in problems. */
  readonly file: string;
  /** A longer line rejects the record. */
  readonly maxLineLength: number;
}

export interface ParsedRecord {
  /** Undefined when the record was rejected; the problems then hold at least one error. */
  readonly record?: BibRecord;
  readonly problems: readonly RecordProblem[];
}

interface RawField {
  readonly label: FieldLabel;
  readonly line: number;
  text: string;
}

interface RawDetail {
  readonly label: string;
  readonly value: string;
  readonly line: number;
}

interface TitleLine {
  readonly text: string;
  readonly line: number;
  readonly coverImage: boolean;
}

/** Parses record text (already decoded). Never throws for bad input: problems say what is wrong. */
export function parseRecord(text: string, options: ParseOptions): ParsedRecord {
  const problems: RecordProblem[] = [];
  try {
    const record = readRecord(text, options, problems);
    return { record, problems };
  } catch (error) {
    if (!(error instanceof RecordError)) throw error;
    return { problems: [...problems, error.problem] };
  }
}

function readRecord(text: string, options: ParseOptions, problems: RecordProblem[]): BibRecord {
  const { file } = options;
  // Objects of one fixed shape throughout: spreading optional properties made parsing four times slower.
  const warn = (line: number | undefined, field: string | undefined, message: string): void => {
    problems.push({ severity: 'warning', file, line, field, message });
  };
  const lines = text.split('\n');
  const titles: TitleLine[] = [];
  const fields: RawField[] = [];
  const details: RawDetail[] = [];
  const seen = new Set<FieldLabel>();
  let inTitleBlock = true;
  let current: RawField | undefined;

  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    const line = lines[index]!;
    if (line.length > options.maxLineLength) {
      throw new RecordError({
        severity: 'error', file, line: lineNumber,
        message: `line of ${line.length} characters is longer than the limit of ${options.maxLineLength}; is this a record page?`,
      });
    }
    if (line.trim() === '' || isChrome(line)) continue;

    const detailLines = readDetailLines(line);
    // A bulleted "Label: value" line is a detail, unless it is a list item inside the abstract's prose.
    if (detailLines !== undefined &&
      (current?.label !== 'Summary/Abstract' || detailLines.some((d) => isDetailLabel(d.label)))) {
      inTitleBlock = false;
      current = undefined;
      for (const d of detailLines) details.push({ label: d.label, value: d.value, line: lineNumber });
      continue;
    }
    // The same without its bullet, once past the title block (a title may start "Language: ..."): read as a
    // detail, not as more of the field before it, where it would name an author "Page Count: 9".
    const plainDetail = inTitleBlock ? undefined : readPlainDetailLine(line);
    if (plainDetail !== undefined) {
      current = undefined;
      details.push({ label: plainDetail.label, value: plainDetail.value, line: lineNumber });
      continue;
    }

    const segments = cutAtLabels(line, { current: current?.label, seen });
    if (inTitleBlock && segments[0]?.label === undefined) {
      const cover = coverImageAt(line);
      titles.push({ text: cover === undefined ? line : line.slice(0, cover), line: lineNumber, coverImage: cover !== undefined });
      continue;
    }
    inTitleBlock = false;
    for (const segment of segments) {
      if (segment.label !== undefined) {
        current = { label: segment.label, line: lineNumber, text: segment.text };
        fields.push(current);
        seen.add(segment.label);
      } else if (current !== undefined) {
        current.text += current.label === 'Summary/Abstract' ? `\n${segment.text}` : ` ${segment.text}`;
      } else {
        warn(lineNumber, undefined, `text outside any field ignored: "${shorten(segment.text)}"`);
      }
    }
  }

  const { title, englishTitle } = readTitles(titles, file, warn);
  const f = readFields(fields, warn);
  const d = readDetails(details, warn);
  return {
    title, englishTitle, authors: f.authors, contributors: f.contributors, subjects: f.subjects, keywords: f.keywords,
    publisher: f.publisher, abstract: f.abstract, journal: f.journal, series: f.series, issueYear: d.issueYear,
    issueNumber: d.issueNumber, pagination: d.pagination, pageStart: d.pageStart, pageEnd: d.pageEnd,
    // No publication year: the issue's year is the year the work was published in.
    pageCount: d.pageCount, year: d.year ?? d.issueYear, languages: d.languages, isbn: d.isbn, type: d.type,
    unmapped: d.unmapped,
  };
}

type Warn = (line: number | undefined, field: string | undefined, message: string) => void;

/**
 * The title block is an optional "<title> Cover Image" line, then the original-language title line and
 * the English title line. The Cover Image line repeats one of them and is dropped.
 */
function readTitles(lines: TitleLine[], file: string, warn: Warn): Pick<BibRecord, 'title' | 'englishTitle'> {
  const kept = lines.length > 1 && lines[0]!.coverImage ? lines.slice(1) : lines;
  const cleaned = kept.map((line) => ({ line: line.line, value: noted(cleanValue(line.text), line.line, 'title', warn) }));
  const [original, english, ...extra] = cleaned.filter((line) => line.value !== '');
  if (original === undefined) {
    throw new RecordError({ severity: 'error', file, message: 'no title: the record must start with its title line' });
  }
  for (const line of extra) warn(line.line, 'title', `extra title line ignored: "${shorten(line.value)}"`);
  const differs = english !== undefined && english.value !== original.value;
  return { title: original.value, englishTitle: differs ? english.value : undefined };
}

type FieldValues = Pick<BibRecord, 'authors' | 'contributors' | 'subjects' | 'keywords' | 'publisher' | 'abstract' | 'journal' | 'series'>;

function readFields(fields: RawField[], warn: Warn): FieldValues {
  const authors: string[] = [];
  const contributors: Contributor[] = [];
  const subjects: string[] = [];
  const keywords: string[] = [];
  const single = new Map<FieldLabel, string>();
  for (const field of fields) {
    const cleaned = field.label === 'Summary/Abstract' ? cleanMultiline(field.text) : cleanValue(field.text);
    const value = noted(cleaned, field.line, field.label, warn);
    if (value === '') {
      warn(field.line, field.label, 'empty field ignored');
      continue;
    }
    switch (field.label) {
      case 'Author(s)':
        for (const person of splitPeople(value)) {
          if (person.role !== undefined) warn(field.line, field.label, `role "(${person.role})" on an author ignored`);
          authors.push(person.name);
        }
        break;
      case 'Contributor(s)':
        for (const person of splitPeople(value)) contributors.push(person);
        break;
      case 'Subject(s)':
        for (const subject of splitSubjects(value)) subjects.push(subject);
        break;
      case 'Keywords':
        for (const keyword of splitKeywords(value)) keywords.push(keyword);
        break;
      default:
        if (single.has(field.label)) warn(field.line, field.label, 'field given twice; the first value is kept');
        else single.set(field.label, value);
    }
  }
  return {
    authors: unique(authors),
    contributors,
    subjects: unique(subjects),
    keywords: unique(keywords),
    publisher: single.get('Published by'),
    abstract: single.get('Summary/Abstract'),
    journal: single.get('Journal'),
    series: single.get('Series'),
  };
}

interface DetailValues {
  issueYear?: string;
  issueNumber?: string;
  pagination?: string;
  pageStart?: number;
  pageEnd?: number;
  pageCount?: number;
  year?: string;
  languages: Language[];
  isbn?: string;
  type?: WorkType;
  unmapped: UnmappedField[];
}

function readDetails(details: RawDetail[], warn: Warn): DetailValues {
  const values: DetailValues = {
    issueYear: undefined, issueNumber: undefined, pagination: undefined, pageStart: undefined, pageEnd: undefined,
    pageCount: undefined, year: undefined, languages: [], isbn: undefined, type: undefined, unmapped: [],
  };
  const seen = new Set<DetailLabel>();
  for (const detail of details) {
    const value = noted(cleanValue(detail.value), detail.line, detail.label, warn);
    if (!isDetailLabel(detail.label)) {
      warn(detail.line, detail.label, 'unknown detail label: kept as unmapped, not published');
      values.unmapped.push({ label: detail.label, value, line: detail.line });
      continue;
    }
    if (value === '') {
      warn(detail.line, detail.label, 'empty field ignored');
      continue;
    }
    if (seen.has(detail.label)) {
      warn(detail.line, detail.label, 'field given twice; the first value is kept');
      continue;
    }
    seen.add(detail.label);
    const fail = (message: string): void => warn(detail.line, detail.label, message);
    switch (detail.label) {
      case 'Issue Year':
        values.issueYear = readYear(value, fail);
        break;
      case 'Publication Year':
        values.year = readYear(value, fail);
        break;
      case 'Issue No':
        values.issueNumber = value;
        break;
      case 'Page Count':
        values.pageCount = readCount(value, fail);
        break;
      case 'Page Range': {
        const range = readPageRange(value);
        values.pagination = value;
        values.pageStart = range?.start;
        values.pageEnd = range?.end;
        break;
      }
      case 'Language':
        values.languages = readLanguages(value, fail);
        break;
      case 'Print-ISBN-13':
        values.isbn = readIsbn(value, fail);
        break;
      case 'Type':
        values.type = readType(value, fail);
        break;
    }
  }
  return values;
}

function readYear(value: string, fail: (message: string) => void): string | undefined {
  if (/^\d{4}$/.test(value)) return value;
  fail(`"${shorten(value)}" is not a four-digit year; not published`);
  return undefined;
}

function readCount(value: string, fail: (message: string) => void): number | undefined {
  if (/^\d{1,6}$/.test(value) && Number(value) > 0) return Number(value);
  fail(`"${shorten(value)}" is not a page count (a positive whole number); not published`);
  return undefined;
}

/** "7-23" (or a single page "7") gives start and end pages; anything else ("On Line") has none. */
function readPageRange(value: string): { start: number; end: number } | undefined {
  const range = /^(\d{1,6})\s*[-–]\s*(\d{1,6})$/.exec(value);
  if (range && Number(range[1]) <= Number(range[2])) return { start: Number(range[1]), end: Number(range[2]) };
  if (/^\d{1,6}$/.test(value)) return { start: Number(value), end: Number(value) };
  return undefined;
}

function readLanguages(value: string, fail: (message: string) => void): Language[] {
  const languages: Language[] = [];
  for (const name of value.split(/\s*[,;/]\s*/)) {
    if (name === '') continue;
    const language = lookupLanguage(name);
    if (language === undefined) fail(`unknown language "${shorten(name)}"; not published`);
    else if (!languages.some((l) => l.iso6392 === language.iso6392)) languages.push(language);
  }
  return languages;
}

/** Keeps the ISBN as written when its check digit is right (ISO 2108). */
function readIsbn(value: string, fail: (message: string) => void): string | undefined {
  const digits = value.replace(/[\s-]/g, '');
  if (/^97[89]\d{10}$/.test(digits)) {
    const sum = [...digits].reduce((total, digit, i) => total + Number(digit) * (i % 2 === 0 ? 1 : 3), 0);
    if (sum % 10 === 0) return value;
    fail(`ISBN "${value}" has a wrong check digit; not published`);
    return undefined;
  }
  fail(`"${shorten(value)}" is not an ISBN-13; not published`);
  return undefined;
}

function readType(value: string, fail: (message: string) => void): WorkType | undefined {
  const type = value.toLowerCase().replace(/^book /, '');
  if (type === 'article' || type === 'book' || type === 'chapter') return type;
  fail(`unknown type "${shorten(value)}" (expected Article, Book or Chapter); the default type is used`);
  return undefined;
}

/** Returns the cleaned value, reporting what cleaning noticed (mojibake) against the line and field. */
function noted(result: CleanValue, line: number, field: string, warn: Warn): string {
  for (const note of result.notes) warn(line, field, note);
  return result.value;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
