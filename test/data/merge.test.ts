/** Merging, aggregation, completeness, suppression and export on small, hand-made initiatives. */
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { completeness, csvText, exportChunks, isSuppressed, loadData, suppressCell } from '../../src/core/data/index.js';
import type { Aggregation, Indicator, Initiative, Unit } from '../../src/core/model/types.js';
import { FIXTURES } from '../helpers/run.js';
import { fixture, load, TODAY } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'concert-data-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const at = (file: string, path: (string | number)[] = []) => ({ file, path });

function indicator(id: string, aggregation: Aggregation, unit: Unit = 'number', extra: Partial<Indicator> = {}): Indicator {
  return {
    id, name: id, goal: 'g', unit, direction: 'increase', frequency: 'year', aggregation,
    scale: unit === 'percent' ? 100 : 1, range: unit === 'percent' ? [0, 100] : null,
    targets: [], progress: 'linear', reporters: [], disaggregate_by: ['area'], at: at('indicators.yaml', [0]), ...extra,
  } as Indicator;
}

/** A hand-built initiative in a temp folder with the given data files. */
function initiative(name: string, files: Record<string, string>, indicators: Indicator[], minCount?: number): Initiative {
  const root = join(tmp, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  mkdirSync(root, { recursive: true });
  return {
    root,
    settings: {
      version: 1, id: 't', name: 'T', period: 'year', school_year_start: 8, fiscal_year_start: 1,
      backbone: { organization: 'B', staff: [] },
      reporting: { data_due_days: 30, locale: 'en-US', timezone: 'UTC', thresholds: [0.95, 0.6, 0] },
      privacy: minCount === undefined ? {} : { min_count: minCount }, at: at('initiative.yaml'),
    },
    agenda: { goals: [], glossary: [], at: at('agenda.yaml') },
    indicators,
    partners: ['a', 'b', 'c'].map((id) => ({ id, name: id, sector: 'nonprofit', commitments: [], at: at('partners.yaml') })),
    activities: [], series: [], meetings: [],
    dimensions: [{ id: 'area', name: 'Area', values: [{ id: 'north', label: 'North' }, { id: 'south', label: 'South' }], at: at('dimensions.yaml') }],
  } as Initiative;
}

const DROP = 'indicator,period,partner,area,value\n' + ['a', 'b', 'c'].flatMap((p, i) => [
  `x,2025,${p},,${(i + 1) * 10}`, `x,2025,${p},north,${(i + 1) * 4}`, `x,2025,${p},south,${(i + 1) * 6}`,
]).join('\n') + '\n';

describe('aggregation (SPEC 4.2)', () => {
  const cases: [Aggregation, number, number][] = [['sum', 60, 24], ['mean', 20, 8], ['min', 10, 4], ['max', 30, 12]];
  it.each(cases)('%s combines partner rows; totals never come from groups', async (aggregation, total, north) => {
    const ini = initiative(`agg-${aggregation}`, { 'data/drop.csv': DROP }, [indicator('x', aggregation)]);
    const { data, diagnostics } = await loadData(ini, { today: TODAY });
    expect(diagnostics).toEqual([]);
    const x = data.indicators.get('x')!;
    expect(x.totals.get('2025')).toMatchObject({ value: total, rows: 3 });
    expect(x.totals.get('2025')!.partners).toEqual(['a', 'b', 'c']);
    expect(x.groups.get('area')!.get('north')!.get('2025')!.value).toBe(north);
    expect(x.rows).toBe(9);
  });

  it('weighted: sum(numerator)/sum(denominator) × scale, and checks the groups add up', async () => {
    const csv = 'indicator,period,partner,area,numerator,denominator\n' +
      'w,2025,a,,30,100\nw,2025,a,north,10,40\nw,2025,a,south,20,60\nw,2025,b,,10,50\nw,2025,b,north,5,20\nw,2025,b,south,6,30\n';
    const ini = initiative('weighted', { 'data/drop.csv': csv }, [indicator('w', 'weighted', 'percent')]);
    const { data, diagnostics } = await loadData(ini, { today: TODAY });
    const t = data.indicators.get('w')!.totals.get('2025')!;
    expect(t).toMatchObject({ numerator: 40, denominator: 150 });
    expect(t.value).toBeCloseTo((40 / 150) * 100, 12);
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([['data-total-mismatch', 5]]);
    expect(diagnostics[0]!.message).toContain("partner 'b'");
  });

  it('gives the same merged table whatever the order of the rows', async () => {
    const lines = DROP.trim().split('\n');
    const shuffled = [lines[0], ...lines.slice(1).reverse()].join('\n') + '\n';
    const one = await loadData(initiative('order-1', { 'data/drop.csv': DROP }, [indicator('x', 'sum')]), { today: TODAY });
    const two = await loadData(initiative('order-2', { 'data/drop.csv': shuffled }, [indicator('x', 'sum')]), { today: TODAY });
    const strip = (rows: { line: number }[]) => rows.map(({ line: _line, ...r }) => r);
    expect(strip([...two.data.tidy!.rows()])).toEqual(strip([...one.data.tidy!.rows()]));
    expect(JSON.stringify([...two.data.indicators])).toEqual(JSON.stringify([...one.data.indicators]));
  });
});

describe('many dimension combinations', () => {
  it('merges cross-tabulated rows when the combinations are too many to number directly', async () => {
    const values = Array.from({ length: 20 }, (_, i) => ({ id: `v${i}`, label: `V${i}` }));
    const ini = initiative('wide', {
      'data/drop.csv': 'indicator,period,partner,d1,d2,d3,value\n' +
        'x,2025,a,,,,10\nx,2025,a,v1,,,4\nx,2025,a,v1,v2,,2\nx,2025,a,v1,v2,v3,1\nx,2025,b,v19,v19,v19,7\nx,2025,a,v1,v2,v3,1\n',
    }, [indicator('x', 'sum', 'count', { disaggregate_by: ['d1', 'd2', 'd3'] })]);
    ini.dimensions = ['d1', 'd2', 'd3'].map((id) => ({ id, name: id, values, at: at('dimensions.yaml') })) as Initiative['dimensions'];
    const { data, diagnostics } = await loadData(ini, { today: TODAY });
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([['data-duplicate', 7]]);
    const rows = [...data.tidy!.rows()];
    expect(rows.map((r) => [r.partner, JSON.stringify(r.dimensions), r.value])).toEqual([
      ['a', '{}', 10], ['a', '{"d1":"v1"}', 4], ['a', '{"d1":"v1","d2":"v2"}', 2], ['a', '{"d1":"v1","d2":"v2","d3":"v3"}', 1], ['b', '{"d1":"v19","d2":"v19","d3":"v19"}', 7],
    ]);
    const x = data.indicators.get('x')!;
    expect(x.totals.get('2025')!.value).toBe(10);
    expect(x.groups.get('d1')!.get('v1')!.get('2025')!.value).toBe(4);
    expect(x.groups.has('d2')).toBe(false);
  });
});

describe('small numbers (SPEC 4.5)', () => {
  const count = indicator('n', 'sum', 'count');
  const rate = indicator('r', 'weighted', 'percent');
  it('suppresses group counts below min_count, never totals', () => {
    expect(isSuppressed(count, { value: 9 }, 10)).toBe(true);
    expect(isSuppressed(count, { value: 10 }, 10)).toBe(false);
    expect(isSuppressed(rate, { value: 50, denominator: 8 }, 10)).toBe(true);
    expect(isSuppressed(indicator('s', 'mean', 'score'), { value: 1 }, 10)).toBe(false);
    expect(isSuppressed(count, { value: 1 }, undefined)).toBe(false);
    const ini = { settings: { privacy: { min_count: 10 } } } as Initiative;
    expect(suppressCell(ini, count, { value: 3 }, true)).toBe('suppressed');
    expect(suppressCell(ini, count, { value: 3 }, false)).toEqual({ value: 3 });
  });

  it('export suppresses unless --no-suppress, and neutralises formulas but not numbers', async () => {
    // a count is whole, and negative only when its range allows it (SPEC 4.1)
    const csv = 'indicator,period,partner,area,value,note\nn,2025,a,,-15,"=HYPERLINK(""x"")"\nn,2025,a,north,3,+1\nn,2025,a,south,12,@me\n';
    const ini = initiative('export', { 'data/drop.csv': csv }, [{ ...count, range: [-100, 100] }], 10);
    const { data } = await loadData(ini, { today: TODAY });
    const text = [...exportChunks(ini, data, { format: 'csv' })].join('');
    expect(text.split('\n')).toEqual([
      'indicator,period,partner,area,value,numerator,denominator,note',
      `n,2025,a,,-15,,,"'=HYPERLINK(""x"")"`,
      "n,2025,a,north,suppressed,,,'+1",
      "n,2025,a,south,suppressed,,,'@me", // complementary: else it gives north as total minus south
      '',
    ]);
    const open = [...exportChunks(ini, data, { format: 'csv', suppress: false })].join('');
    expect(open).toContain('n,2025,a,north,3,');
    const json = JSON.parse([...exportChunks(ini, data, { format: 'json' })].join(''));
    expect(json[1]).toMatchObject({ indicator: 'n', area: 'north', value: null, suppressed: true });
    expect(json[0]).toMatchObject({ value: -15, area: null, note: '=HYPERLINK("x")' });
  });

  it.each([['=1+1', "'=1+1"], ['-x', "'-x"], ['\tx', "'\tx"], ['＝1', "'＝1"], ['a,b', '"a,b"'], ['plain', 'plain']])('csvText(%j)', (input, want) => {
    expect(csvText(input)).toBe(want);
  });
});

describe('completeness', () => {
  const ind = indicator('q', 'sum', 'count', { frequency: 'quarter', reporters: ['a', 'b'] });
  it('expects each reporter for the latest due period, and warns for the missing', async () => {
    const ini = initiative('complete', { 'data/a/q.csv': 'indicator,period,value\nq,2025-Q3,5\n' }, [ind]);
    const { data } = await loadData(ini, { today: '2025-11-15' });
    // 2025-Q3 ends 09-30, due 10-30: due; 2025-Q4 is not
    const c = completeness(ini, data, { today: '2025-11-15' });
    expect(c.rows).toEqual([
      { partner: 'a', indicator: 'q', period: '2025-Q3', due: '2025-10-30', received: true, daysLate: null, file: 'data/a/q.csv' },
      { partner: 'b', indicator: 'q', period: '2025-Q3', due: '2025-10-30', received: false, daysLate: 16 },
    ]);
    expect(c.diagnostics.map((d) => [d.code, d.file])).toEqual([['data-missing', 'indicators.yaml']]);
    // before the due date of Q3, the latest due period is Q2
    expect(completeness(ini, data, { today: '2025-10-29' }).rows[0]!.period).toBe('2025-Q2');
    // an explicit period of another type picks the latest quarter ending within it
    expect(completeness(ini, data, { today: '2025-11-15', period: '2025' }).rows[0]!.period).toBe('2025-Q4');
  });

  it('warns about an indicator with no data at all', async () => {
    const ini = initiative('no-data', {}, [ind]);
    const { data, diagnostics } = await loadData(ini, { today: TODAY });
    expect(diagnostics).toEqual([]);
    expect(completeness(ini, data, { today: TODAY }).diagnostics.map((d) => d.code)).toEqual(['indicator-without-data', 'data-missing', 'data-missing']);
  });

  it('points data-missing at the reporter in the YAML source', async () => {
    const ini = await fixture('data-valid');
    const { data } = await load(ini);
    const c = completeness(ini, data, { today: '2026-01-15' });
    const missing = c.diagnostics.filter((d) => d.code === 'data-missing');
    expect(missing.length).toBeGreaterThan(0);
    for (const d of missing) {
      expect(d.file).toBe('indicators.yaml');
      expect(d.line).toBeGreaterThan(1);
    }
  });
});

describe('data files', () => {
  it('refuses a symlink that leaves the initiative (BAD-INPUTS 37), and has no data without data/', async () => {
    const root = join(tmp, 'symlink');
    cpSync(join(FIXTURES, 'data-valid'), root, { recursive: true });
    writeFileSync(join(tmp, 'outside.csv'), 'indicator,period,value\nseats,2025-Q1,1\n');
    symlinkSync(join(tmp, 'outside.csv'), join(root, 'data', 'schools', 'evil.csv'));
    symlinkSync(join(root, 'data', 'library', 'seats.csv'), join(root, 'data', 'schools', 'inside.csv'));
    const { loadInitiative } = await import('../../src/core/load.js');
    const { initiative: ini } = await loadInitiative(root);
    const { diagnostics, data } = await loadData(ini, { today: TODAY });
    expect(diagnostics.filter((d) => d.code === 'unreadable-file').map((d) => d.file)).toEqual(['data/schools/evil.csv']);
    expect(data.files.map((f) => f.path)).toContain('data/schools/inside.csv');
    const bare = initiative('bare', {}, [indicator('x', 'sum')]);
    const r = await loadData(bare, { today: TODAY });
    expect(r).toMatchObject({ diagnostics: [], data: { files: [] } });
  });

  it('records each file with its rows and sha256', async () => {
    const { data } = await load(await fixture('data-valid'));
    expect(data.files.map((f) => f.path)).toEqual(['data/library/seats.csv', 'data/schools/reading.csv', 'data/shared.csv']);
    for (const f of data.files) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(data.files[0]!.rows).toBe(4);
    expect(data.submissions.map((s) => `${s.partner}/${s.indicator}/${s.period}`)).toEqual(['schools/reading/SY2024-25', 'library/seats/2025-Q1', 'schools/seats/2025-Q1', 'library/score/2025', 'schools/score/2025']);
  });
});
