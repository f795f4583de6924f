/** The pure pieces of SPEC 5, with hand-computed expectations. */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_THRESHOLDS,
  atLeast,
  gapClosedOf,
  growthOf,
  isAchieved,
  resolveThresholds,
  scoreOf,
  selectTarget,
  statusFromScore,
  trendOf,
  type ProgressMethod,
  type Thresholds,
} from '../../src/core/progress.js';
import { yearsBetween } from '../../src/core/periods.js';
import { indicator, period, settings } from './helpers.js';

describe('time in periods-as-years (SPEC 5 examples)', () => {
  it.each([
    ['SY2021-22', 'SY2024-25', 3],
    ['2024-Q2', '2025-Q3', 1.25],
    ['2024-H1', '2025-H2', 1.5],
    ['2024-11', '2025-02', 0.25],
    ['2015', '2023', 8],
  ])('%s → %s is %d years', (a, b, years) => {
    expect(yearsBetween(period(a), period(b))).toBe(years);
  });

  it('does not depend on the school year start', () => {
    expect(yearsBetween(period('SY2021-22', 1), period('SY2024-25', 1))).toBe(3);
    expect(yearsBetween(period('SY2021-22', 9), period('SY2024-25', 9))).toBe(3);
  });
});

describe('scoreOf', () => {
  // [method, direction, b, c, x, t, T, expected score]
  const cases: [ProgressMethod, 'increase' | 'decrease', number, number, number, number, number, number][] = [
    // linear: expected = b + (x − b)·t/T, s = (c − b)/(expected − b)
    ['linear', 'increase', 40, 50, 60, 2, 4, 1],
    ['linear', 'increase', 40, 49, 60, 2, 4, 0.9],
    ['linear', 'increase', 40, 49.5, 60, 2, 4, 0.95],
    ['linear', 'increase', 40, 46, 60, 2, 4, 0.6],
    ['linear', 'increase', 40, 40, 60, 2, 4, 0],
    ['linear', 'increase', 40, 38, 60, 2, 4, -0.2],
    ['linear', 'decrease', 20, 16, 10, 2, 4, 0.8],
    ['linear', 'decrease', 20, 22, 10, 2, 4, -0.4],
    ['linear', 'increase', -10, -4, 0, 2, 4, 1.2], // negative values: expected −5
    ['linear', 'increase', 40, 58, 60, 6, 4, 0.6], // target passed: expected extrapolates to 70
    ['linear', 'increase', 100, 125, 200, 1.25, 2, 0.4], // quarters: 2024-Q2 → 2025-Q3 of → 2026-Q2
    // gap-closed: s = ((c − b)/(x − b)) / (t/T) — algebraically the same as linear
    ['gap-closed', 'increase', 40, 45, 60, 1, 4, 1],
    ['gap-closed', 'increase', 40, 49, 60, 2, 4, 0.9],
    ['gap-closed', 'decrease', 20, 16, 10, 2, 4, 0.8],
    ['gap-closed', 'increase', 40, 30, 60, 2, 4, -1],
    ['gap-closed', 'increase', 40, 58, 60, 6, 4, 0.6],
    // cagr-ratio: s = sign·d·actual/|required|, actual = (c/b)^(1/t) − 1, required = (x/b)^(1/T) − 1
    ['cagr-ratio', 'increase', 100, 121, 144, 2, 2, 0.5], // 0.1 / 0.2
    ['cagr-ratio', 'increase', 100, 144, 121, 2, 2, 2], // 0.2 / 0.1 (before the achieved check)
    ['cagr-ratio', 'decrease', 100, 81, 64, 2, 2, 0.5], // −1·(−0.1)/0.2
    ['cagr-ratio', 'decrease', 100, 121, 64, 2, 2, -0.5], // −1·0.1/0.2
    ['cagr-ratio', 'increase', -100, -81, -64, 2, 2, 0.5], // sign −1: −1·1·(−0.1)/0.2
    ['cagr-ratio', 'increase', -100, -121, -64, 2, 2, -0.5],
    ['cagr-ratio', 'decrease', -100, -121, -144, 2, 2, 0.5], // more negative is better: −1·−1·0.1/0.2
    ['cagr-ratio', 'increase', 0, 0.004, 0.009, 2, 2, 0.5], // b = 0 → 0.001: (4^½ − 1)/(9^½ − 1)
    ['cagr-ratio', 'decrease', 10, 1, 0, 1, 4, 1], // x = 0 → 0.001: required 0.0001^¼ − 1 = −0.9, actual −0.9
    ['cagr-ratio', 'increase', 10, 0, 20, 2, 4, -1 / (Math.pow(2, 1 / 4) - 1)], // c = 0 stays 0: actual −1
    ['cagr-ratio', 'increase', 100, 125, 200, 1.25, 2, (Math.pow(1.25, 0.8) - 1) / (Math.SQRT2 - 1)],
  ];
  it.each(cases)('%s %s b=%d c=%d x=%d t=%d T=%d → %d', (method, direction, b, c, x, t, T, expected) => {
    const s = scoreOf(method, direction, { b, c, x, t, T });
    expect(s).not.toBeNull();
    expect(s!).toBeCloseTo(expected, 12);
  });

  it('gives linear and gap-closed the same score', () => {
    for (const [b, c, x, t, T] of [
      [3, 7, 11, 1.25, 4],
      [-2, -1, 5, 0.5, 3],
      [90, 70, 50, 2, 6],
    ] as const) {
      const linear = scoreOf('linear', 'increase', { b, c, x, t, T })!;
      expect(scoreOf('gap-closed', 'increase', { b, c, x, t, T })!).toBeCloseTo(linear, 12);
    }
  });

  it.each<ProgressMethod>(['linear', 'gap-closed', 'cagr-ratio'])('%s: no score when the target equals the baseline', (method) => {
    expect(scoreOf(method, 'increase', { b: 50, c: 45, x: 50, t: 2, T: 4 })).toBeNull();
  });

  it('cagr-ratio: 0 and 0.001 are the same after the stand-in', () => {
    expect(scoreOf('cagr-ratio', 'decrease', { b: 0, c: 3, x: 0.001, t: 2, T: 4 })).toBeNull();
  });

  it.each<ProgressMethod>(['linear', 'gap-closed', 'cagr-ratio'])('%s: no score without elapsed time', (method) => {
    expect(scoreOf(method, 'increase', { b: 40, c: 45, x: 60, t: 0, T: 4 })).toBeNull();
    expect(scoreOf(method, 'increase', { b: 40, c: 45, x: 60, t: 2, T: 0 })).toBeNull();
    expect(scoreOf(method, 'increase', { b: 40, c: 45, x: 60, t: -1, T: 4 })).toBeNull();
  });

  it('cagr-ratio: null, never NaN, for opposite signs', () => {
    expect(scoreOf('cagr-ratio', 'increase', { b: 10, c: -5, x: 20, t: 2, T: 4 })).toBeNull();
    expect(scoreOf('cagr-ratio', 'increase', { b: -5, c: -3, x: 5, t: 2, T: 4 })).toBeNull();
  });

  it('null, never Infinity, on overflow', () => {
    expect(scoreOf('cagr-ratio', 'increase', { b: 1e-300, c: 1e300, x: 2e-300, t: 0.25, T: 4 })).toBeNull();
    expect(scoreOf('linear', 'increase', { b: -1e308, c: 1e308, x: -1e308 + 1e293, t: 1, T: 4 })).toBeNull();
  });
});

describe('statusFromScore', () => {
  it.each([
    [1.2, 'on-track'],
    [0.95, 'on-track'],
    [0.9499999, 'needs-acceleration'],
    [0.6, 'needs-acceleration'],
    [0.5999999, 'off-track'],
    [0, 'off-track'],
    [-0, 'off-track'],
    [-1e-12, 'regressing'],
    [Infinity, 'on-track'],
    [-Infinity, 'regressing'],
  ] as const)('%d → %s with the defaults', (s, status) => {
    expect(statusFromScore(s)).toBe(status);
    expect(statusFromScore(s, DEFAULT_THRESHOLDS)).toBe(status);
  });

  it('uses the thresholds given', () => {
    const t: Thresholds = [1, 0.5, 0.2];
    expect(statusFromScore(0.95, t)).toBe('needs-acceleration');
    expect(statusFromScore(0.3, t)).toBe('off-track');
    expect(statusFromScore(0.1, t)).toBe('regressing');
  });
});

describe('resolveThresholds: indicator > reporting > default', () => {
  it('prefers the indicator', () => {
    expect(resolveThresholds(indicator({ thresholds: [0.5, 0.3, 0] }), settings({ thresholds: [0.99, 0.7, 0.1] }))).toEqual([0.5, 0.3, 0]);
  });
  it('then reporting.thresholds', () => {
    expect(resolveThresholds(indicator(), settings({ thresholds: [0.99, 0.7, 0.1] }))).toEqual([0.99, 0.7, 0.1]);
  });
  it('then the default', () => {
    expect(resolveThresholds(indicator(), { reporting: {} })).toEqual([0.95, 0.6, 0]);
    expect(resolveThresholds(indicator(), null)).toEqual([0.95, 0.6, 0]);
  });
});

describe('isAchieved', () => {
  it.each([
    ['increase', 60, 60, true],
    ['increase', 61, 60, true],
    ['increase', 59.9, 60, false],
    ['decrease', 10, 10, true],
    ['decrease', 9, 10, true],
    ['decrease', 11, 10, false],
    ['decrease', -5, -4, true],
  ] as const)('%s latest %d target %d → %s', (direction, latest, target, achieved) => {
    expect(isAchieved(direction, latest, target)).toBe(achieved);
  });
});

describe('gapClosedOf', () => {
  it.each([
    [40, 50, 60, 0.5],
    [40, 40, 60, 0],
    [40, 70, 60, 1.5],
    [40, 30, 60, -0.5],
    [20, 15, 10, 0.5],
    [-10, -5, 0, 0.5],
  ])('b=%d c=%d x=%d → %d', (b, c, x, expected) => {
    expect(gapClosedOf(b, c, x)).toBeCloseTo(expected, 12);
  });
  it('is null when the target is the baseline', () => {
    expect(gapClosedOf(50, 55, 50)).toBeNull();
  });
});

describe('growthOf and trendOf', () => {
  it.each([
    ['increase', 100, 121, 2, 0.1, 'improving'],
    ['increase', 100, 81, 2, -0.1, 'worsening'],
    ['decrease', 100, 81, 2, 0.1, 'improving'],
    ['decrease', 100, 121, 2, -0.1, 'worsening'],
    ['increase', 100, 100, 3, 0, 'flat'],
    ['increase', 100, 100.4, 1, 0.004, 'flat'],
    ['increase', 100, 101, 2, Math.sqrt(1.01) - 1, 'flat'], // 0.00499…
    ['increase', 100, 101, 1, 0.01, 'improving'],
    ['increase', -100, -81, 2, 0.1, 'improving'], // sign −1: less negative is an increase
    ['decrease', -100, -121, 2, 0.1, 'improving'],
    ['increase', 0, 0.004, 2, 1, 'improving'], // first 0 → 0.001
    ['increase', 0.004, 0, 2, -0.5, 'worsening'], // latest 0 → 0.001
    ['increase', 0, 0, 2, 0, 'flat'],
    ['increase', 64, 125, 3, 0.25, 'improving'],
  ] as const)('%s %d → %d over %d years: g=%d, %s', (direction, first, latest, years, g, trend) => {
    const growth = growthOf(direction, first, latest, years);
    expect(growth).not.toBeNull();
    expect(growth!).toBeCloseTo(g, 12);
    expect(trendOf(growth)).toBe(trend);
  });

  it('uses the period-as-year spans of SPEC 5', () => {
    // SY2021-22 → SY2024-25 is 3 years
    expect(growthOf('increase', 64, 125, yearsBetween(period('SY2021-22'), period('SY2024-25')))!).toBeCloseTo(0.25, 12);
    // 2024-Q2 → 2025-Q3 is 1.25 years
    expect(growthOf('increase', 100, 125, yearsBetween(period('2024-Q2'), period('2025-Q3')))!).toBeCloseTo(Math.pow(1.25, 0.8) - 1, 12);
  });

  it('is null for opposite signs, no elapsed time or overflow', () => {
    expect(growthOf('increase', 10, -1, 2)).toBeNull();
    expect(growthOf('increase', 0, -1, 2)).toBeNull();
    expect(growthOf('increase', 10, 12, 0)).toBeNull();
    expect(growthOf('increase', 10, 12, -1)).toBeNull();
    expect(growthOf('increase', 1e-300, 1e300, 0.01)).toBeNull();
    expect(trendOf(null)).toBeNull();
  });

  it('classifies the boundaries', () => {
    expect(trendOf(0.005)).toBe('improving');
    expect(trendOf(0.0049999)).toBe('flat');
    expect(trendOf(0)).toBe('flat');
    expect(trendOf(-0)).toBe('flat');
    expect(trendOf(-1e-15)).toBe('worsening');
  });
});

describe('selectTarget', () => {
  const targets = [
    { period: '2030', value: 90 },
    { period: '2022', value: 50 },
    { period: '2025', value: 70 },
  ];
  it.each([
    ['2020', '2022'],
    ['2022', '2022'], // on or after
    ['2023', '2025'],
    ['2025', '2025'],
    ['2026', '2030'],
    ['2031', '2030'], // all passed: the last one
  ])('latest %s → target %s', (latest, expected) => {
    expect(selectTarget(targets, period(latest), 8)?.period.text).toBe(expected);
  });

  it('compares by end date when the reference is of another type (a report period)', () => {
    expect(selectTarget(targets, period('2025-Q3'), 8, 'year')?.period.text).toBe('2025');
    expect(selectTarget(targets, period('2022-12'), 8, 'year')?.period.text).toBe('2022');
  });

  it('is null without targets', () => {
    expect(selectTarget([], period('2025'), 8)).toBeNull();
    expect(selectTarget(undefined, period('2025'), 8)).toBeNull();
  });
});

describe('atLeast: threshold comparisons with a 1e-9 relative tolerance (SPEC 5)', () => {
  it.each([
    [0.005, 0.005, true],
    [1.005 - 1, 0.005, true], // 0.00499999999999989
    [0.005 * (1 - 2e-9), 0.005, false],
    [0.0049999, 0.005, false],
    [0.5999999999999996, 0.6, true],
    [0.9499999999999997, 0.95, true],
    [0.95 * (1 - 1e-10), 0.95, true],
    [0.9499999, 0.95, false],
    [0, 0, true],
    [-1e-15, 0, false], // nothing is relatively close to zero but zero
    [-1e-3, -1e-3 * (1 - 1e-10), true],
    [Infinity, 0.95, true],
    [-Infinity, 0, false],
    [-Infinity, -Infinity, true],
    [Number.NaN, 0, false],
  ])('%d ≥ %d → %s', (value, bound, expected) => {
    expect(atLeast(value, bound)).toBe(expected);
  });

  it('decides statuses and trends on decimal boundaries', () => {
    expect(statusFromScore(0.9499999999999997)).toBe('on-track');
    expect(statusFromScore(0.5999999999999996)).toBe('needs-acceleration');
    expect(statusFromScore(-1e-12)).toBe('regressing');
    expect(statusFromScore(-1e-12, [1, 0.5, -1e-12 * (1 + 1e-12)])).toBe('off-track');
    expect(trendOf(growthOf('increase', 100, 100.5, 1))).toBe('improving');
    expect(trendOf(growthOf('decrease', 100, 99.5, 1))).toBe('improving');
    expect(trendOf(growthOf('increase', 100, 100.4999, 1))).toBe('flat');
  });
});
