/**
 * Open SDG's published progress (Statistics Canada, sdg-build 2.4.0 ProgressMeasure.py) as an oracle
 * for the cagr-ratio method and the no-target trend: all 40 records of the shared sample.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeProgress } from '../../src/core/progress.js';
import { data, indicator, period, settings } from './helpers.js';

interface OracleRecord {
  id: string;
  direction: 'increase' | 'decrease';
  baseline: { period: number; value: number };
  latest: { period: number; value: number };
  target: { period: number; value: number } | null;
  published: { status: string; progress_value: number | null };
  expected: { status: string; trend?: string };
}

// A copy of shared/oracle/ (published Statistics Canada figures), kept with the tests so a clone runs alone.
const ORACLE = new URL('../fixtures/oracle/open-sdg-progress-sample.json', import.meta.url);
// Read at collection time, unguarded: a missing oracle must fail the run, not skip it.
const records = JSON.parse(readFileSync(ORACLE, 'utf8')) as OracleRecord[];

function closeTo(actual: number | null, expected: number): void {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(1e-9 * Math.abs(expected));
}

describe('Open SDG published progress (oracle)', () => {
  it('holds all 40 records', () => {
    expect(records).toHaveLength(40);
  });

  it.each(records.map((r) => [r.id, r] as const))('%s', (_id, r) => {
    const ind = indicator({
      id: r.id,
      frequency: 'year',
      progress: 'cagr-ratio',
      direction: r.direction,
      baseline: { period: String(r.baseline.period), value: r.baseline.value },
      targets: r.target ? [{ period: String(r.target.period), value: r.target.value }] : [],
    });
    const rows: Record<string, number> = { [r.baseline.period]: r.baseline.value, [r.latest.period]: r.latest.value };
    const p = computeProgress(ind, data(rows), period(r.latest.period), settings(), []);

    expect(p.status).toBe(r.expected.status);
    if (r.expected.trend !== undefined) expect(p.trend).toBe(r.expected.trend);

    const published = r.published.progress_value;
    if (r.target) {
      // With a target Open SDG publishes the growth ratio (also when the target is achieved).
      if (published === null) expect(p.score).toBeNull();
      else closeTo(p.score, published);
    } else {
      // Without one it publishes the direction-adjusted growth g, which Concert reports as `growth`.
      expect(p.score).toBeNull();
      if (published === null) expect(p.growth).toBeNull();
      else closeTo(p.growth, published);
    }
  });
});
