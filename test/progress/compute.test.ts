/** computeProgress end to end on small indicators: the status order and the edge cases of SPEC 5. */
import { describe, expect, it } from 'vitest';
import { computeProgress, type IndicatorProgress, type ProgressMethod, type Status } from '../../src/core/progress.js';
import type { Indicator } from '../../src/core/model/types.js';
import { data, indicator, period, settings } from './helpers.js';

function run(ind: Partial<Indicator>, totals: Record<string, number> | undefined, report: string, s = settings()): IndicatorProgress {
  return computeProgress(indicator(ind), totals ? data(totals) : undefined, period(report), s, []);
}

const methods: ProgressMethod[] = ['linear', 'gap-closed', 'cagr-ratio'];

describe('status order: no-data → achieved → insufficient-data → no-target → score', () => {
  const base = { baseline: { period: '2020', value: 40 }, targets: [{ period: '2024', value: 60 }] };

  it.each(methods)('%s: no-data without data', (progress) => {
    const p = run({ ...base, progress }, undefined, '2022');
    expect(p).toMatchObject({ status: 'no-data', latest: null, score: null, gapClosed: null, trend: null, growth: null, series: [] });
    expect(p.baseline).toEqual({ period: '2020', value: 40 });
    expect(p.target).toEqual({ period: '2024', value: 60 });
  });

  it('no-data when every figure is after the report period', () => {
    const p = run(base, { '2023': 50 }, '2022');
    expect(p.status).toBe('no-data');
    expect(p.series).toEqual([]);
  });

  it.each(methods)('%s: achieved comes before insufficient-data (no baseline, latest at baseline)', (progress) => {
    expect(run({ targets: base.targets, progress }, { '2021': 61 }, '2022').status).toBe('achieved');
    expect(run({ ...base, progress }, { '2020': 60 }, '2022').status).toBe('achieved');
  });

  it.each(methods)('%s: achieved (decrease) when latest is at or below the target', (progress) => {
    const ind = { progress, direction: 'decrease' as const, baseline: { period: '2020', value: 20 }, targets: [{ period: '2024', value: 10 }] };
    expect(run(ind, { '2020': 20, '2022': 10 }, '2022').status).toBe('achieved');
    expect(run(ind, { '2020': 20, '2022': 10.1 }, '2022').status).not.toBe('achieved');
  });

  it.each(methods)('%s: insufficient-data without a baseline (with a target)', (progress) => {
    const p = run({ targets: base.targets, progress }, { '2020': 40, '2022': 50 }, '2022');
    expect(p.status).toBe('insufficient-data');
    expect(p.score).toBeNull();
    expect(p.gapClosed).toBeNull();
    // the trend still runs from the first data point
    expect(p.growth).toBeCloseTo(Math.sqrt(50 / 40) - 1, 12);
    expect(p.trend).toBe('improving');
  });

  it.each(methods)('%s: insufficient-data when latest is at the baseline period', (progress) => {
    const p = run({ ...base, progress }, { '2019': 30, '2020': 42 }, '2020');
    expect(p.status).toBe('insufficient-data');
    expect(p.score).toBeNull();
    expect(p.gapClosed).toBeCloseTo(0.1, 12); // (42 − 40)/(60 − 40): YAML baseline vs latest
    expect(p.trend).toBeNull(); // no time from the baseline
    expect(p.growth).toBeNull();
  });

  it('insufficient-data when latest is before the baseline period', () => {
    const p = run({ baseline: { period: '2021', value: 40 }, targets: base.targets }, { '2020': 42 }, '2020');
    expect(p.status).toBe('insufficient-data');
    expect(p.gapClosed).toBeNull();
  });

  it('insufficient-data for cagr-ratio when baseline and latest have opposite signs (0 counts as 0.001)', () => {
    const ind = { progress: 'cagr-ratio' as const, targets: [{ period: '2024', value: 20 }] };
    expect(run({ ...ind, baseline: { period: '2020', value: 10 } }, { '2022': -5 }, '2022').status).toBe('insufficient-data');
    expect(run({ ...ind, baseline: { period: '2020', value: 0 } }, { '2022': -5 }, '2022').status).toBe('insufficient-data');
    // linear does not care about signs: (−5 − 10)/((20 − 10)·0.5) = −3
    const linear = run({ ...ind, progress: 'linear', baseline: { period: '2020', value: 10 } }, { '2022': -5 }, '2022');
    expect(linear.status).toBe('regressing');
    expect(linear.score).toBeCloseTo(-3, 12);
  });

  it('insufficient-data for cagr-ratio when the target is of the other sign than the baseline', () => {
    const p = run({ progress: 'cagr-ratio', baseline: { period: '2020', value: -5 }, targets: [{ period: '2024', value: 5 }] }, { '2022': -3 }, '2022');
    expect(p.status).toBe('insufficient-data');
    expect(p.score).toBeNull();
  });

  it.each(methods)('%s: no-target, the trend tells the direction', (progress) => {
    const ind = { progress, baseline: { period: '2020', value: 100 } };
    const up = run(ind, { '2020': 100, '2022': 121 }, '2022');
    expect(up).toMatchObject({ status: 'no-target', score: null, target: null, gapClosed: null, trend: 'improving' });
    expect(up.growth).toBeCloseTo(0.1, 12);
    expect(run(ind, { '2020': 100, '2022': 100.4 }, '2022').trend).toBe('flat');
    expect(run(ind, { '2020': 100, '2022': 81 }, '2022').trend).toBe('worsening');
    expect(run({ ...ind, direction: 'decrease' }, { '2020': 100, '2022': 81 }, '2022').trend).toBe('improving');
  });

  it('no-target without a baseline: the trend runs from the first data point', () => {
    const p = run({}, { '2019': 50, '2021': 72, '2023': 99 }, '2021');
    expect(p.status).toBe('no-target');
    expect(p.baseline).toBeNull();
    expect(p.growth).toBeCloseTo(0.2, 12);
    expect(p.trend).toBe('improving');
    expect(p.series).toEqual([
      { period: '2019', value: 50 },
      { period: '2021', value: 72 },
    ]);
  });

  it('insufficient-data without a target and a single point', () => {
    const p = run({}, { '2021': 72 }, '2023');
    expect(p).toMatchObject({ status: 'insufficient-data', trend: null, growth: null, latest: { period: '2021', value: 72 } });
  });

  it('the YAML baseline value, not the data at the baseline period, is the baseline', () => {
    const p = run(base, { '2020': 45, '2022': 50 }, '2022');
    expect(p.baseline).toEqual({ period: '2020', value: 40 });
    expect(p.score).toBeCloseTo(1, 12); // (50 − 40)/((60 − 40)·2/4)
  });
});

describe('scores through computeProgress', () => {
  const base = { baseline: { period: '2020', value: 40 }, targets: [{ period: '2024', value: 60 }] };
  it.each([
    ['linear', 50, 1, 'on-track'],
    ['linear', 49.5, 0.95, 'on-track'],
    ['linear', 49, 0.9, 'needs-acceleration'],
    ['linear', 46, 0.6, 'needs-acceleration'],
    ['linear', 45, 0.5, 'off-track'],
    ['linear', 40, 0, 'off-track'],
    ['linear', 38, -0.2, 'regressing'],
    ['gap-closed', 50, 1, 'on-track'],
    ['gap-closed', 45, 0.5, 'off-track'],
    ['gap-closed', 38, -0.2, 'regressing'],
  ] as [ProgressMethod, number, number, Status][])('%s latest %d → s=%d %s', (progress, latest, score, status) => {
    const p = run({ ...base, progress }, { '2020': 40, '2022': latest }, '2022');
    expect(p.status).toBe(status);
    expect(p.score).toBeCloseTo(score, 12);
    expect(p.gapClosed).toBeCloseTo((latest - 40) / 20, 12);
  });

  it('cagr-ratio: 100 → 121 in 2 years against 144 in 2 years is 0.5', () => {
    const p = run({ progress: 'cagr-ratio', baseline: { period: '2020', value: 100 }, targets: [{ period: '2022', value: 144 }] }, { '2021': 110, '2022': 121 }, '2022');
    expect(p.score).toBeCloseTo(0.5, 12);
    expect(p.status).toBe('off-track');
  });

  it('cagr-ratio keeps a score when the target is achieved (as Open SDG publishes it)', () => {
    const p = run({ progress: 'cagr-ratio', baseline: { period: '2020', value: 100 }, targets: [{ period: '2022', value: 121 }] }, { '2022': 144 }, '2022');
    expect(p.status).toBe('achieved');
    expect(p.score).toBeCloseTo(2, 12);
  });

  it('school years: SY2021-22 → SY2024-25 is 3 years', () => {
    const ind = {
      frequency: 'school-year' as const,
      baseline: { period: 'SY2021-22', value: 40 },
      targets: [{ period: 'SY2027-28', value: 100 }],
    };
    const p = run(ind, { 'SY2021-22': 40, 'SY2024-25': 70 }, 'SY2024-25');
    expect(p.score).toBeCloseTo(1, 12); // expected = 40 + 60·3/6 = 70
    expect(p.status).toBe('on-track');
    expect(p.growth).toBeCloseTo(Math.cbrt(70 / 40) - 1, 12);
    // a report period of another type selects by end date: SY2024-25 ends 2025-07-31
    expect(run(ind, { 'SY2021-22': 40, 'SY2024-25': 70 }, '2025-07').latest?.period).toBe('SY2024-25');
    expect(run(ind, { 'SY2021-22': 40, 'SY2024-25': 70 }, '2025-06').latest?.period).toBe('SY2021-22');
  });

  it('quarters: 2024-Q2 → 2025-Q3 is 1.25 years', () => {
    const ind = { frequency: 'quarter' as const, baseline: { period: '2024-Q2', value: 100 }, targets: [{ period: '2026-Q2', value: 200 }] };
    const p = run(ind, { '2024-Q2': 100, '2025-Q3': 125 }, '2025-Q3');
    expect(p.score).toBeCloseTo(0.4, 12); // expected = 100 + 100·1.25/2 = 162.5
    expect(p.status).toBe('off-track');
    expect(p.growth).toBeCloseTo(Math.pow(1.25, 1 / 1.25) - 1, 12);
    const cagr = run({ ...ind, progress: 'cagr-ratio' }, { '2025-Q3': 125 }, '2025');
    expect(cagr.score).toBeCloseTo((Math.pow(1.25, 0.8) - 1) / (Math.SQRT2 - 1), 12);
  });

  it('latest is the latest period ending on or before the report period, whatever the row order', () => {
    const p = run(base, { '2023': 55, '2021': 45, '2025': 70, '2022': 50 }, '2023');
    expect(p.latest).toEqual({ period: '2023', value: 55 });
    expect(p.series.map((s) => s.period)).toEqual(['2021', '2022', '2023']);
  });
});

describe('unmet target equal to the baseline', () => {
  it.each(methods)('%s: regressing without a score', (progress) => {
    const p = run({ progress, baseline: { period: '2020', value: 50 }, targets: [{ period: '2024', value: 50 }] }, { '2022': 45 }, '2022');
    expect(p.status).toBe('regressing');
    expect(p.score).toBeNull();
    expect(p.gapClosed).toBeNull();
  });

  it.each(methods)('%s: achieved when it is met', (progress) => {
    const p = run({ progress, baseline: { period: '2020', value: 50 }, targets: [{ period: '2024', value: 50 }] }, { '2022': 50 }, '2022');
    expect(p.status).toBe('achieved');
    expect(p.score).toBeNull();
  });

  it('cagr-ratio: a zero target with a zero baseline (both 0.001)', () => {
    const p = run({ progress: 'cagr-ratio', direction: 'decrease', baseline: { period: '2020', value: 0 }, targets: [{ period: '2024', value: 0 }] }, { '2022': 3 }, '2022');
    expect(p.status).toBe('regressing');
    expect(p.score).toBeNull();
  });
});

describe('targets: several, passed, selected from latest', () => {
  const ind = {
    baseline: { period: '2020', value: 40 },
    targets: [
      { period: '2022', value: 50 },
      { period: '2026', value: 80 },
    ],
  };

  it('uses the first target on or after latest.period', () => {
    const p = run(ind, { '2023': 55 }, '2023');
    expect(p.target).toEqual({ period: '2026', value: 80 });
    expect(p.score).toBeCloseTo(0.75, 12); // 15/((80 − 40)·3/6)
    expect(p.status).toBe('needs-acceleration');
    expect(p.gapClosed).toBeCloseTo(15 / 40, 12);
  });

  it('a target in latest.period itself counts', () => {
    const p = run(ind, { '2022': 48 }, '2022');
    expect(p.target).toEqual({ period: '2022', value: 50 });
    expect(p.score).toBeCloseTo(0.8, 12);
  });

  it('selects from latest, not from the report period', () => {
    const p = run(ind, { '2021': 48 }, '2024');
    expect(p.latest?.period).toBe('2021');
    expect(p.target?.period).toBe('2022');
  });

  it('falls back to the last target once all have passed; time runs past it', () => {
    const p = run({ baseline: { period: '2020', value: 40 }, targets: [{ period: '2024', value: 60 }] }, { '2026': 58 }, '2026');
    expect(p.target).toEqual({ period: '2024', value: 60 });
    expect(p.score).toBeCloseTo(0.6, 12); // 18/(20·6/4)
    expect(p.status).toBe('needs-acceleration');
    expect(p.gapClosed).toBeCloseTo(0.9, 12);
  });

  it('achieved against a passed target', () => {
    expect(run({ baseline: { period: '2020', value: 40 }, targets: [{ period: '2024', value: 60 }] }, { '2026': 60 }, '2026').status).toBe('achieved');
  });

  it('without data, the target is chosen from the report period', () => {
    expect(run(ind, undefined, '2023').target?.period).toBe('2026');
  });

  it('a target not after the baseline (invalid YAML) gives insufficient-data, not a division by zero', () => {
    const p = run({ baseline: { period: '2022', value: 40 }, targets: [{ period: '2022', value: 60 }] }, { '2023': 50 }, '2023');
    expect(p.status).toBe('insufficient-data');
    expect(p.score).toBeNull();
  });
});

describe('thresholds: indicator > reporting > default', () => {
  const base = { baseline: { period: '2020', value: 40 }, targets: [{ period: '2024', value: 60 }] };
  const totals = { '2022': 46 }; // s = 0.6
  it('indicator thresholds win', () => {
    expect(run({ ...base, thresholds: [0.5, 0.3, 0] }, totals, '2022', settings({ thresholds: [0.99, 0.7, 0.1] })).status).toBe('on-track');
  });
  it('then reporting.thresholds', () => {
    expect(run(base, totals, '2022', settings({ thresholds: [0.99, 0.7, 0.1] })).status).toBe('off-track');
  });
  it('then the default [0.95, 0.60, 0]', () => {
    expect(run(base, totals, '2022').status).toBe('needs-acceleration');
  });
  it('a score below low is regressing', () => {
    expect(run(base, totals, '2022', settings({ thresholds: [0.99, 0.9, 0.7] })).status).toBe('regressing');
  });
});

describe('decrease direction and negative values', () => {
  it('linear, decrease', () => {
    const ind = { direction: 'decrease' as const, baseline: { period: '2020', value: 20 }, targets: [{ period: '2024', value: 10 }] };
    const p = run(ind, { '2022': 16 }, '2022');
    expect(p.score).toBeCloseTo(0.8, 12);
    expect(p.gapClosed).toBeCloseTo(0.4, 12);
    expect(p.growth).toBeCloseTo(-(Math.sqrt(0.8) - 1), 12);
    expect(p.trend).toBe('improving');
  });

  it('cagr-ratio, negative values moving up', () => {
    const ind = { progress: 'cagr-ratio' as const, baseline: { period: '2020', value: -100 }, targets: [{ period: '2022', value: -64 }] };
    const p = run(ind, { '2022': -81 }, '2022');
    expect(p.score).toBeCloseTo(0.5, 12);
    expect(p.status).toBe('off-track');
    expect(p.trend).toBe('improving');
    expect(p.growth).toBeCloseTo(0.1, 12);
  });
});

describe('the record it returns', () => {
  it('carries id, goal and method', () => {
    const p = run({ id: 'x', goal: 'g', progress: 'gap-closed' }, { '2022': 1 }, '2022');
    expect(p).toMatchObject({ id: 'x', goal: 'g', method: 'gap-closed', groups: {}, equityGap: {} });
  });
  it('ignores totals of another period type and non-finite values', () => {
    const p = run({}, { '2021': 1, '2022-Q1': 5, 'nonsense': 3, '2022': Number.NaN }, '2023');
    expect(p.series).toEqual([{ period: '2021', value: 1 }]);
  });
});

describe('SPEC 5 edges (v1.1)', () => {
  const base = { baseline: { period: '2021', value: 40 }, targets: [{ period: '2024', value: 60 }] };

  it.each(methods)('%s: data only from before the baseline never gives achieved', (progress) => {
    const p = run({ ...base, progress }, { '2019': 70, '2020': 65 }, '2022');
    expect(p.latest).toEqual({ period: '2020', value: 65 });
    expect(p.status).toBe('insufficient-data');
    const down = run({ progress, direction: 'decrease', baseline: { period: '2021', value: 20 }, targets: [{ period: '2024', value: 10 }] }, { '2020': 5 }, '2022');
    expect(down.status).toBe('insufficient-data');
  });

  it.each(methods)('%s: latest at the baseline period may be achieved', (progress) => {
    expect(run({ ...base, progress }, { '2020': 65, '2021': 61 }, '2022').status).toBe('achieved');
  });

  it('100 → 100.5 in one year is improving (g = 0.005 in decimal, 0.00499… in binary)', () => {
    const up = run({ baseline: { period: '2020', value: 100 } }, { '2021': 100.5 }, '2021');
    expect(up.growth!).toBeLessThan(0.005); // the binary result the tolerance exists for
    expect(up).toMatchObject({ status: 'no-target', trend: 'improving' });
    // the same boundary on a two-year span, and for a decrease indicator
    expect(run({ baseline: { period: '2020', value: 100 } }, { '2022': 101.0025 }, '2022').trend).toBe('improving');
    expect(run({ direction: 'decrease', baseline: { period: '2020', value: 100 } }, { '2021': 99.5 }, '2021').trend).toBe('improving');
    expect(run({ baseline: { period: '2020', value: 100 } }, { '2021': 100.4999 }, '2021').trend).toBe('flat');
  });

  it.each([
    // s is exactly mid or high in decimal but just below it in binary
    [40.1, 60.3, 46.16, 'needs-acceleration'], // s = 0.6
    [0.3, 0.9, 0.585, 'on-track'], // s = 0.95
    [0.3, 0.9, 0.48, 'needs-acceleration'], // s = 0.6
    [0.3, 0.9, 0.4799, 'off-track'],
  ] as const)('baseline %d, target %d, latest %d half-way → %s', (b, x, c, status) => {
    const p = run({ baseline: { period: '2020', value: b }, targets: [{ period: '2024', value: x }] }, { '2022': c }, '2022');
    expect(p.status).toBe(status);
  });

  describe('groups come from the period of the total’s latest', () => {
    const race = { at: { file: 'dimensions.yaml', path: [] }, id: 'race', name: 'Race', values: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }] };
    const ind = indicator({ disaggregate_by: ['race'], baseline: { period: '2020', value: 40 }, targets: [{ period: '2026', value: 70 }] });

    it('a group that only has an older figure shows none, and takes no part in the equity gap', () => {
      const d = data({ '2023': 50, '2024': 52 }, { race: { a: { '2023': 45, '2024': 47 }, b: { '2023': 60 } } });
      const p = computeProgress(ind, d, period('2024'), settings(), [race]);
      expect(p.latest?.period).toBe('2024');
      expect(p.groups['race']).toEqual([
        { value: 'a', label: 'A', period: '2024', latest: 47, suppressed: false, gapToTotal: -5 },
        { value: 'b', label: 'B', period: null, latest: null, suppressed: false, gapToTotal: null },
      ]);
      expect(p.equityGap['race']).toBeNull();
    });

    it('group figures without a total show none', () => {
      const d = data({}, { race: { a: { '2024': 47 }, b: { '2024': 60 } } });
      const p = computeProgress(ind, d, period('2024'), settings(), [race]);
      expect(p.status).toBe('no-data');
      expect(p.groups['race']!.every((g) => g.latest === null && g.period === null)).toBe(true);
    });

    it('a group figure of a period after the total’s latest is not used', () => {
      const d = data({ '2023': 50 }, { race: { a: { '2023': 45, '2024': 47 }, b: { '2023': 55, '2024': 60 } } });
      const p = computeProgress(ind, d, period('2024'), settings(), [race]);
      expect(p.groups['race']!.map((g) => [g.period, g.latest, g.gapToTotal])).toEqual([
        ['2023', 45, -5],
        ['2023', 55, 5],
      ]);
      expect(p.equityGap['race']).toEqual({ best: 'b', worst: 'a', gap: 10 });
    });
  });
});
