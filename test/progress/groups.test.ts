/** The equity lens: group figures, gaps to the total, best/worst, and small-number suppression (SPEC 4.5). */
import { describe, expect, it } from 'vitest';
import { computeProgress, equityGapOf, isSuppressed } from '../../src/core/progress.js';
import { cell, data, dimension, indicator, period, settings } from './helpers.js';

const race = dimension('race-ethnicity', [
  ['black', 'Black'],
  ['hispanic', 'Hispanic/Latino'],
  ['white', 'White'],
  ['asian', 'Asian'],
]);

describe('isSuppressed', () => {
  const weighted = { unit: 'percent' as const, aggregation: 'weighted' as const };
  const count = { unit: 'count' as const, aggregation: 'sum' as const };
  const mean = { unit: 'score' as const, aggregation: 'mean' as const };
  it.each([
    ['weighted, denominator below', weighted, { value: 40, denominator: 9 }, 10, true],
    ['weighted, denominator at min_count', weighted, { value: 40, denominator: 10 }, 10, false],
    ['weighted, no denominator', weighted, { value: 40 }, 10, true],
    ['count below', count, { value: 9 }, 10, true],
    ['count at min_count', count, { value: 10 }, 10, false],
    ['count, no min_count', count, { value: 1 }, undefined, false],
    ['weighted, no min_count', weighted, { value: 40 }, undefined, false],
    ['mean score: no count to judge', mean, { value: 1 }, 10, false],
  ] as const)('%s → %s', (_name, ind, c, min, expected) => {
    expect(isSuppressed(ind, c, min)).toBe(expected);
  });
});

describe('groups through computeProgress', () => {
  const ind = indicator({
    unit: 'percent',
    aggregation: 'weighted',
    direction: 'increase',
    disaggregate_by: ['race-ethnicity'],
    baseline: { period: '2020', value: 40 },
    targets: [{ period: '2026', value: 70 }],
  });
  const d = data(
    { '2023': 48, '2024': cell(50, { numerator: 5, denominator: 5 }) }, // a total with a small count is never suppressed
    {
      'race-ethnicity': {
        black: { '2024': cell(40, { numerator: 20, denominator: 50 }), '2025': cell(99, { numerator: 99, denominator: 100 }) },
        hispanic: { '2024': cell(45, { numerator: 4, denominator: 8 }) },
        white: { '2023': cell(70, { numerator: 70, denominator: 100 }), '2024': cell(62, { numerator: 62, denominator: 100 }) },
      },
    },
  );

  it('shows each group in dimension order, suppressed figures as null', () => {
    const p = computeProgress(ind, d, period('2024'), settings({ min_count: 10 }), [race]);
    expect(p.latest).toEqual({ period: '2024', value: 50 });
    expect(p.groups['race-ethnicity']).toEqual([
      { value: 'black', label: 'Black', period: '2024', latest: 40, suppressed: false, gapToTotal: -10 },
      { value: 'hispanic', label: 'Hispanic/Latino', period: '2024', latest: null, suppressed: true, gapToTotal: null },
      { value: 'white', label: 'White', period: '2024', latest: 62, suppressed: false, gapToTotal: 12 },
      { value: 'asian', label: 'Asian', period: null, latest: null, suppressed: false, gapToTotal: null },
    ]);
    expect(p.equityGap['race-ethnicity']).toEqual({ best: 'white', worst: 'black', gap: 22 });
  });

  it('leaves suppressed groups out of the equity gap, even when they would be the worst', () => {
    const p = computeProgress(ind, d, period('2024'), settings({ min_count: 10 }), [race]);
    expect(p.equityGap['race-ethnicity']?.worst).toBe('black');
    const open = computeProgress(ind, d, period('2024'), settings(), [race]);
    expect(open.groups['race-ethnicity']![1]).toMatchObject({ latest: 45, suppressed: false, gapToTotal: -5 });
    expect(open.equityGap['race-ethnicity']).toEqual({ best: 'white', worst: 'black', gap: 22 });
  });

  it('ranks best and worst by direction', () => {
    const p = computeProgress({ ...ind, direction: 'decrease' }, d, period('2024'), settings({ min_count: 10 }), [race]);
    expect(p.equityGap['race-ethnicity']).toEqual({ best: 'black', worst: 'white', gap: 22 });
  });

  it('uses the period of the total’s latest; a group without a figure for it shows none', () => {
    const p = computeProgress(ind, d, period('2023'), settings({ min_count: 10 }), [race]);
    expect(p.groups['race-ethnicity']![2]).toEqual({ value: 'white', label: 'White', period: '2023', latest: 70, suppressed: false, gapToTotal: 22 });
    expect(p.groups['race-ethnicity']![0]).toMatchObject({ value: 'black', period: null, latest: null });
    expect(p.equityGap['race-ethnicity']).toBeNull(); // one group only
  });

  it('a group figure newer than the total’s latest is not shown beside it (SPEC 5)', () => {
    const p = computeProgress(ind, d, period('2025'), settings({ min_count: 10 }), [race]);
    expect(p.latest?.period).toBe('2024');
    expect(p.groups['race-ethnicity']![0]).toEqual({ value: 'black', label: 'Black', period: '2024', latest: 40, suppressed: false, gapToTotal: -10 });
    expect(p.equityGap['race-ethnicity']).toEqual({ best: 'white', worst: 'black', gap: 22 });
  });

  it('count indicators: a small group value is suppressed, a small total never', () => {
    const countInd = indicator({ unit: 'count', aggregation: 'sum', disaggregate_by: ['race-ethnicity'] });
    const dd = data({ '2024': 7 }, { 'race-ethnicity': { black: { '2024': 4 }, white: { '2024': 3 }, asian: { '2024': 12 } } });
    const p = computeProgress(countInd, dd, period('2024'), settings({ min_count: 5 }), [race]);
    expect(p.latest).toEqual({ period: '2024', value: 7 });
    expect(p.groups['race-ethnicity']!.map((g) => [g.value, g.latest, g.suppressed])).toEqual([
      ['black', null, true],
      ['hispanic', null, false],
      ['white', null, true],
      ['asian', 12, false],
    ]);
    expect(p.equityGap['race-ethnicity']).toBeNull();
  });

  it('a dimension without data gives groups without figures; an undeclared dimension falls back to the data', () => {
    const p = computeProgress({ ...ind, disaggregate_by: ['race-ethnicity', 'neighborhood'] }, undefined, period('2024'), settings(), [race]);
    expect(p.status).toBe('no-data');
    expect(p.groups['race-ethnicity']).toHaveLength(4);
    expect(p.groups['race-ethnicity']!.every((g) => g.latest === null && g.period === null)).toBe(true);
    expect(p.groups['neighborhood']).toEqual([]);
    expect(p.equityGap).toEqual({ 'race-ethnicity': null, neighborhood: null });

    const dd = data({ '2024': 5 }, { neighborhood: { east: { '2024': 4 }, west: { '2024': 6 } } });
    const q = computeProgress({ ...ind, aggregation: 'mean', disaggregate_by: ['neighborhood'] }, dd, period('2024'), settings(), [race]);
    expect(q.groups['neighborhood']!.map((g) => [g.value, g.label, g.latest])).toEqual([
      ['east', 'east', 4],
      ['west', 'west', 6],
    ]);
    expect(q.equityGap['neighborhood']).toEqual({ best: 'west', worst: 'east', gap: 2 });
  });
});

describe('equityGapOf', () => {
  const g = (value: string, latest: number | null, suppressed = false, p: string | null = '2024') => ({
    value,
    label: value,
    period: p,
    latest,
    suppressed,
    gapToTotal: null,
  });
  it('ties go to the first group in value order; the gap is never negative', () => {
    expect(equityGapOf({ direction: 'increase' }, [g('a', 5), g('b', 5), g('c', 3)])).toEqual({ best: 'a', worst: 'c', gap: 2 });
    expect(equityGapOf({ direction: 'decrease' }, [g('a', 5), g('b', 5), g('c', 3)])).toEqual({ best: 'c', worst: 'a', gap: 2 });
    expect(equityGapOf({ direction: 'increase' }, [g('a', -5), g('b', -1)])).toEqual({ best: 'b', worst: 'a', gap: 4 });
  });
  it('needs two shown groups of the most recent period', () => {
    expect(equityGapOf({ direction: 'increase' }, [g('a', 5), g('b', null, true)])).toBeNull();
    expect(equityGapOf({ direction: 'increase' }, [g('a', 5), g('b', 7, false, '2023'), g('c', 9)])).toEqual({ best: 'c', worst: 'a', gap: 4 });
    expect(equityGapOf({ direction: 'increase' }, [])).toBeNull();
  });
});
