// Looks up a language by its English name: ISO 639-2 bibliographic code and BCP 47 tag.
import { iso6392 } from 'iso-639-2';
import type { Language } from './record.js';

type Codes = Omit<Language, 'name'>;

// Built once from the ISO 639-2 list. Names such as "Spanish; Castilian" give one key each;
// an inverted name "Greek, Modern (1453-)" also gives "modern greek", and its head word "greek"
// when the language is a living one (it has a 639-1 code) and no other language claims it.
const codesByName: ReadonlyMap<string, Codes> = (() => {
  const exact = new Map<string, Codes>();
  const heads = new Map<string, Codes>();
  for (const entry of iso6392) {
    // BCP 47 uses the shortest ISO 639 code: 639-1 where there is one, else 639-2/T (= B when no T).
    const codes: Codes = { iso6392: entry.iso6392B, bcp47: entry.iso6391 ?? entry.iso6392T ?? entry.iso6392B };
    for (const name of entry.name.split(';')) {
      const plain = name.replace(/\(.*?\)/g, '').trim().toLowerCase();
      exact.set(plain, codes);
      const inverted = /^([^,]+), ([^,]+)$/.exec(plain);
      if (inverted) {
        exact.set(`${inverted[2]} ${inverted[1]}`, codes);
        if (entry.iso6391 !== undefined && !heads.has(inverted[1]!)) heads.set(inverted[1]!, codes);
      }
    }
  }
  for (const [head, codes] of heads) if (!exact.has(head)) exact.set(head, codes);
  return exact;
})();

/** Returns the language for an English name such as "English" or "Czech", or undefined if unknown. */
export function lookupLanguage(name: string): Language | undefined {
  const codes = codesByName.get(name.trim().toLowerCase());
  return codes === undefined ? undefined : { name: name.trim(), ...codes };
}
