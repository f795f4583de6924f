/**
 * Progress of an indicator at a report period (SPEC 5): status, score, gap closed, trend and the
 * equity lens. Pure functions over the typed model and the merged data; rendering rounds.
 */
import type { IndicatorData } from './data/types.js';
import type { Dimension, Indicator, InitiativeSettings } from './model/types.js';
import { DEFAULT_SCHOOL_YEAR_START, yearsBetween, type Period } from './periods.js';
import { equityGapOf, groupFigures } from './progress/groups.js';
import {
  gapClosedOf,
  growthOf,
  isAchieved,
  rawScore,
  resolveThresholds,
  scoreOf,
  signsBlockMethod,
  statusFromScore,
  targetIsBaseline,
  trendOf,
  type ScoreInputs,
} from './progress/measures.js';
import { cellsOnOrBefore, periodOfType, selectTarget } from './progress/series.js';
import type { EquityGap, GroupFigure, IndicatorProgress, SeriesPoint, Status } from './progress/types.js';

export type { EquityGap, GroupFigure, IndicatorProgress, SeriesPoint, Status, Thresholds, Trend } from './progress/types.js';
export {
  DEFAULT_THRESHOLDS,
  IMPROVING_GROWTH,
  RELATIVE_TOLERANCE,
  ZERO_STAND_IN,
  atLeast,
  directionSign,
  gapClosedOf,
  growthOf,
  isAchieved,
  oppositeSigns,
  rawScore,
  resolveThresholds,
  scoreOf,
  signsBlockMethod,
  statusFromScore,
  targetIsBaseline,
  trendOf,
  type ScoreInputs,
} from './progress/measures.js';
export { equityGapOf, groupFigures } from './progress/groups.js';
export { isSuppressed } from './data/suppress.js';
export { cellsOnOrBefore, periodOfType, selectTarget } from './progress/series.js';
export type { ProgressMethod } from './model/types.js';

/**
 * Every status, for summaries: the progress scale from best to worst, then the statuses that
 * carry no verdict on progress (no target, too little data, no data).
 */
export const STATUS_ORDER: Status[] = [
  'achieved',
  'on-track',
  'needs-acceleration',
  'off-track',
  'regressing',
  'no-target',
  'insufficient-data',
  'no-data',
];

interface Dated {
  period: Period;
  value: number;
}

interface Figures {
  latest: Dated | null;
  baseline: Dated | null;
  target: Dated | null;
  /** The trend's start: the YAML baseline, else the first data point. */
  first: Dated | null;
}

function after(a: Dated | null, b: Dated | null): boolean {
  return !!a && !!b && a.period.index > b.period.index;
}

function scoreInputs(baseline: Dated, latest: Dated, target: Dated): ScoreInputs {
  return {
    b: baseline.value,
    c: latest.value,
    x: target.value,
    t: yearsBetween(baseline.period, latest.period),
    T: yearsBetween(baseline.period, target.period),
  };
}

/** SPEC 5's status rules, in their order. */
function decideStatus(indicator: Indicator, settings: InitiativeSettings, { latest, baseline, target, first }: Figures): Status {
  const method = indicator.progress ?? 'linear';
  if (!latest) return 'no-data';
  // Data older than the baseline never achieves anything (SPEC 5, status rule 2).
  if (target && !after(baseline, latest) && isAchieved(indicator.direction, latest.value, target.value)) return 'achieved';
  // Without a target the verdict is the trend, whose start may be the first data point (SPEC 1.3: "no target: status reports trend only").
  const start = target ? baseline : first;
  if (!start || !after(latest, start) || signsBlockMethod(method, start.value, latest.value)) return 'insufficient-data';
  if (!target) return 'no-target';
  // A target on or before the baseline (invalid YAML) leaves no time to measure against.
  if (!baseline || !after(target, baseline)) return 'insufficient-data';
  if (targetIsBaseline(method, baseline.value, target.value)) return 'regressing';
  const s = rawScore(method, indicator.direction, scoreInputs(baseline, latest, target));
  // NaN: undefined (e.g. a cagr-ratio target of the other sign than the baseline). ±Infinity still ranks.
  return Number.isNaN(s) ? 'insufficient-data' : statusFromScore(s, resolveThresholds(indicator, settings));
}

function point(p: Dated | null): SeriesPoint | null {
  return p ? { period: p.period.text, value: p.value } : null;
}

/**
 * The progress of `indicator` at `reportPeriod` (SPEC 5). `data` is the indicator's merged data
 * (undefined: none arrived). Statuses are decided in SPEC order: no-data, achieved,
 * insufficient-data, no-target, then the score against the thresholds.
 */
export function computeProgress(
  indicator: Indicator,
  data: IndicatorData | undefined,
  reportPeriod: Period,
  settings: InitiativeSettings,
  dimensions: Dimension[],
): IndicatorProgress {
  const schoolYearStart = settings?.school_year_start ?? DEFAULT_SCHOOL_YEAR_START;
  const type = indicator.frequency;
  const method = indicator.progress ?? 'linear';
  const direction = indicator.direction;

  const totals = cellsOnOrBefore(data?.totals, type, reportPeriod.end, schoolYearStart);
  const series = totals.map(({ period, cell }) => ({ period: period.text, value: cell.value }));
  const lastCell = totals[totals.length - 1];
  const latest: Dated | null = lastCell ? { period: lastCell.period, value: lastCell.cell.value } : null;

  const baselinePeriod = indicator.baseline ? periodOfType(indicator.baseline.period, type, schoolYearStart) : null;
  const baseline: Dated | null =
    baselinePeriod && Number.isFinite(indicator.baseline!.value) ? { period: baselinePeriod, value: indicator.baseline!.value } : null;
  const target: Dated | null = selectTarget(indicator.targets, latest?.period ?? reportPeriod, schoolYearStart, type);

  // The trend's starting point: the YAML baseline, else the first data point.
  const firstCell = totals[0];
  const first: Dated | null = baseline ?? (firstCell ? { period: firstCell.period, value: firstCell.cell.value } : null);

  const growth = latest && first && after(latest, first) ? growthOf(direction, first.value, latest.value, yearsBetween(first.period, latest.period)) : null;

  // Scored whenever the figures allow, also when achieved (Open SDG publishes that ratio too).
  const score =
    latest && baseline && target && after(latest, baseline) && after(target, baseline) && !signsBlockMethod(method, baseline.value, latest.value)
      ? scoreOf(method, direction, scoreInputs(baseline, latest, target))
      : null;

  const status = decideStatus(indicator, settings, { latest, baseline, target, first });

  const gapClosed = latest && baseline && target && !after(baseline, latest) ? gapClosedOf(baseline.value, latest.value, target.value) : null;

  const totalByPeriod = new Map(series.map((p) => [p.period, p.value]));
  const groups: Record<string, GroupFigure[]> = {};
  const equityGap: Record<string, EquityGap | null> = {};
  for (const dimensionId of indicator.disaggregate_by ?? []) {
    const figures = groupFigures(indicator, dimensionId, data, dimensions ?? [], {
      type,
      reportEnd: reportPeriod.end,
      schoolYearStart,
      minCount: settings?.privacy?.min_count,
      totals: totalByPeriod,
      latest: latest?.period.text ?? null,
    });
    groups[dimensionId] = figures;
    equityGap[dimensionId] = equityGapOf(indicator, figures);
  }

  return {
    id: indicator.id,
    goal: indicator.goal,
    status,
    score,
    method,
    baseline: point(baseline),
    latest: point(latest),
    target: point(target),
    gapClosed,
    trend: trendOf(growth),
    growth,
    series,
    groups,
    equityGap,
  };
}
