/** Complementary suppression (SPEC 4.5): the plan, the export and the report hide the same cells. */
import { describe, expect, it } from 'vitest';
import { exportChunks } from '../../src/core/data/export.js';
import { isSuppressed, suppressionPlan, type HiddenCell } from '../../src/core/data/suppress.js';
import type { Cell, MergedData, TidyRow } from '../../src/core/data/types.js';
import type { Aggregation, Indicator, Initiative, Unit } from '../../src/core/model/types.js';
import { parsePeriod } from '../../src/core/periods.js';
import { buildReport } from '../../src/core/report/build.js';
import { validateInitiative } from '../../src/core/validate.js';
import { EXAMPLE } from '../helpers/run.js';
import { exported, judge, leaks } from './suppression-check.js';

const at = { file: 'x.yaml', path: [] };

function indicator(id: string, aggregation: Aggregation, unit: Unit): Indicator {
  return {
    id, name: id, goal: 'g', unit, direction: 'increase', frequency: 'year', aggregation,
    scale: unit === 'percent' ? 100 : 1, range: null, targets: [], progress: 'linear', reporters: [],
    disaggregate_by: ['area'], at,
  } as Indicator;
}

const AREAS = ['n', 's', 'e', 'w', 'c'];

function initiative(indicators: Indicator[], minCount: number | undefined): Initiative {
  return {
    root: '/nowhere',
    settings: {
      version: 1, id: 't', name: 'T', period: 'year', school_year_start: 8, fiscal_year_start: 1,
      backbone: { organization: 'B', staff: [] },
      reporting: { data_due_days: 30, locale: 'en-US', timezone: 'UTC', thresholds: [0.95, 0.6, 0] },
      privacy: minCount === undefined ? {} : { min_count: minCount }, at,
    },
    agenda: { goals: [], glossary: [], at },
    indicators,
    partners: ['a', 'b', 'c'].map((id) => ({ id, name: id, sector: 'nonprofit', commitments: [], at })),
    activities: [], series: [], meetings: [],
    dimensions: [{ id: 'area', name: 'Area', values: AREAS.map((id) => ({ id, label: id.toUpperCase() })), at }],
  } as unknown as Initiative;
}

/** A partner row: [partner, area ('' = total), value] or [partner, area, numerator, denominator]. */
type R = [string, string, number] | [string, string, number, number];

/** Merged data for one indicator and period 2025, as loadData would give it (tidy rows sorted). */
function merged(ix: Indicator, rows: R[]): MergedData {
  const tidy: TidyRow[] = rows
    .map(([partner, area, a, b]) => {
      const r: TidyRow = { indicator: ix.id, period: '2025', partner, dimensions: area ? { area } : {}, value: b === undefined ? a : (a / b) * 100, file: 'd.csv', line: 2 };
      if (b !== undefined) Object.assign(r, { numerator: a, denominator: b });
      return r;
    })
    .sort((x, y) => (x.partner < y.partner ? -1 : x.partner > y.partner ? 1 : AREAS.indexOf(x.dimensions['area'] ?? '') - AREAS.indexOf(y.dimensions['area'] ?? '')));
  const combine = (list: TidyRow[]): Cell => {
    const c: Cell = { value: 0, rows: list.length, partners: list.map((r) => r.partner).sort() };
    if (ix.aggregation === 'weighted') {
      c.numerator = list.reduce((n, r) => n + r.numerator!, 0);
      c.denominator = list.reduce((n, r) => n + r.denominator!, 0);
      c.value = (c.numerator / c.denominator) * 100;
    } else c.value = list.reduce((n, r) => n + r.value, 0);
    return c;
  };
  const totals = new Map([['2025', combine(tidy.filter((r) => !r.dimensions['area']))]]);
  const byValue = new Map<string, Map<string, Cell>>();
  for (const v of AREAS) {
    const list = tidy.filter((r) => r.dimensions['area'] === v);
    if (list.length) byValue.set(v, new Map([['2025', combine(list)]]));
  }
  return {
    indicators: new Map([[ix.id, { indicator: ix.id, totals, groups: new Map([['area', byValue]]) }]]),
    files: [], submissions: [],
    tidy: { size: tidy.length, dimensions: ['area'], rows: () => tidy[Symbol.iterator]() },
  };
}

const count = indicator('kids', 'sum', 'count');
const rate = indicator('ready', 'weighted', 'percent');

/** The hidden cells as 'partner:area=reason' ('*' for the initiative figure). */
function hidden(ix: Indicator, rows: R[], minCount = 10): string[] {
  return suppressionPlan(initiative([ix], minCount), merged(ix, rows)).cells.map((c: HiddenCell) => `${c.partner ?? '*'}:${c.dimensions['area']}=${c.reason}`);
}

function report(ini: Initiative, data: MergedData) {
  return buildReport({ initiative: ini, data, completeness: [], today: '2026-03-01', period: parsePeriod('2025')!, provenance: { commit: null, dirty: null, files: [] } });
}

describe('suppressionPlan (SPEC 4.5)', () => {
  it('a single small cell: the next smallest of its set is hidden too, at both levels', () => {
    const rows: R[] = [['a', '', 103], ['a', 'n', 3], ['a', 's', 20], ['a', 'e', 30], ['a', 'w', 50]];
    expect(hidden(count, rows)).toEqual(['*:n=small', '*:s=complementary', 'a:n=small', 'a:s=complementary']);
  });

  it('two small cells whose sum is below min_count: a third is hidden', () => {
    const rows: R[] = [['a', '', 60], ['a', 'n', 2], ['a', 's', 3], ['a', 'e', 15], ['a', 'w', 40]];
    expect(hidden(count, rows)).toEqual(['*:n=small', '*:s=small', '*:e=complementary', 'a:n=small', 'a:s=small', 'a:e=complementary']);
    // Two small cells that together reach min_count are enough.
    expect(hidden(count, [['a', '', 60], ['a', 'n', 4], ['a', 's', 6], ['a', 'e', 15], ['a', 'w', 35]])).toEqual(['*:n=small', '*:s=small', 'a:n=small', 'a:s=small']);
  });

  it('weighted: counts are denominators; numerators and denominators are hidden together', () => {
    // The example's k-readiness, SY2025-26, eastside-schools: Asian 4/6 was total minus the rest.
    const rows: R[] = [['a', '', 465, 899], ['a', 'n', 232, 476], ['a', 's', 131, 257], ['a', 'e', 70, 110], ['a', 'w', 4, 6], ['a', 'c', 28, 50]];
    expect(hidden(rate, rows)).toEqual(['*:w=small', '*:c=complementary', 'a:w=small', 'a:c=complementary']);
    const ini = initiative([rate], 10);
    const data = merged(rate, rows);
    const out = JSON.parse([...exportChunks(ini, data, { format: 'json' })].join('')) as Record<string, unknown>[];
    const shown = out.filter((r) => r['area'] !== null && r['suppressed'] !== true);
    const num = 465 - shown.reduce((n, r) => n + Number(r['numerator']), 0);
    const den = 899 - shown.reduce((n, r) => n + Number(r['denominator']), 0);
    expect([num, den]).toEqual([32, 56]); // only the two hidden cells together: 4/6 + 28/50
    for (const r of out.filter((x) => x['suppressed'] === true)) expect(r).not.toHaveProperty('numerator');
    // A large numerator does not protect a small denominator, nor a small numerator expose a large one.
    expect(hidden(rate, [['a', '', 30, 100], ['a', 'n', 0, 60], ['a', 's', 27, 31], ['a', 'e', 3, 9]])).toEqual(['*:s=complementary', '*:e=small', 'a:s=complementary', 'a:e=small']);
  });

  it('weighted: the hidden cells of a set reach min_count in numerators too, or another is hidden', () => {
    // n 1/5 is small; s 2/100 covers its denominator (105), but together they hold 3 people,
    // which the total minus e would give away: e is hidden as well (53 people, 305).
    const rows: R[] = [['a', '', 53, 305], ['a', 'n', 1, 5], ['a', 's', 2, 100], ['a', 'e', 50, 200]];
    expect(hidden(rate, rows)).toEqual(['*:n=small', '*:s=complementary', '*:e=complementary', 'a:n=small', 'a:s=complementary', 'a:e=complementary']);
    // when the two reach 10 people, two are enough
    expect(hidden(rate, [['a', '', 60, 305], ['a', 'n', 1, 5], ['a', 's', 9, 100], ['a', 'e', 50, 200]])).toEqual(['*:n=small', '*:s=complementary', 'a:n=small', 'a:s=complementary']);
  });

  it('partners against the initiative figure: a lone hidden row is covered by another partner, or the figure', () => {
    // a's north is small; b's north would give it as initiative minus b.
    const rows: R[] = [['a', '', 34], ['a', 'n', 4], ['a', 's', 30], ['b', '', 100], ['b', 'n', 40], ['b', 's', 60]];
    expect(hidden(count, rows)).toEqual(['a:n=small', 'a:s=complementary', 'b:n=complementary', 'b:s=complementary']);
    // The initiative figures stay shown: north 44 and south 90 are each two hidden rows' sum.
    const ini = initiative([count], 10);
    const data = merged(count, rows);
    expect(report(ini, data).indicators[0]!.groups['area']!.filter((g) => g.period).map((g) => [g.value, g.latest])).toEqual([['n', 44], ['s', 90]]);
    // One partner alone in a group: its hidden row is the initiative figure, which is hidden with it.
    const lone: R[] = [['a', '', 40], ['a', 'n', 25], ['a', 's', 15], ['b', '', 100], ['b', 's', 95], ['b', 'e', 5]];
    expect(hidden(count, lone)).toEqual(['*:n=complementary', '*:e=small', 'a:n=complementary', 'a:s=complementary', 'b:s=complementary', 'b:e=small']);
    expect(leaks(ini, merged(count, lone), [report(ini, merged(count, lone))])).toEqual([]);
  });

  it('never hides a total, however small', () => {
    const rows: R[] = [['a', '', 5], ['a', 'n', 2], ['a', 's', 3], ['b', '', 7], ['b', 'n', 7]];
    const plan = suppressionPlan(initiative([count], 10), merged(count, rows));
    expect(plan.cells.every((c) => Object.keys(c.dimensions).length > 0)).toBe(true);
    expect(plan.isHidden('kids', '2025', 'a', {})).toBe(false);
    expect(plan.isHidden('kids', '2025', null, {})).toBe(false);
    expect(plan.reasonFor('kids', '2025', 'a', { area: 'n' })).toBe('small');
  });

  it('ties go to the first partner id, then the first value in dimensions.yaml; rows before the initiative figure', () => {
    expect(hidden(count, [['a', '', 72], ['a', 'n', 2], ['a', 's', 30], ['a', 'e', 30], ['a', 'w', 10]])).toEqual(['*:n=small', '*:w=complementary', 'a:n=small', 'a:w=complementary']);
    expect(hidden(count, [['a', '', 62], ['a', 'n', 2], ['a', 's', 30], ['a', 'e', 30]])).toEqual(['*:n=small', '*:s=complementary', 'a:n=small', 'a:s=complementary']);
    const rows: R[] = [['a', '', 33], ['a', 'n', 3], ['a', 's', 30], ['b', '', 30], ['b', 'n', 15], ['b', 's', 15], ['c', '', 30], ['c', 'n', 15], ['c', 's', 15]];
    expect(hidden(count, rows)).toEqual(['a:n=small', 'a:s=complementary', 'b:n=complementary', 'b:s=complementary']);
  });

  it('hides nothing without min_count, and export --no-suppress shows everything', () => {
    const rows: R[] = [['a', '', 10], ['a', 'n', 3], ['a', 's', 7]];
    expect(suppressionPlan(initiative([count], undefined), merged(count, rows)).cells).toEqual([]);
    expect(exported(initiative([count], 10), merged(count, rows)).truth.some((r) => r['suppressed'])).toBe(false);
  });

  it('keeps isSuppressed as primary suppression only', () => {
    expect(isSuppressed(count, { value: 20 }, 10)).toBe(false);
    expect(hidden(count, [['a', '', 23], ['a', 'n', 3], ['a', 's', 20]])).toContain('a:s=complementary');
  });

  it('the report counts its hidden groups by reason', () => {
    const ini = initiative([count], 10);
    const m = report(ini, merged(count, [['a', '', 103], ['a', 'n', 3], ['a', 's', 20], ['a', 'e', 30], ['a', 'w', 50]]));
    expect(m.suppression).toEqual({ hidden: 2, small: 1, complementary: 1 });
    expect(m.indicators[0]!.groups['area']!.map((g) => g.suppressed)).toEqual([true, true, false, false, false]);
    expect(m.indicators[0]!.equityGap['area']).toEqual({ best: 'w', worst: 'e', gap: 20 });
  });
});

describe('the example (SPEC 4.5)', () => {
  it('judges a set as a reader would', () => {
    const m = (hidden: boolean, count: number) => ({ name: String(count), hidden, count });
    expect(judge([m(true, 4), m(false, 40)], 'published', 10)).toMatch(/total minus/);
    expect(judge([m(true, 4), m(true, 5), m(false, 40)], 'published', 10)).toMatch(/add up to 9/);
    expect(judge([m(true, 4), m(true, 5)], 'published', 10)).toBeNull();
    expect(judge([m(true, 4)], 'shown', 10)).toMatch(/total minus/);
    expect(judge([m(false, 4), m(false, 40)], 'hidden', 10)).toMatch(/sum of the shown/);
  });

  it('no hidden figure of the export or the reports can be worked out from them together', async () => {
    const v = await validateInitiative(EXAMPLE, { today: '2026-11-23' });
    const data = v.data!;
    const ini = v.initiative;
    // Primary suppression alone (the export before complementary suppression) let k-readiness's
    // Asian SY2025-26 cell of eastside-schools be worked out as 4/6.
    const { truth } = exported(ini, data);
    const block = truth.filter((r) => r['indicator'] === 'k-readiness' && r['period'] === 'SY2025-26' && r['partner'] === 'eastside-schools' && r['neighborhood'] === null);
    const primary = block.filter((r) => r['race-ethnicity'] !== null && !isSuppressed(ini.indicators.find((x) => x.id === 'k-readiness')!, r as { value: number; denominator?: number }, 10));
    const total = block.find((r) => r['race-ethnicity'] === null)!;
    const sum = (k: string) => Number(total[k]) - primary.reduce((n, r) => n + Number(r[k]), 0);
    expect([sum('numerator'), sum('denominator')]).toEqual([4, 6]);

    // A report for every period any indicator has data for, so every group figure is shown somewhere.
    const periods = new Set(truth.map((r) => String(r['period'])));
    const reports = [...periods].map((text) =>
      buildReport({ initiative: ini, data, completeness: [], today: '2026-11-23', period: parsePeriod(text, ini.settings.school_year_start)!, provenance: { commit: null, dirty: null, files: [] } }));
    expect(leaks(ini, data, reports)).toEqual([]);
    const { shown } = exported(ini, data);
    expect(shown.find((r) => r['indicator'] === 'k-readiness' && r['period'] === 'SY2025-26' && r['partner'] === 'eastside-schools' && r['race-ethnicity'] === 'asian')).toMatchObject({ value: null, suppressed: true });
  });
});
