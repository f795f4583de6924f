/** The import's pure stages on hand-built grids: numbers, the header finder, the plan. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInitiative } from '../../src/core/load.js';
import { figureOf, figureOfText, numberStyleHint, plainDecimal } from '../../src/core/intake/convert.js';
import { cellRef, type Grid, type GridCell } from '../../src/core/intake/grid.js';
import { findHeader } from '../../src/core/intake/header.js';
import { canonicalCsv, planImport } from '../../src/core/intake/import.js';
import { emptyMap, type NumberStyle } from '../../src/core/intake/map.js';
import { FIXTURES } from '../helpers/run.js';

const POINT: NumberStyle = { decimal: 'point', thousands: false, currency: false };
const cell = (col: number, row: number, text: string, extra: Partial<GridCell> = {}): GridCell => ({ row, col, ref: cellRef(col, row), text, ...extra });

/** A grid from rows of cell texts (row 1 first); '' leaves a cell empty. */
function grid(rows: string[][], extra: Partial<Grid> = {}): Grid {
  return {
    file: 'in.xlsx', kind: 'xlsx', sheet: 'Sheet1', hiddenCols: [], merges: [],
    rows: rows.map((texts, i) => ({ row: i + 1, hidden: false, cells: texts.flatMap((t, j) => (t === '' ? [] : [cell(j + 1, i + 1, t)])) })),
    ...extra,
  };
}

describe('numbers (convert.ts)', () => {
  it.each([
    [0.125, 2, '12.5'], [0.45, 2, '45'], [0.1 + 0.2, 0, '0.3'], [1e21, 0, '1000000000000000000000'], [1.5e-7, 0, '0.00000015'], [-0.5, 2, '-50'], [-0, 0, '0'], [42, 0, '42'],
  ])('plainDecimal(%s, %s) = %s', (n, shift, text) => {
    expect(plainDecimal(n, shift)).toBe(text);
  });

  it.each<[string, Partial<NumberStyle>, boolean, string | undefined]>([
    ['45%', {}, true, '45'],
    ['45%', {}, false, undefined],
    ['45 %', { percent: true }, false, '45'],
    ['1,234.50', { thousands: true }, false, '1234.5'],
    ['1,234.50', {}, false, undefined],
    ['1.234,5', { decimal: 'comma', thousands: true }, false, '1234.5'],
    ['0,5', { decimal: 'comma' }, false, '0.5'],
    ['0.5', { decimal: 'comma' }, false, undefined],
    ['$1,200', { currency: true, thousands: true }, false, '1200'],
    ['-€5', { currency: true }, false, '-5'],
    ['12 345', { thousands: true }, false, '12345'],
    ['1,23', { thousands: true }, false, undefined],
    ['007', {}, false, '7'],
    ['N/A', {}, false, undefined],
  ])('figureOfText(%j, %j, percent indicator %s) = %s', (text, style, percent, expected) => {
    expect(figureOfText(text, { ...POINT, ...style }, percent)).toBe(expected);
  });

  it('says which numbers: setting of the map would read a figure', () => {
    expect(numberStyleHint('12,5', POINT)).toContain('numbers: { decimal: comma }');
    expect(numberStyleHint('1.234,5', POINT)).toContain('numbers: { decimal: comma, thousands: true }');
    expect(numberStyleHint('45%', POINT)).toContain('numbers: { percent: true }');
    expect(numberStyleHint('$1,200', POINT)).toContain('numbers: { currency: true, thousands: true }');
    expect(numberStyleHint('about 40', POINT)).toBeUndefined();
  });

  it('scales a cell formatted as a percentage only for a percent indicator', () => {
    const c = cell(2, 3, '12.5%', { number: 0.125, percent: true });
    expect(figureOf(c, POINT, true)).toBe('12.5');
    expect(figureOf(c, POINT, false)).toBe('0.125');
  });
});

describe('the header (header.ts)', () => {
  const known = (k: string) => ['indicator', 'period', 'value', 'group'].includes(k);

  it('is found below a title block', () => {
    const h = findHeader(grid([['Results for 2025'], [''], ['Indicator', 'Period', 'Value']]), known)!;
    expect(h.row).toBe(3);
    expect(h.columns.map((c) => [c.name, c.ref])).toEqual([['Indicator', 'A3'], ['Period', 'B3'], ['Value', 'C3']]);
  });

  it('joins a merged cell and the cells below it into one name per column', () => {
    const g = grid([['Group', 'Grade 3', '', 'Note'], ['', 'ELA', 'Math']], { merges: [{ top: 1, left: 2, bottom: 1, right: 3 }, { top: 1, left: 1, bottom: 2, right: 1 }] });
    const h = findHeader(g, (k) => ['group', 'note'].includes(k))!;
    expect(h).toMatchObject({ row: 1, lastRow: 2 });
    expect(h.columns.map((c) => [c.name, c.ref])).toEqual([['Group', 'A1'], ['Grade 3 ELA', 'B2'], ['Grade 3 Math', 'C2'], ['Note', 'D1']]);
  });

  it('is the row the map names, and absent when no row names a known column', () => {
    expect(findHeader(grid([['a', 'b'], ['Value', 'x']]), known, 1)!.row).toBe(1);
    expect(findHeader(grid([['a', 'b'], ['c', 'd']]), known)).toBeUndefined();
  });
});

describe('the plan (import.ts)', async () => {
  const { initiative } = await loadInitiative(join(FIXTURES, 'import-basic'));

  it('maps labels by the names in the YAML, skips total and empty rows, and keeps the partner', async () => {
    const g = grid([
      ['Indicator', 'Period', 'Race-ethnicity', 'Value'],
      ['Grade 3 reading', 'SY2024-25', 'Hispanic/Latino', '44.5'],
      ['', '', '', ''],
      ['Grade 3 reading', 'SY2024-25', 'White', ''],
      ['Total', '', '', '44'],
    ]);
    const plan = await planImport(g, emptyMap(), initiative, { partner: 'schools' });
    expect(plan.diagnostics).toEqual([]);
    expect(Buffer.from(await canonicalCsv(plan)).toString('utf8')).toBe('indicator,period,partner,race-ethnicity,value\ngrade3-reading,SY2024-25,schools,hispanic,44.5\n');
    expect(plan.read).toBe(3);
    expect(plan.skipped).toEqual([{ row: 4, col: 1, reason: 'no figure' }, { row: 5, col: 1, reason: 'total row' }]);
  });

  it('says which column is missing, and leaves an unknown column out with a warning at its header cell', async () => {
    const plan = await planImport(grid([['Indicator', 'Value', 'Remarks'], ['budget', '5']]), emptyMap(), initiative, { partner: 'library' });
    expect(plan.diagnostics.map((d) => [d.code, d.severity, d.cell])).toEqual([
      ['import-unknown-column', 'warning', 'C1'],
      ['data-missing-column', 'error', 'A1'],
    ]);
    expect(plan.diagnostics[1]!.hint).toContain('--period');
  });
});

describe('formatters show a spreadsheet position as sheet and cell', async () => {
  const { FORMATTERS } = await import('../../src/formatters/index.js');
  const d = {
    code: 'data-bad-number' as const, severity: 'error' as const, file: 'returns/schools.xlsx', line: 14, column: 2, sheet: 'Survey results', cell: 'B14',
    message: "value 'n/a' is not a plain number", related: [{ file: 'returns/schools.xlsx', line: 9, column: 1, sheet: 'Survey results', cell: 'A9', message: 'first given here' }],
  };
  const ctx = { color: false, root: '.', rootRelative: '', valid: false, errors: 1, warnings: 0 };

  it('stylish, junit and github name the cell; json keeps sheet and cell', () => {
    expect(FORMATTERS.stylish([d], ctx)).toContain("  'Survey results'!B14  error    value 'n/a' is not a plain number  data-bad-number");
    expect(FORMATTERS.stylish([d], ctx)).toContain("see returns/schools.xlsx:'Survey results'!A9 (first given here)");
    expect(FORMATTERS.junit([d], ctx)).toContain("error returns/schools.xlsx:'Survey results'!B14 data-bad-number");
    expect(FORMATTERS.github([d], ctx)).toBe("::error file=returns/schools.xlsx,line=14,col=2::'Survey results'!B14: value 'n/a' is not a plain number [data-bad-number]\n");
    expect(JSON.parse(FORMATTERS.json([d], ctx)).diagnostics[0]).toMatchObject({ line: 14, column: 2, sheet: 'Survey results', cell: 'B14' });
  });
});
