// Turns a record file's bytes into clean text lines, or says why the file is not a record page.
import type { RecordProblem } from './record.js';

/** A problem that stops one record from being converted. */
export class RecordError extends Error {
  override name = 'RecordError';
  constructor(readonly problem: RecordProblem) {
    super(problem.message);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Lenient = new TextDecoder('utf-8');
const CARRIAGE_RETURN = 0x0d;

/**
 * Decodes UTF-8 (dropping a byte-order mark), unifies line ends and NFC-normalises.
 * Throws RecordError for an empty file, a binary file or bytes that are not UTF-8.
 */
export function decodeRecordText(bytes: Uint8Array, file: string): string {
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    throw new RecordError({
      severity: 'error', file, line: lineOfByte(bytes, nul),
      message: `binary file: NUL byte at offset ${nul}; a record page is UTF-8 text`,
    });
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    const lenient = utf8Lenient.decode(bytes);
    const at = lenient.indexOf('\uFFFD');
    throw new RecordError({
      severity: 'error', file, line: lineOfText(lenient, at),
      message: 'not valid UTF-8 text (is it Windows-1252 or binary?); save the record as UTF-8',
    });
  }
  if (text.trim() === '') {
    throw new RecordError({ severity: 'error', file, message: 'empty file: no record text' });
  }
  // Most files hold no carriage return: a search of the bytes for one is cheaper than running the pattern along the text.
  return (bytes.indexOf(CARRIAGE_RETURN) === -1 ? text : text.replace(/\r\n?/g, '\n')).normalize('NFC');
}

function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function lineOfText(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
