// Request bodies as UTF-8 text, and where bytes that are not UTF-8 sit, so that an error can point at them.
import { isUtf8 } from 'node:buffer';

/** The first byte that is not UTF-8: its offset (from 0), and its line and column in the text before it (from 1). */
export interface Utf8Fault {
  readonly byte: number;
  readonly line: number;
  readonly column: number;
}

// The platform's decoders. The strict one refuses what is not UTF-8 and drops a byte order mark, as a reader of the
// text wants. The lenient one writes U+FFFD for what is not UTF-8 and keeps the mark, so that positions in its text
// match the bytes.
const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8', { ignoreBOM: true });
/** U+FFFD in UTF-8: written as such, it is text like any other. */
const REPLACEMENT_BYTES = [0xef, 0xbf, 0xbd] as const;

/** Undefined when `bytes` are UTF-8; else where the first byte that is not sits. */
export function findUtf8Fault(bytes: Uint8Array): Utf8Fault | undefined {
  if (isUtf8(bytes)) return undefined;
  const text = lenient.decode(bytes);
  // Every character before the first fault is UTF-8, so its bytes are its own encoding.
  let byte = 0;
  let counted = 0;
  for (let at = text.indexOf('\uFFFD'); at !== -1; at = text.indexOf('\uFFFD', at + 1)) {
    byte += Buffer.byteLength(text.slice(counted, at));
    counted = at + 1;
    if (REPLACEMENT_BYTES.every((value, i) => bytes[byte + i] === value)) {
      byte += REPLACEMENT_BYTES.length;
      continue;
    }
    const before = text.slice(0, at).split('\n');
    return { byte, line: before.length, column: before.at(-1)!.length + 1 };
  }
  return { byte: bytes.length, line: 1, column: 1 };
}

/** The bytes as text; throws what `refuse` makes of the first fault when they are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array, refuse: (where: string) => Error): string {
  try {
    return strict.decode(bytes);
  } catch {
    const fault = findUtf8Fault(bytes)!;
    throw refuse(describeUtf8Fault(fault));
  }
}

/** Throws what `refuse` makes of the first fault when the bytes are not UTF-8. */
export function checkUtf8(bytes: Uint8Array, refuse: (where: string) => Error): void {
  const fault = findUtf8Fault(bytes);
  if (fault !== undefined) throw refuse(describeUtf8Fault(fault));
}

function describeUtf8Fault(fault: Utf8Fault): string {
  return `byte ${fault.byte} (line ${fault.line}, column ${fault.column})`;
}
