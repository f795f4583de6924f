/**
 * BAD-INPUTS items 14–31 and every data code of SPEC 3: one fixture folder each, with the codes
 * and lines it must give. Each fixture is read by the fast path and by the full parser, which
 * must agree exactly (diagnostics and merged rows).
 */
import { describe, expect, it } from 'vitest';
import { brief, fixture, load } from './helpers.js';

const F = 'data/schools/drop.csv';

const CASES: { name: string; item: string; expect: string[]; rows?: number }[] = [
  { name: 'valid', item: 'a clean initiative', expect: [], rows: 11 },
  { name: 'bom', item: '14 UTF-8 BOM', expect: [`error data-bad-number ${F}:3`], rows: 1 },
  { name: 'semicolon', item: '15 semicolon-delimited', expect: [`error data-bad-number ${F}:3`], rows: 1 },
  { name: 'tab', item: '15 tab-delimited', expect: [`error data-bad-number ${F}:3`], rows: 1 },
  { name: 'utf16', item: '16 UTF-16LE with BOM', expect: [`error data-bad-number ${F}:3`], rows: 1 },
  { name: 'utf16be', item: '16 UTF-16BE with BOM', expect: [], rows: 1 },
  { name: 'cp1252', item: '17 Windows-1252 bytes', expect: [`warning data-encoding ${F}:3`], rows: 2 },
  { name: 'mixed-eol', item: '18 mixed CRLF/LF/CR', expect: [`error data-bad-number ${F}:5`], rows: 3 },
  { name: 'quoted-newline', item: '19 newline inside a quoted field', expect: [`error data-bad-number ${F}:4`], rows: 1 },
  { name: 'unbalanced-quote', item: '20 unbalanced quote', expect: [`error data-bad-quote ${F}:3`, `error data-bad-number ${F}:5`], rows: 2 },
  { name: 'stray-quote', item: '21 stray quotes', expect: [`error data-bad-quote ${F}:2`, `error data-bad-quote ${F}:3`], rows: 1 },
  { name: 'ragged', item: '22 ragged rows', expect: [`error data-row-shape ${F}:3`, `error data-row-shape ${F}:4`], rows: 2 },
  { name: 'empty-lines', item: '23 empty lines, lines of only commas', expect: [], rows: 2 },
  { name: 'duplicate-header', item: '24 duplicate headers', expect: [`error data-duplicate-column ${F}:1`], rows: 0 },
  { name: 'padded-headers', item: '25 padded or invisible headers', expect: [`warning data-unknown-column ${F}:1`], rows: 1 },
  { name: 'invisible-chars', item: '25 invisible characters in cells', expect: [`error data-unknown-indicator ${F}:2`, `error data-bad-number ${F}:3`], rows: 1 },
  { name: 'sep-line', item: '26 Excel sep= line', expect: [`error data-bad-number ${F}:3`], rows: 0 },
  { name: 'sep-line-quoted', item: '26 Excel sep= line, quoted ("sep=;")', expect: [`error data-bad-number ${F}:3`], rows: 0 },
  { name: 'header-only', item: '27 header only', expect: [`warning data-no-rows ${F}:1`], rows: 0 },
  { name: 'empty-file', item: '27 empty file', expect: [`warning data-no-rows ${F}:1`], rows: 0 },
  { name: 'nul-bytes', item: '27 NUL bytes', expect: [`error data-control-character ${F}:2`], rows: 1 },
  // every row rejected: the errors say why there are none, and no "no data rows" warning contradicts them
  { name: 'all-rejected', item: '27 NUL bytes in every row', expect: [`error data-control-character ${F}:2`, `error data-control-character ${F}:3`], rows: 0 },
  {
    name: 'bad-numbers', item: '28 numbers',
    expect: [2, 3, 4, 5, 6, 7, 8].map((l) => `error data-bad-number ${F}:${l}`), rows: 2,
  },
  {
    name: 'bad-periods', item: '29 periods',
    expect: [`error period-format ${F}:2`, `error period-format ${F}:3`, `error period-type-mismatch ${F}:4`, `error period-format ${F}:5`, `error period-format ${F}:6`], rows: 1,
  },
  {
    name: 'unknown-ids', item: 'unknown indicator, partner, dimension value',
    expect: ['error data-unknown-indicator data/drop.csv:2', 'error data-unknown-partner data/drop.csv:3', 'error data-unknown-dimension data/drop.csv:4'], rows: 1,
  },
  {
    name: 'out-of-range', item: 'values outside the range',
    expect: [2, 3, 4, 5].map((l) => `error data-out-of-range ${F}:${l}`), rows: 0,
  },
  {
    name: 'conflict', item: 'conflicts and duplicates across files',
    expect: ['warning data-duplicate data/schools/b.csv:2', 'error data-conflict data/schools/b.csv:3'], rows: 2,
  },
  { name: 'missing-column', item: 'a required column is absent', expect: [`error data-missing-column ${F}:1`], rows: 1 },
  { name: 'unknown-column', item: 'other columns', expect: [`warning data-unknown-column ${F}:1`, `warning data-unknown-column ${F}:1`], rows: 1 },
  // empty trailing columns say nothing; values under a column with no name are worth one word per file
  { name: 'unnamed-column', item: 'values in a column with no name', expect: [`warning data-unknown-column ${F}:3`], rows: 3 },
  {
    name: 'missing-value', item: 'empty values',
    expect: [`warning data-missing-value ${F}:2`, `error data-missing-value ${F}:3`, `error data-missing-value ${F}:4`], rows: 1,
  },
  {
    name: 'total-mismatch', item: 'groups that do not add up',
    expect: [`warning data-total-mismatch ${F}:2`, `warning data-total-mismatch ${F}:6`], rows: 10,
  },
  { name: 'value-mismatch', item: 'a weighted value that disagrees with its counts', expect: [`error data-value-mismatch ${F}:3`], rows: 1 },
  { name: 'unattributed', item: 'rows with no partner', expect: ['warning data-unattributed data/drop.csv:2'], rows: 2 },
  { name: 'partner-subfolder', item: 'rows in data/2025/schools/: the first folder naming a partner attributes them', expect: [], rows: 2 },
  { name: 'weighted-no-counts', item: 'a weighted indicator without numerator and denominator', expect: [`error data-missing-column ${F}:2`], rows: 0 },
  { name: 'weighted-empty-counts', item: 'weighted rows with empty numerator and denominator cells, with a value or without', expect: [`error data-missing-value ${F}:2`, `error data-missing-value ${F}:4`], rows: 1 },
];

describe('data drop traps (BAD-INPUTS 14–31, SPEC 3 data codes)', () => {
  for (const c of CASES) {
    it(`${c.item} (data-${c.name})`, async () => {
      const initiative = await fixture(`data-${c.name}`);
      const fast = await load(initiative);
      const full = await load(initiative, { fullParser: true });
      const sorted = [...fast.diagnostics].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.code < b.code ? -1 : 1)));
      expect(brief(sorted)).toEqual(c.expect);
      for (const d of fast.diagnostics) {
        expect(d.line).toBeGreaterThanOrEqual(1);
        expect(d.column).toBeGreaterThanOrEqual(1);
        expect(d.message).not.toMatch(/\n/);
      }
      if (c.rows !== undefined) expect(fast.data.tidy!.size).toBe(c.rows);
      // the fast path and the full parser agree
      expect(full.diagnostics).toEqual(fast.diagnostics);
      expect([...full.data.tidy!.rows()]).toEqual([...fast.data.tidy!.rows()]);
    });
  }

  it('gives the hints a data manager needs for bad numbers', async () => {
    const { diagnostics } = await load(await fixture('data-bad-numbers'));
    const hints = diagnostics.map((d) => d.hint ?? '');
    expect(hints[0]).toMatch(/percent sign/);
    expect(hints[1]).toMatch(/thousands separator/);
    expect(hints[5]).toMatch(/decimal comma/);
    expect(hints[6]).toMatch(/currency/);
    expect(diagnostics[0]!.column).toBe(15);
    // ' 00123 ' and '-0.5' are plain decimals
    const rows = [...(await load(await fixture('data-bad-numbers'))).data.tidy!.rows()];
    expect(rows.map((r) => r.value)).toEqual([123, -0.5]);
  });

  it('attributes rows to the first folder under data/ that names a partner (SPEC 4.1)', async () => {
    const { data } = await load(await fixture('data-partner-subfolder'));
    expect([...data.tidy!.rows()].map((r) => [r.partner, r.file])).toEqual([['schools', 'data/2025/schools/drop.csv'], ['schools', 'data/2025/schools/drop.csv']]);
  });

  it('shows the characters nobody can see, and says what they are (BAD-INPUTS 25)', async () => {
    const { diagnostics } = await load(await fixture('data-invisible-chars'));
    expect(diagnostics.map((d) => [d.message, d.hint])).toEqual([
      ["'seats<U+200B>' is not an indicator", "did you mean 'seats'?"],
      ["value '13<U+00A0>' is not a plain number", 'it holds a space character, U+00A0 (no-break space): delete it'],
    ]);
  });

  it('a weighted row with empty numerator and denominator cells is told to fill them in, not to add columns', async () => {
    const { diagnostics } = await load(await fixture('data-weighted-empty-counts'));
    expect(diagnostics.map((d) => [d.line, d.message, d.hint])).toEqual([
      [2, "indicator 'reading' is weighted: the row needs a numerator and a denominator; it is skipped", 'give the numerator and the denominator (a value beside them may stay, if it agrees)'],
      [4, "indicator 'reading' is weighted: the row needs a numerator and a denominator; it is skipped", 'give the numerator and the denominator (a value beside them may stay, if it agrees)'],
    ]);
  });

  it('names both places of a conflict', async () => {
    const { diagnostics } = await load(await fixture('data-conflict'));
    const conflict = diagnostics.find((d) => d.code === 'data-conflict')!;
    expect(conflict.related).toEqual([{ file: 'data/schools/a.csv', line: 2, column: 1, message: 'first given here as 12' }]);
    expect(conflict.message).toContain('14');
  });

  it('decodes every encoding to the same text', async () => {
    for (const name of ['data-utf16', 'data-utf16be']) {
      const rows = [...(await load(await fixture(name))).data.tidy!.rows()];
      expect(rows[0]!.note).toBe('Müller');
    }
    const cp = [...(await load(await fixture('data-cp1252'))).data.tidy!.rows()];
    expect(cp.map((r) => r.note)).toEqual(['ok', 'Café Müller']);
  });

  it('keeps a quoted newline and reports the record by its first line', async () => {
    const rows = [...(await load(await fixture('data-quoted-newline'))).data.tidy!.rows()];
    expect(rows[0]!.note).toBe('first line\nsecond line');
    expect(rows[0]!.line).toBe(2);
  });

  it('points at the opening quote of an unbalanced quote and reads on', async () => {
    const { diagnostics, data } = await load(await fixture('data-unbalanced-quote'));
    expect(diagnostics[0]).toMatchObject({ code: 'data-bad-quote', line: 3, column: 18 });
    expect([...data.tidy!.rows()].map((r) => r.period)).toEqual(['2025-Q1', '2025-Q3']);
  });

  it('matches padded, invisible and differently cased headers', async () => {
    const rows = [...(await load(await fixture('data-padded-headers'))).data.tidy!.rows()];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ indicator: 'seats', period: '2025-Q1', value: 12 });
  });
});
