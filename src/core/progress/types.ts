/** The shapes progress (SPEC 5) hands to reports, agendas and exports. */
import type { ProgressMethod } from '../model/types.js';

export type Status =
  | 'achieved'
  | 'on-track'
  | 'needs-acceleration'
  | 'off-track'
  | 'regressing'
  | 'no-target'
  | 'insufficient-data'
  | 'no-data';

export type Trend = 'improving' | 'flat' | 'worsening';

/** [high, mid, low]: s ≥ high on-track, mid ≤ s < high needs-acceleration, low ≤ s < mid off-track, else regressing. */
export type Thresholds = [number, number, number];

export interface SeriesPoint {
  /** Canonical period text. */
  period: string;
  value: number;
}

export interface GroupFigure {
  /** Dimension value id. */
  value: string;
  label: string;
  /** The group's latest period on or before the report period; null when it has none. */
  period: string | null;
  /** Null when there is no figure or when it is suppressed (SPEC 4.5). */
  latest: number | null;
  suppressed: boolean;
  /**
   * latest − the total of the same period (signed, in the indicator's unit), from both as printed
   * (rounded at `decimals`, SPEC 6.1); null when either is missing or suppressed.
   */
  gapToTotal: number | null;
}

export interface EquityGap {
  /** Value ids of the best and worst group in the indicator's direction. */
  best: string;
  worst: string;
  /** |best − worst| of the figures as printed (rounded at `decimals`), never negative. */
  gap: number;
}

/** One period of an indicator's equity series: its equity gap, all null with fewer than two shown groups. */
export interface EquityPoint {
  /** Canonical period text, a period of the total's series. */
  period: string;
  best: string | null;
  worst: string | null;
  gap: number | null;
}

export interface IndicatorProgress {
  id: string;
  goal: string;
  status: Status;
  /** The method's score s; null when there is none (no target, no baseline, unmet target equal to baseline…). */
  score: number | null;
  method: ProgressMethod;
  baseline: SeriesPoint | null;
  latest: SeriesPoint | null;
  target: SeriesPoint | null;
  /** (latest − baseline)/(target − baseline): share of the gap closed. */
  gapClosed: number | null;
  trend: Trend | null;
  /** g, the annualised growth in the indicator's direction behind `trend`. */
  growth: number | null;
  /** Totals on or before the report period, in period order. */
  series: SeriesPoint[];
  /** Per dimension id of `disaggregate_by`, the groups in the dimension's value order. */
  groups: Record<string, GroupFigure[]>;
  /** Per dimension id: best and worst group (suppressed groups excluded), or null with fewer than two groups. */
  equityGap: Record<string, EquityGap | null>;
}
