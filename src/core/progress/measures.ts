/**
 * The progress maths of SPEC 5 as small pure functions over plain numbers.
 * Nothing here rounds; nothing exported returns NaN or ±Infinity (null instead).
 */
import { DEFAULTS } from '../model/defaults.js';
import type { Direction, Indicator, InitiativeSettings, ProgressMethod } from '../model/types.js';
import type { Status, Thresholds, Trend } from './types.js';

export const DEFAULT_THRESHOLDS: Thresholds = DEFAULTS.thresholds;

/** g at or above this is `improving` (Open SDG's moderate-progress limit for no-target series). */
export const IMPROVING_GROWTH = 0.005;

/** Stand-in for a zero in a ratio of values (Open SDG's convention). */
export const ZERO_STAND_IN = 0.001;

/**
 * Relative tolerance of every threshold comparison (SPEC 5): a value that is exactly on a
 * boundary in decimal arithmetic (100 → 100.5 in one year is g = 0.005, which binary floating
 * point computes as 0.00499999…) lands where the rule says.
 */
export const RELATIVE_TOLERANCE = 1e-9;

/** value ≥ bound, allowing RELATIVE_TOLERANCE of the larger magnitude; infinities compare exactly. */
export function atLeast(value: number, bound: number): boolean {
  if (value >= bound) return true;
  if (!Number.isFinite(value) || !Number.isFinite(bound)) return false;
  return bound - value <= RELATIVE_TOLERANCE * Math.max(Math.abs(value), Math.abs(bound));
}

/**
 * The inputs of a score: b = baseline, c = latest, x = target, and the time elapsed in years
 * from the baseline to the latest value (t, i.e. t − t0) and to the target (T, i.e. T − t0).
 */
export interface ScoreInputs {
  b: number;
  c: number;
  x: number;
  t: number;
  T: number;
}

/** d: +1 for `increase`, −1 for `decrease`. */
export function directionSign(direction: Direction): 1 | -1 {
  return direction === 'decrease' ? -1 : 1;
}

function nonZero(v: number): number {
  return v === 0 ? ZERO_STAND_IN : v;
}

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** True when `latest` meets or passes `target` in the indicator's direction. */
export function isAchieved(direction: Direction, latest: number, target: number): boolean {
  return direction === 'decrease' ? latest <= target : latest >= target;
}

/** True when two values have strictly opposite signs (zero has none). */
export function oppositeSigns(a: number, b: number): boolean {
  return (a > 0 && b < 0) || (a < 0 && b > 0);
}

/**
 * True when, for `method`, baseline and latest cannot be compared: for `cagr-ratio` they have
 * opposite signs once a zero baseline stands in as 0.001 (SPEC 5, status rule 3).
 */
export function signsBlockMethod(method: ProgressMethod, b: number, c: number): boolean {
  return method === 'cagr-ratio' && oppositeSigns(nonZero(b), c);
}

/**
 * True when the target is, for the method, the baseline itself: no score exists and an unmet
 * target then means `regressing`. For `cagr-ratio` the zero stand-ins count (0 and 0.001 are equal).
 */
export function targetIsBaseline(method: ProgressMethod, b: number, x: number): boolean {
  if (x === b) return true;
  return method === 'cagr-ratio' && nonZero(x) === nonZero(b);
}

/**
 * The method's score before any guarding: may be NaN (undefined, e.g. a negative number to a
 * fractional power) or ±Infinity (overflow, or a required growth that rounds to zero).
 */
export function rawScore(method: ProgressMethod, direction: Direction, { b, c, x, t, T }: ScoreInputs): number {
  if (!(t > 0) || !(T > 0)) return NaN;
  switch (method) {
    case 'gap-closed':
      return (c - b) / (x - b) / (t / T);
    case 'cagr-ratio': {
      const b0 = nonZero(b);
      const x0 = nonZero(x);
      const sign = b0 < 0 ? -1 : 1;
      const actual = Math.pow(c / b0, 1 / t) - 1;
      const required = Math.pow(x0 / b0, 1 / T) - 1;
      return (sign * directionSign(direction) * actual) / Math.abs(required);
    }
    case 'linear':
    default:
      // (latest − baseline)/(expected − baseline) with expected − baseline = (target − baseline)·(t/T):
      // the same quantity as SPEC 5's formula without the cancellation of adding and removing b.
      return (c - b) / ((x - b) * (t / T));
  }
}

/**
 * The score s of SPEC 5 for `method`; null when there is none: the target equals the baseline,
 * no time has passed (t ≤ 0 or T ≤ 0), or the result is not a finite number.
 */
export function scoreOf(method: ProgressMethod, direction: Direction, inputs: ScoreInputs): number | null {
  if (targetIsBaseline(method, inputs.b, inputs.x)) return null;
  return finiteOrNull(rawScore(method, direction, inputs));
}

/**
 * The status of a score against [high, mid, low], each comparison with the relative tolerance.
 * ±Infinity is accepted; NaN is the caller's to avoid.
 */
export function statusFromScore(score: number, thresholds: Thresholds = DEFAULT_THRESHOLDS): Status {
  const [high, mid, low] = thresholds;
  if (atLeast(score, high)) return 'on-track';
  if (atLeast(score, mid)) return 'needs-acceleration';
  if (atLeast(score, low)) return 'off-track';
  return 'regressing';
}

/** (latest − baseline)/(target − baseline); null when target equals baseline or the result is not finite. */
export function gapClosedOf(b: number, c: number, x: number): number | null {
  if (x === b) return null;
  return finiteOrNull((c - b) / (x - b));
}

/**
 * g = sign · d · ((latest/first)^(1/years) − 1), zeros replaced by 0.001, sign = −1 when first < 0.
 * Null when no time has passed or first and latest have opposite signs (g is undefined there).
 */
export function growthOf(direction: Direction, first: number, latest: number, years: number): number | null {
  if (!(years > 0)) return null;
  const f = nonZero(first);
  const l = nonZero(latest);
  if (oppositeSigns(f, l)) return null;
  const sign = f < 0 ? -1 : 1;
  return finiteOrNull(sign * directionSign(direction) * (Math.pow(l / f, 1 / years) - 1));
}

/** improving when g ≥ 0.005, flat when 0 ≤ g < 0.005, worsening when g < 0 (with the relative tolerance); null without g. */
export function trendOf(growth: number | null): Trend | null {
  if (growth === null || Number.isNaN(growth)) return null;
  if (atLeast(growth, IMPROVING_GROWTH)) return 'improving';
  if (atLeast(growth, 0)) return 'flat';
  return 'worsening';
}

function validThresholds(t: unknown): t is Thresholds {
  return Array.isArray(t) && t.length === 3 && t.every((v) => typeof v === 'number' && Number.isFinite(v));
}

/** The indicator's thresholds, else `reporting.thresholds`, else [0.95, 0.60, 0]. */
export function resolveThresholds(
  indicator: Pick<Indicator, 'thresholds'>,
  settings?: { reporting?: Partial<InitiativeSettings['reporting']> } | null,
): Thresholds {
  if (validThresholds(indicator.thresholds)) return indicator.thresholds;
  const reporting = settings?.reporting?.thresholds;
  if (validThresholds(reporting)) return reporting;
  return DEFAULT_THRESHOLDS;
}
