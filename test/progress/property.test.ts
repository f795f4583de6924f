/** Property: whatever the figures, progress never emits NaN or ±Infinity and always one of the 8 statuses. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STATUS_ORDER, computeProgress, type IndicatorProgress } from '../../src/core/progress.js';
import { fromIndex, type PeriodType } from '../../src/core/periods.js';
import { cell, data, dimension, indicator, settings } from './helpers.js';

const PER_YEAR: Record<PeriodType, number> = { year: 1, 'school-year': 1, half: 2, quarter: 4, month: 12 };

/** Every number anywhere in the result; fails on undefined too. */
function numbers(v: unknown, path = '$', out: [string, number][] = []): [string, number][] {
  if (typeof v === 'number') out.push([path, v]);
  else if (Array.isArray(v)) v.forEach((x, i) => numbers(x, `${path}[${i}]`, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) numbers(x, `${path}.${k}`, out);
  return out;
}

// Values that stress the maths: zeros, signs, tiny and huge magnitudes, and (for robustness) non-finite ones.
const value = fc.oneof(
  { weight: 6, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }) },
  { weight: 2, arbitrary: fc.constantFrom(0, -0, 0.001, -0.001, 1, -1, 1e-300, 1e300, -1e300, Number.MAX_VALUE) },
  { weight: 2, arbitrary: fc.integer({ min: -3, max: 100 }) },
  { weight: 1, arbitrary: fc.double() },
);

const scenario = fc
  .record({
    type: fc.constantFrom<PeriodType>('year', 'school-year', 'half', 'quarter', 'month'),
    direction: fc.constantFrom('increase' as const, 'decrease' as const),
    progress: fc.constantFrom('linear' as const, 'gap-closed' as const, 'cagr-ratio' as const),
    unit: fc.constantFrom('percent' as const, 'count' as const, 'rate' as const),
    aggregation: fc.constantFrom('weighted' as const, 'sum' as const, 'mean' as const),
    baseline: fc.option(fc.record({ at: fc.integer({ min: 0, max: 12 }), value }), { nil: undefined }),
    targets: fc.array(fc.record({ at: fc.integer({ min: -2, max: 16 }), value }), { maxLength: 3 }),
    thresholds: fc.option(fc.tuple(value, value, value), { nil: undefined }),
    totals: fc.dictionary(fc.integer({ min: 0, max: 14 }).map(String), value, { maxKeys: 8 }),
    groups: fc.dictionary(
      fc.constantFrom('a', 'b', 'c', 'z'),
      fc.dictionary(fc.integer({ min: 0, max: 14 }).map(String), fc.tuple(value, fc.option(value, { nil: undefined })), { maxKeys: 4 }),
      { maxKeys: 4 },
    ),
    minCount: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
    report: fc.integer({ min: -1, max: 16 }),
    hasData: fc.boolean(),
  })
  .map((s) => {
    const start = 2015 * PER_YEAR[s.type];
    const text = (k: number | string) => fromIndex(s.type, start + Number(k)).text;
    const totals = Object.fromEntries(Object.entries(s.totals).map(([k, v]) => [text(k), v]));
    const groups = {
      dim: Object.fromEntries(
        Object.entries(s.groups).map(([g, rows]) => [
          g,
          Object.fromEntries(Object.entries(rows).map(([k, [v, den]]) => [text(k), cell(v, den === undefined ? {} : { denominator: den })])),
        ]),
      ),
    };
    return {
      s,
      ind: indicator({
        frequency: s.type,
        direction: s.direction,
        progress: s.progress,
        unit: s.unit,
        aggregation: s.aggregation,
        disaggregate_by: ['dim', 'other'],
        ...(s.baseline ? { baseline: { period: text(s.baseline.at), value: s.baseline.value } } : {}),
        targets: s.targets.map((t) => ({ period: text(t.at), value: t.value })),
        ...(s.thresholds ? { thresholds: s.thresholds } : {}),
      }),
      data: s.hasData ? data(totals, groups) : undefined,
      report: fromIndex(s.type, start + s.report),
      settings: settings(s.minCount === undefined ? {} : { min_count: s.minCount }),
    };
  });

function check(p: IndicatorProgress): void {
  expect(STATUS_ORDER).toContain(p.status);
  if (p.trend !== null) expect(['improving', 'flat', 'worsening']).toContain(p.trend);
  for (const [path, n] of numbers(p)) {
    if (!Number.isFinite(n)) throw new Error(`${path} is ${n}`);
  }
  expect(p.trend === null).toBe(p.growth === null);
  if (p.score !== null) expect(['no-data', 'no-target', 'insufficient-data']).not.toContain(p.status);
  if (p.status === 'no-data') expect(p.latest).toBeNull();
}

describe('computeProgress (property)', () => {
  it('never emits NaN or Infinity, and the status is one of the 8', () => {
    const dims = [dimension('dim', [['a', 'A'], ['b', 'B'], ['c', 'C']])];
    const seen = new Set<string>();
    fc.assert(
      fc.property(scenario, ({ ind, data: d, report, settings: st }) => {
        const p = computeProgress(ind, d, report, st, dims);
        check(p);
        seen.add(p.status);
      }),
      { numRuns: 3000 },
    );
    // The generator must reach every branch, or the property proves little.
    expect([...seen].sort()).toEqual([...STATUS_ORDER].sort());
  });

  it('lists each of the 8 statuses exactly once in STATUS_ORDER', () => {
    expect(new Set(STATUS_ORDER).size).toBe(8);
    expect(STATUS_ORDER).toHaveLength(8);
  });
});
