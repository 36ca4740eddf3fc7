// Finds UTF-8 text that was once decoded as Windows-1252 ("Russiaâ€™s") and undoes it where the bytes prove it.
import iconv from 'iconv-lite';

// Windows-1252, read off iconv-lite's table rather than typed out (Node 20's TextDecoder decodes it
// as Latin-1): every character a single byte 0x80-0xFF decodes to, mapped back to that byte. The five
// bytes Windows-1252 leaves undefined (81, 8D, 8F, 90, 9D) stand for themselves as C1 controls, as
// decoders that produced such mojibake show them.
const byteOfCharacter: ReadonlyMap<string, number> = (() => {
  const map = new Map<string, number>();
  for (let byte = 0x80; byte <= 0xff; byte++) {
    const character = iconv.decode(Buffer.of(byte), 'windows-1252');
    map.set(character === '\uFFFD' ? String.fromCharCode(byte) : character, byte);
  }
  return map;
})();

// A UTF-8 lead byte as Windows-1252 shows it, followed by exactly as many continuation bytes (80-BF) as
// that lead announces. Plain accented text ("für", "Mädchen") never has this shape.
const charactersOf = (low: number, high: number): string =>
  escapeClass([...byteOfCharacter].filter(([, byte]) => byte >= low && byte <= high).map(([ch]) => ch).join(''));
const tail = `[${charactersOf(0x80, 0xbf)}]`;
const suspect = new RegExp(
  `[${charactersOf(0xc2, 0xdf)}]${tail}|[${charactersOf(0xe0, 0xef)}]${tail}{2}|[${charactersOf(0xf0, 0xf4)}]${tail}{3}`,
  'gu',
);
const quickCheck = /[\u00C2-\u00F4]/;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export interface MojibakeResult {
  readonly text: string;
  /** The suspicious sequences found, as written. */
  readonly found: readonly string[];
  /** True when every sequence found decoded as valid UTF-8 and was replaced. */
  readonly repaired: boolean;
}

/** Repairs mojibake only when every suspicious sequence is a complete, valid UTF-8 encoding. */
export function repairMojibake(text: string): MojibakeResult {
  if (!quickCheck.test(text)) return { text, found: [], repaired: false };
  const found: string[] = [];
  let certain = true;
  const repaired = text.replace(suspect, (sequence) => {
    found.push(sequence);
    const bytes = Uint8Array.from(sequence, (ch) => byteOfCharacter.get(ch) ?? 0);
    try {
      return strictUtf8.decode(bytes);
    } catch {
      certain = false;
      return sequence;
    }
  });
  if (found.length === 0) return { text, found, repaired: false };
  return certain ? { text: repaired.normalize('NFC'), found, repaired: true } : { text, found, repaired: false };
}

function escapeClass(characters: string): string {
  return characters.replace(/[\\\]\[^-]/g, '\\$&');
}
