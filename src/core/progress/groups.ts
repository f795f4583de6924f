/** The equity lens (SPEC 5, last paragraph) under the small-numbers rule (SPEC 4.5). */
import { isSuppressed } from '../data/suppress.js';
import type { Cell, IndicatorData } from '../data/types.js';
import type { Dimension, Indicator } from '../model/types.js';
import type { PeriodType } from '../periods.js';
import { roundTo } from '../render/format.js';
import { directionSign } from './measures.js';
import { cellsOnOrBefore, periodOfType, type DatedCell } from './series.js';
import type { EquityGap, EquityPoint, GroupFigure } from './types.js';

export interface GroupContext {
  type: PeriodType;
  reportEnd: string;
  schoolYearStart: number;
  minCount: number | null | undefined;
  /** Total value by canonical period text (on or before the report period). */
  totals: Map<string, number>;
  /** The period of the total's `latest` (canonical text); null when there is no total. */
  latest: string | null;
}

/**
 * The figures of one dimension's groups, in the dimension's value order, for the period of the
 * total's `latest` (SPEC 5): a group without a figure for that period shows none, never a figure
 * of another period beside the total.
 */
/** The group's cell for the period `latest` (canonical text): looked up, else found by parsing each key. */
function cellAt(cells: Map<string, Cell> | undefined, latest: string, ctx: GroupContext): DatedCell | undefined {
  const direct = cells?.get(latest);
  if (direct && typeof direct.value === 'number' && Number.isFinite(direct.value)) {
    const period = periodOfType(latest, ctx.type, ctx.schoolYearStart);
    if (period && period.end <= ctx.reportEnd) return { period, cell: direct };
  }
  return cellsOnOrBefore(cells, ctx.type, ctx.reportEnd, ctx.schoolYearStart).find((p) => p.period.text === latest);
}

export function groupFigures(
  indicator: Indicator,
  dimensionId: string,
  data: IndicatorData | undefined,
  dimensions: readonly Dimension[],
  ctx: GroupContext,
): GroupFigure[] {
  const byValue = data?.groups?.get(dimensionId);
  const dimension = dimensions.find((d) => d.id === dimensionId);
  // A dimension missing from dimensions.yaml (a validation error elsewhere): show what the data holds.
  const values = dimension?.values ?? [...(byValue?.keys() ?? [])].map((id) => ({ id, label: id }));
  return values.map(({ id, label }) => {
    const last = ctx.latest === null ? undefined : cellAt(byValue?.get(id), ctx.latest, ctx);
    if (!last) return { value: id, label, period: null, latest: null, suppressed: false, gapToTotal: null };
    const period = last.period.text;
    if (isSuppressed(indicator, last.cell, ctx.minCount)) {
      return { value: id, label, period, latest: null, suppressed: true, gapToTotal: null };
    }
    const latest = last.cell.value;
    const total = ctx.totals.get(period);
    // SPEC 6.1 "gaps add up as printed": the difference of the figures as displayed.
    const gap = total === undefined ? null : printedDifference(latest, total, indicator.decimals);
    return { value: id, label, period, latest, suppressed: false, gapToTotal: gap !== null && Number.isFinite(gap) ? gap : null };
  });
}

/**
 * a − b as a reader computes it from the printed figures (SPEC 6.1): both rounded at the
 * indicator's display `decimals` (as the report rounds them), the difference rounded again to
 * shed binary noise. Without `decimals` (or with a non-integer one), the raw difference.
 */
export function printedDifference(a: number, b: number, decimals: number | undefined): number {
  if (typeof decimals !== 'number' || !Number.isInteger(decimals)) return a - b;
  const d = Math.min(Math.max(decimals, 0), 10);
  return roundTo(roundTo(a, d) - roundTo(b, d), d);
}

/**
 * Best and worst group in the indicator's direction among the unsuppressed groups of the most
 * recent period any of them has (figures of different periods are not compared). Null with
 * fewer than two such groups. Ties go to the group first in value order.
 */
export function equityGapOf(indicator: Pick<Indicator, 'direction'> & Partial<Pick<Indicator, 'decimals'>>, figures: readonly GroupFigure[]): EquityGap | null {
  const shown = figures.filter((f) => f.latest !== null && !f.suppressed && f.period !== null);
  if (shown.length < 2) return null;
  // Canonical texts of one period type (the indicator's frequency) sort in period order.
  const newest = shown.reduce((p, f) => (f.period! > p ? f.period! : p), shown[0]!.period!);
  const peers = shown.filter((f) => f.period === newest);
  if (peers.length < 2) return null;
  const d = directionSign(indicator.direction);
  let best = peers[0]!;
  let worst = peers[0]!;
  for (const f of peers) {
    if (d * f.latest! > d * best.latest!) best = f;
    if (d * f.latest! < d * worst.latest!) worst = f;
  }
  const gap = Math.abs(printedDifference(best.latest!, worst.latest!, indicator.decimals));
  return Number.isFinite(gap) ? { best: best.value, worst: worst.value, gap } : null;
}

/**
 * The groups with complementary suppression applied (SPEC 4.5): a figure `hidden(dimension,
 * value, period)` says to hide is shown as `suppressed`, and the equity gap of its dimension is
 * taken again without it. Figures already suppressed, or without a period, are kept as they are.
 */
export function hideGroups(
  indicator: Pick<Indicator, 'direction'> & Partial<Pick<Indicator, 'decimals'>>,
  groups: Readonly<Record<string, GroupFigure[]>>,
  equityGap: Readonly<Record<string, EquityGap | null>>,
  hidden: (dimensionId: string, value: string, period: string) => boolean,
): { groups: Record<string, GroupFigure[]>; equityGap: Record<string, EquityGap | null> } {
  const outGroups: Record<string, GroupFigure[]> = {};
  const outGaps: Record<string, EquityGap | null> = {};
  for (const [dimensionId, figures] of Object.entries(groups)) {
    let changed = false;
    const next = figures.map((f) => {
      if (f.suppressed || f.period === null || !hidden(dimensionId, f.value, f.period)) return f;
      changed = true;
      return { ...f, latest: null, suppressed: true, gapToTotal: null };
    });
    outGroups[dimensionId] = next;
    outGaps[dimensionId] = changed ? equityGapOf(indicator, next) : (equityGap[dimensionId] ?? null);
  }
  return { groups: outGroups, equityGap: outGaps };
}

/**
 * Equity over time (issue 10 item 8): per dimension of `disaggregate_by`, the equity gap of each
 * period of `periods` (the total's series), taken exactly as the latest one is: `groupFigures` at
 * that period, `equityGapOf`, then `hideGroups` with the same complementary-suppression rule
 * (`hidden`). Suppressed groups are never best or worst; a period with fewer than two shown
 * groups has best, worst and gap null. Pure.
 */
export function equitySeriesOf(
  indicator: Indicator,
  data: IndicatorData | undefined,
  dimensions: readonly Dimension[],
  ctx: Omit<GroupContext, 'latest'>,
  periods: readonly string[],
  hidden: (dimensionId: string, value: string, period: string) => boolean,
): Record<string, EquityPoint[]> {
  const out: Record<string, EquityPoint[]> = {};
  for (const dimensionId of indicator.disaggregate_by ?? []) {
    out[dimensionId] = periods.map((period) => {
      const figures = groupFigures(indicator, dimensionId, data, dimensions, { ...ctx, latest: period });
      const shown = hideGroups(indicator, { [dimensionId]: figures }, { [dimensionId]: equityGapOf(indicator, figures) }, hidden);
      const gap = shown.equityGap[dimensionId] ?? null;
      return gap ? { period, ...gap } : { period, best: null, worst: null, gap: null };
    });
  }
  return out;
}
