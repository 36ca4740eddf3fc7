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
// UTF-16 is read only after its byte-order mark, which says which of the two it is (and which the decoder drops).
// Little-endian only: Node decodes it without ICU; big-endian bytes are swapped into it first.
const utf16 = new TextDecoder('utf-16le', { fatal: true });
const CARRIAGE_RETURN = 0x0d;

/**
 * Decodes UTF-8 (dropping a byte-order mark), or UTF-16 that starts with its byte-order mark (what Windows tools save
 * as "Unicode text"), unifies line ends and NFC-normalises.
 * Throws RecordError for an empty file, a binary file, or bytes that are not UTF-8 (nor UTF-16 after its mark).
 */
export function decodeRecordText(bytes: Uint8Array, file: string): string {
  const order = bytes[0] === 0xff && bytes[1] === 0xfe ? 'le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'be' : undefined;
  return unified(order === undefined ? decodeUtf8(bytes, file) : decodeUtf16(bytes, order, file), bytes, file);
}

function decodeUtf16(bytes: Uint8Array, order: 'le' | 'be', file: string): string {
  let text: string;
  try {
    // An odd count of bytes cannot be UTF-16; the decoder says so, but swap16 would throw first.
    text = utf16.decode(order === 'be' && bytes.length % 2 === 0 ? Buffer.from(bytes).swap16() : bytes);
  } catch {
    throw new RecordError({
      severity: 'error', file,
      message: `not valid UTF-16 text, though it starts with a UTF-16 ${order === 'le' ? 'little' : 'big'}-endian byte-order mark ` +
        '(is it cut short?); save the record as UTF-8',
    });
  }
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    throw new RecordError({
      severity: 'error', file, line: lineOfText(text, nul),
      message: 'binary file: a NUL character in its UTF-16 text; a record page is text',
    });
  }
  return text;
}

function decodeUtf8(bytes: Uint8Array, file: string): string {
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
  return text;
}

/** The text with its line ends unified, NFC-normalised; RecordError when it holds nothing but white space. */
function unified(text: string, bytes: Uint8Array, file: string): string {
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
