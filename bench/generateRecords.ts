// Writes N synthetic record pages in the collected text format, with its variants, from a seed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** mulberry32: a small, fast, seeded PRNG, so the same seed always writes the same records. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GIVEN = ['Witold', 'Marcin', 'Anna', 'Jan', 'Dimitar', 'Vanya', 'Zoltán', 'Ivan', 'Olena', 'Katarzyna', 'Petr', 'Jana',
  'Mihai', 'Ludwig', 'Agnieszka', 'Tomáš', 'Ewa', 'Sergei', 'Marta', 'Goran'];
const FAMILY = ['Rodkiewicz', 'Kaczmarski', 'Kowalska', 'van der Berg', 'Krastev', 'Georgieva', 'Nagy', 'Petrov', 'Shevchenko',
  'Nowak', 'Novák', 'Popescu', 'von Mises', 'Wiśniewska', 'Dvořák', 'Horváth', 'Ivanova', 'Jovanović', 'Kovač', 'Zieliński'];
const SUBJECTS = ['International relations/trade', 'Security and defense', 'Geopolitics', 'Political history',
  'Polish history (1920 - 1939)', 'Culture / Society', 'Essay|Book Review |Scientific Life', 'Economic policy',
  'Public Administration', 'Energy and Environmental Studies', 'Military policy', 'Sociology of Culture'];
const WORDS = ['Russia', 'Iran', 'NATO', 'Ukraine', 'energy', 'security', 'sanctions', 'memory politics', 'Black Sea', 'Baltic',
  'migration', 'elections', 'Caucasus', 'JCPOA', 'gas', 'Belarus', 'Poland', 'China', 'EU', 'reform', 'Crimea', 'Arctic',
  'trade', 'diplomacy', 'propaganda', 'oligarchs', 'Central Asia', 'Syria', 'nuclear', 'cyber'];
const PUBLISHERS = ['Ośrodek Studiów Wschodnich im. Marka Karpia', 'Institute of Political Studies',
  'Университетско издателство „Св. Климент Охридски“', 'Verlag für Stadtgeschichte', 'Centre for Eastern Studies'];
const JOURNALS = ['Political Essays Quarterly', 'Studia Balcanica', 'Eastern Review', 'Baltic Journal of Policy'];
const LANGUAGES = ['English', 'English', 'English', 'Polish', 'German', 'Czech', 'Bulgarian', 'Hungarian', 'Russian', ''];

/** The text of record number `index`; the variants follow the record pages seen in real collections. */
export function generateRecord(index: number, random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const some = <T>(items: readonly T[], max: number): T[] => Array.from({ length: 1 + Math.floor(random() * max) }, () => pick(items));
  // 20 x 20 x 21 names: people recur across records, as they do in a real collection.
  const person = (): string => `${pick(GIVEN)} ${pick(FAMILY)}${random() < 0.5 ? `-${pick(FAMILY).replace(/^.* /, '')}` : ''}`;
  const title = `${pick(WORDS)} and ${pick(WORDS)}: ${pick(['a study', 'policy notes', 'the Russia’s view', 'new evidence'])} ${index}`;
  const original = random() < 0.2 ? `Polityka: ${title.toLowerCase()}` : title;
  const lines: string[] = [];
  if (random() < 0.8) lines.push(`${title}${random() < 0.5 ? ' ' : '  '}Cover Image`);
  if (random() < 0.1) lines.push('• Price 4.50 €');
  lines.push('', original, title, '');
  const authors = Array.from({ length: 1 + Math.floor(random() * 3) }, person).join(', ');
  const subjects = [...new Set(some(SUBJECTS, 3))].join(', ');
  if (random() < 0.3) lines.push(`Author(s): ${authors}Subject(s): ${subjects}`);
  else lines.push(`Author(s): ${authors}`, `Subject(s): ${subjects}`);
  if (random() < 0.15) lines.push(`Contributor(s): ${person()} (Editor), ${person()} (Translator)`);
  lines.push(`Published by: ${pick(PUBLISHERS)}`);
  const separator = random() < 0.5 ? '; ' : ';';
  lines.push(`Keywords: ${some(WORDS, 6).join(separator)}${random() < 0.5 ? ';' : ''}`);
  const sentences = Array.from({ length: 3 + Math.floor(random() * 8) }, () =>
    `The ${pick(WORDS)} question shapes ${pick(WORDS)} policy towards ${pick(WORDS)} and its neighbours.`);
  lines.push(`Summary/Abstract: ${sentences.join(' ')}`);
  if (random() < 0.2) lines.push(`A second paragraph on automatiz&#225;l&#225;s and ${pick(WORDS)}.`);
  const journal = random() < 0.4;
  if (journal) lines.push(`Journal: ${pick(JOURNALS)}`);
  lines.push('');
  const bullet = random() < 0.8 ? '  • ' : '\t- ';
  const year = 1990 + Math.floor(random() * 35);
  if (journal) lines.push(`${bullet}Issue Year: ${year}`, `${bullet}Issue No: ${pick(['03 (12)', '05/31', '1', '2'])}`);
  const start = 1 + Math.floor(random() * 300);
  const pages = 3 + Math.floor(random() * 40);
  lines.push(`${bullet}Page Range: ${random() < 0.1 ? 'On Line' : `${start}-${start + pages - 1}`}`);
  lines.push(`${bullet}Page Count: ${pages}`, `${bullet}Publication Year: ${year}`, `${bullet}Language: ${pick(LANGUAGES)}`);
  const text = lines.join('\n');
  return random() < 0.05 ? `\uFEFF${text.replace(/\n/g, '\r\n')}` : text;
}

/** Writes `count` records as files rec-0000001.txt ... into `folder`. */
export function writeRecords(folder: string, count: number, seed: number): void {
  mkdirSync(folder, { recursive: true });
  const random = createRandom(seed);
  for (let i = 0; i < count; i++) {
    writeFileSync(join(folder, `rec-${String(i).padStart(7, '0')}.txt`), generateRecord(i, random));
  }
}
