/**
 * Every default of the file format, in one place (SPEC 1): the model builder resolves them, so
 * later stages read resolved fields and never decide a default again.
 */
import type { Aggregation, Unit } from './types.js';

export const DEFAULTS = {
  /** initiative.yaml `reporting.data_due_days`. */
  dataDueDays: 30,
  locale: 'en-US',
  timezone: 'UTC',
  /** Progress score cut-offs [high, mid, low] (SPEC 5). */
  thresholds: [0.95, 0.6, 0] as [number, number, number],
  /** Month a school year starts. */
  schoolYearStart: 8,
  fiscalYearStart: 1,
  /** A meeting series' length in minutes. */
  meetingMinutes: 60,
  /** A requested topic's minutes and kind. */
  topicMinutes: 10,
  topicKind: 'discussion' as const,
  progressMethod: 'linear' as const,
};

const SUMMED: readonly Unit[] = ['count', 'currency'];

/** `sum` for counts and amounts, else `mean`. */
export function defaultAggregation(unit: Unit): Aggregation {
  return SUMMED.includes(unit) ? 'sum' : 'mean';
}

/** Weighted values are sum(numerator) / sum(denominator) × scale: 100 for a percent, else 1. */
export function defaultScale(unit: Unit): number {
  return unit === 'percent' ? 100 : 1;
}

/** Plausible values: [0, 100] for a percent, else unbounded. */
export function defaultRange(unit: Unit): [number, number] | null {
  return unit === 'percent' ? [0, 100] : null;
}

/** Display precision: whole numbers for counts, one decimal otherwise. */
export function defaultDecimals(unit: Unit): number {
  return unit === 'count' ? 0 : 1;
}
