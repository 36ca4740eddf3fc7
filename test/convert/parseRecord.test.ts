import assert from 'node:assert/strict';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { isSpace } from '../../src/convert/labels.js';
import { parseRecord } from '../../src/convert/parseRecord.js';

const parse = (text: string) => parseRecord(text, { file: 'r.txt', maxLineLength: 100_000 });
const record = (text: string) => {
  const { record: parsed, problems } = parse(text);
  assert.ok(parsed, `rejected: ${JSON.stringify(problems)}`);
  return parsed;
};

describe('parseRecord', () => {
  it('drops the Cover Image line and keeps one title when both title lines agree', () => {
    const r = record('Title A  Cover Image\n\nTitle A\nTitle A\n\nAuthor(s): X Y\n');
    assert.equal(r.title, 'Title A');
    assert.equal(r.englishTitle, undefined);
  });

  it('keeps the original and the English title when they differ, without a Cover Image line', () => {
    const r = record('Rosja wobec Iranu\nRussia and Iran\n\nAuthor(s): X Y\n');
    assert.equal(r.title, 'Rosja wobec Iranu');
    assert.equal(r.englishTitle, 'Russia and Iran');
  });

  it('ignores a price line after the first line', () => {
    const r = record('T Cover Image\n• Price 4.50 €\n\nT\nT\nAuthor(s): A B\n');
    assert.equal(r.title, 'T');
    assert.deepEqual(r.authors, ['A B']);
  });

  it('treats a title with a colon as a title, not a label', () => {
    const r = record('Politics: Black Flag Day in Ukraine Cover Image\n\nPolitics: Black Flag Day in Ukraine\nPolitics: Black Flag Day in Ukraine\n\nAuthor(s): A B\n');
    assert.equal(r.title, 'Politics: Black Flag Day in Ukraine');
  });

  it('cuts labels glued onto the previous value', () => {
    const r = record('T\nT\nAuthor(s): Marcin KaczmarskiSubject(s): Essay|Book Review |Scientific Life, Political Essay\n');
    assert.deepEqual(r.authors, ['Marcin Kaczmarski']);
    assert.deepEqual(r.subjects, ['Essay|Book Review |Scientific Life', 'Political Essay']);
  });

  it('does not cut the abstract at a plain label word in its prose', () => {
    const r = record('T\nT\nSummary/Abstract: Part of the Working Papers Series: a study.\nJournal: J\n');
    assert.equal(r.abstract, 'Part of the Working Papers Series: a study.');
    assert.equal(r.journal, 'J');
  });

  it('splits subjects on ", " only', () => {
    const r = record('T\nT\nSubject(s): International relations/trade, Culture / Society, Polish history (1920 - 1939), A|B\n');
    assert.deepEqual(r.subjects, ['International relations/trade', 'Culture / Society', 'Polish history (1920 - 1939)', 'A|B']);
  });

  it('splits keywords on ";" with or without space, keeps commas, drops empty items and duplicates', () => {
    const r = record('T\nT\nKeywords: Persian Gulf; NATO, Ukraine;JCPOA;;Persian Gulf;\n');
    assert.deepEqual(r.keywords, ['Persian Gulf', 'NATO, Ukraine', 'JCPOA']);
  });

  it('drops duplicates from lists long and short, and across repeated fields, keeping the first-seen order', () => {
    const many = Array.from({ length: 30 }, (_, i) => `k${i % 20}`);
    const r = record(`T\nT\nKeywords: ${many.join('; ')}\nKeywords: k3; k25\nSubject(s): ${many.join(', ')}\n` +
      `Author(s): ${many.join(', ')}\nContributor(s): A (Editor), A, A (editor), A (Translator), B, A\n`);
    const first20 = Array.from({ length: 20 }, (_, i) => `k${i}`);
    assert.deepEqual(r.keywords, [...first20, 'k25']);
    assert.deepEqual(r.subjects, first20);
    assert.deepEqual(r.authors, first20);
    assert.deepEqual(r.contributors, [{ name: 'A', role: 'Editor' }, { name: 'A' }, { name: 'A', role: 'Translator' }, { name: 'B' }]);
  });

  it('reads contributors with roles, never putting the role into the name', () => {
    const r = record('T\nT\nContributor(s): Dimitar Krastev (Editor), Vanya Georgieva (Editor)\n');
    assert.deepEqual(r.contributors, [{ name: 'Dimitar Krastev', role: 'Editor' }, { name: 'Vanya Georgieva', role: 'Editor' }]);
  });

  it('splits people on ";" where the list uses it, keeping "Family, Given" names whole', () => {
    assert.deepEqual(record('T\nT\nAuthor(s): Jan Kowalski; Anna Nowak;\n').authors, ['Jan Kowalski', 'Anna Nowak']);
    assert.deepEqual(record('T\nT\nAuthor(s): Kowalski, Jan; Nowak, Anna\n').authors, ['Kowalski, Jan', 'Nowak, Anna']);
    const r = record('T\nT\nContributor(s): Ivan Petrov (Editor; Translator), Maria Ivanova (Editor)\n');
    assert.deepEqual(r.contributors, [{ name: 'Ivan Petrov', role: 'Editor; Translator' }, { name: 'Maria Ivanova', role: 'Editor' }]);
  });

  it('runs the abstract over several lines until the next label', () => {
    const r = record('T\nT\nSummary/Abstract: First line.\nSecond line.\nKeywords: k\n');
    assert.equal(r.abstract, 'First line.\nSecond line.');
    assert.deepEqual(r.keywords, ['k']);
  });

  it('reads detail lines with • or - bullets and any indentation', () => {
    const r = record('T\nT\nAuthor(s): A B\n\t- Page Count: 12\n      • Publication Year: 2019\n• Issue No: 05/31\n');
    assert.equal(r.pageCount, 12);
    assert.equal(r.year, '2019');
    assert.equal(r.issueNumber, '05/31');
  });

  it('reads a known detail line that lost its bullet as a detail, not as more of the field before it', () => {
    const afterAuthors = record('T\nT\nAuthor(s): A B, C D\nPage Count: 12\nLanguage: English\n');
    assert.deepEqual(afterAuthors.authors, ['A B', 'C D']);
    assert.equal(afterAuthors.pageCount, 12);
    assert.deepEqual(afterAuthors.languages.map((l) => l.iso6392), ['eng']);
    const afterAbstract = record('T\nT\nSummary/Abstract: First line.\nSecond line.\n  Publication Year: 2019\nPage Range: 7-23\n');
    assert.equal(afterAbstract.abstract, 'First line.\nSecond line.');
    assert.equal(afterAbstract.year, '2019');
    assert.equal(afterAbstract.pageStart, 7);
    // A title may start with a detail label; a long line of prose too; an unknown label stays text.
    const prose = 'Language: the key to how a state speaks of itself is what its elites say of the world, and of themselves, in public.';
    const other = record(`Language: A Global History\nLanguage: A Global History\nSummary/Abstract: First.\n${prose}\nPages: 9\n`);
    assert.equal(other.title, 'Language: A Global History');
    assert.equal(other.abstract, `First.\n${prose}\nPages: 9`);
    assert.deepEqual(other.languages, []);
  });

  it('reads several details glued on one line, whatever the first one\'s bullet', () => {
    const r = record('T\nT\n- Issue No: 5 • Page Count: 9\n  • Publication Year: 2019 • Language: English\n');
    assert.equal(r.issueNumber, '5');
    assert.equal(r.pageCount, 9);
    assert.equal(r.year, '2019');
    assert.deepEqual(r.languages.map((l) => l.iso6392), ['eng']);
  });

  it('keeps a non-numeric page range as written without start and end', () => {
    const r = record('T\nT\n• Page Range: On Line\n');
    assert.equal(r.pagination, 'On Line');
    assert.equal(r.pageStart, undefined);
  });

  it('maps languages to ISO 639-2 bibliographic codes and BCP 47', () => {
    const r = record('T\nT\n• Language: German, Czech, Greek\n');
    assert.deepEqual(r.languages.map((l) => [l.iso6392, l.bcp47]), [['ger', 'de'], ['cze', 'cs'], ['gre', 'el']]);
  });

  it('accepts an empty Language line, reporting it, and publishes no language', () => {
    const { record: r, problems } = parse('T\nT\n• Language:\n');
    assert.deepEqual(r?.languages, []);
    assert.ok(problems.some((p) => p.field === 'Language' && p.line === 3));
  });

  it('ignores page chrome', () => {
    const r = record('Toggle Accessibility Mode\nT\nT\nContent File-PDF\nAuthor(s): A B\n');
    assert.equal(r.title, 'T');
    assert.deepEqual(r.authors, ['A B']);
  });

  it('ignores price lines in their spellings, but keeps a title that starts with the word Price', () => {
    for (const price of ['• Price 4.50 €', '- PRICE 12 zł', 'Price EUR 4,50', 'price 10']) {
      const r = record(`Price Stability in Poland Cover Image\n${price}\n\nPrice Stability in Poland\nPrice Stability in Poland\nAuthor(s): A B\n`);
      assert.equal(r.title, 'Price Stability in Poland', price);
      assert.equal(r.englishTitle, undefined, price);
    }
    const r = record('Price of Oil 2020\nPrice of Oil 2020\nAuthor(s): A B\n');
    assert.equal(r.title, 'Price of Oil 2020');
  });

  it('reads long lines with runs of digits or spaces without hanging on them', async () => {
    // In a thread of its own, so that a hang fails the test instead of stalling the suite. A parse takes a
    // millisecond or so; the patterns this guards against (a price line, a title ending in "Cover Image", a
    // bulleted detail line) took from seconds to minutes on each of these records.
    const records = [
      `Price ${'1'.repeat(100_000)}xxxx\nT\nAuthor(s): A B\n`, `Price ${' '.repeat(100_000)}xxxx\nT\nAuthor(s): A B\n`,
      `T${' '.repeat(180_000)}Cover Image x\nT\nAuthor(s): A B\n`, `T${' '.repeat(180_000)}Cover Image \nT\nAuthor(s): A B\n`,
      `T\nT\nAuthor(s): A B\n  • ${' '.repeat(20_000)}x\n`, `T\nT\nAuthor(s): A B\n  • ${'\t'.repeat(20_000)}: 7\n`,
    ];
    const moduleUrl = new URL('../../src/convert/parseRecord.js', import.meta.url).href;
    const worker = new Worker(`
      const { workerData, parentPort } = require('node:worker_threads');
      import(workerData.moduleUrl).then(({ parseRecord }) => parentPort.postMessage(workerData.records.map((text) => {
        const { record } = parseRecord(text, { file: 'r.txt', maxLineLength: 200000 });
        return [record?.title, record?.authors, record?.unmapped.map((field) => field.label)];
      })));
    `, { eval: true, workerData: { moduleUrl, records } });
    const stop = setTimeout(() => void worker.terminate(), 20_000);
    try {
      const [read] = await Promise.race([once(worker, 'message'), once(worker, 'exit').then(() => ['ended without an answer'])]);
      assert.deepEqual(read, [
        [`Price ${'1'.repeat(100_000)}xxxx`, ['A B'], []], ['Price xxxx', ['A B'], []],
        // A Cover Image line repeats the title, which the next line gives.
        ['T Cover Image x', ['A B'], []], ['T', ['A B'], []],
        // A bulleted line without a ":" continues the field above; one with an empty label is an unknown detail.
        ['T', ['A B • x'], []], ['T', ['A B'], ['']],
      ]);
    } finally {
      clearTimeout(stop);
      await worker.terminate();
    }
  });

  it('reads a detail line indented with no-break spaces, and a lone Cover Image line as chrome', () => {
    const r = record('T\nCover Image\nT\nAuthor(s): A B\n\u00A0\u00A0• Page Count: 9\n');
    assert.equal(r.title, 'T');
    assert.equal(r.pageCount, 9);
  });

  it('reads every kind of white space around a bullet and a label as white space, as `\\s` does', () => {
    const r = record('T\nAuthor(s): A B\n\u1680\u2003•\u205F\uFEFFPage Count\u3000: 9\n\u202F- Issue Year\u00A0:\u2000 2011\n');
    assert.equal(r.pageCount, 9);
    assert.equal(r.issueYear, '2011');
    for (let code = 0; code <= 0xffff; code++) {
      assert.equal(isSpace(code), /\s/.test(String.fromCharCode(code)), `U+${code.toString(16).padStart(4, '0')}`);
    }
  });

  it('decodes HTML character references once', () => {
    const r = record('T\nT\nKeywords: automatiz&#225;l&#225;s; R&amp;D; &amp;#225;x\n');
    assert.deepEqual(r.keywords, ['automatizálás', 'R&D', '&#225', 'x']);
  });

  it('turns non-breaking spaces into plain spaces', () => {
    const r = record('T\nT\nAuthor(s): Zoltán\u00A0Nagy\n');
    assert.deepEqual(r.authors, ['Zoltán Nagy']);
  });

  it('repairs certain mojibake and reports it with the line', () => {
    const { record: r, problems } = parse('T\nT\nPublished by: Russiaâ€™s Academy\n');
    assert.equal(r?.publisher, 'Russia’s Academy');
    assert.ok(problems.some((p) => p.line === 3 && p.field === 'Published by' && /mojibake/.test(p.message)));
  });

  it('keeps the typographic apostrophe and Cyrillic as written', () => {
    const r = record('Россия’s T\nРоссия’s T\nPublished by: Ośrodek Studiów Wschodnich im. Marka Karpia\n');
    assert.equal(r.title, 'Россия’s T');
    assert.equal(r.publisher, 'Ośrodek Studiów Wschodnich im. Marka Karpia');
  });

  it('reads the record type and the ISBN', () => {
    const r = record('T\nT\n• Type: Chapter\n• Print-ISBN-13: 978-3-16-148410-0\n');
    assert.equal(r.type, 'chapter');
    assert.equal(r.isbn, '978-3-16-148410-0');
  });
});

describe('parseRecord with bad input', () => {
  it('reads a field continued over many lines into more items than a call can take as arguments', () => {
    // 150,000 keywords and as many subjects over lines within the length limit: spreading them into push() threw.
    // A line ends with the separator, so that the item before the line end and the one after it stay apart.
    const line = (separator: string, prefix: string, n: number): string =>
      Array.from({ length: 10_000 }, (_, i) => `${prefix}${n * 10_000 + i}`).join(separator);
    const lines = (separator: string, prefix: string): string =>
      Array.from({ length: 15 }, (_, n) => line(separator, prefix, n)).join(`${separator.trim()}\n`);
    const { record: r } = parse(`T\nT\nKeywords: ${lines(';', 'k')}\nSubject(s): ${lines(', ', 's')}\n`);
    assert.equal(r?.keywords.length, 150_000);
    assert.equal(r?.subjects.length, 150_000);
  });

  it('keeps unknown detail labels as unmapped and warns with file and line', () => {
    const { record: r, problems } = parse('T\nT\n• DOI: 10.1/x\n');
    assert.deepEqual(r?.unmapped, [{ label: 'DOI', value: '10.1/x', line: 3 }]);
    assert.deepEqual(problems.map((p) => [p.severity, p.file, p.line, p.field]), [['warning', 'r.txt', 3, 'DOI']]);
  });

  it('warns about empty fields and publishes nothing for them', () => {
    const { record: r, problems } = parse('T\nT\nAuthor(s):\nKeywords: ;\n');
    assert.deepEqual(r?.authors, []);
    assert.deepEqual(r?.keywords, []);
    assert.ok(problems.some((p) => p.field === 'Author(s)' && p.line === 3 && /empty/.test(p.message)));
  });

  it('warns about numbers that are not numbers and drops them', () => {
    const { record: r, problems } = parse('T\nT\n• Page Count: nine\n• Publication Year: 20xx\n• Issue Year: 2020/21\n');
    assert.equal(r?.pageCount, undefined);
    assert.equal(r?.year, undefined);
    assert.deepEqual(problems.map((p) => [p.line, p.field]), [[3, 'Page Count'], [4, 'Publication Year'], [5, 'Issue Year']]);
  });

  it('warns about an ISBN with a wrong check digit', () => {
    const { record: r, problems } = parse('T\nT\n• Print-ISBN-13: 978-3-16-148410-9\n');
    assert.equal(r?.isbn, undefined);
    assert.match(problems[0]!.message, /check digit/);
  });

  it('rejects a record without a title', () => {
    const { record: r, problems } = parse('Author(s): A B\n');
    assert.equal(r, undefined);
    assert.equal(problems[0]?.severity, 'error');
    assert.match(problems[0]!.message, /no title/);
  });

  it('rejects a line longer than the limit, naming the line', () => {
    const { record: r, problems } = parse(`T\nT\nSummary/Abstract: ${'x'.repeat(10 * 1024 * 1024)}\n`);
    assert.equal(r, undefined);
    assert.deepEqual([problems[0]?.severity, problems[0]?.line], ['error', 3]);
  });
});
