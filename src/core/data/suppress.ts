/** Small-number suppression (SPEC 4.5), shared by reports, agendas and export. */
import type { Indicator, Initiative } from '../model/types.js';

export const SUPPRESSED = 'suppressed' as const;

/** The count behind a group figure: the value of a count indicator, the denominator of a weighted one. */
export function countOf(indicator: Pick<Indicator, 'unit' | 'aggregation'>, figure: { value: number; denominator?: number }): number | undefined {
  if (indicator.aggregation === 'weighted') return figure.denominator;
  if (indicator.unit === 'count') return figure.value;
  return undefined;
}

/**
 * True when a *group* figure must be shown as `suppressed`: its count is below `min_count`.
 * A weighted figure without a usable denominator is suppressed too (its count cannot be shown
 * to be safe). No `min_count`, no suppression. Totals are never suppressed: callers pass only
 * group figures.
 */
export function isSuppressed(
  indicator: Pick<Indicator, 'unit' | 'aggregation'>,
  figure: { value: number; denominator?: number },
  minCount: number | null | undefined,
): boolean {
  if (typeof minCount !== 'number' || !Number.isFinite(minCount) || minCount <= 0) return false;
  const count = countOf(indicator, figure);
  if (indicator.aggregation === 'weighted' && (count === undefined || !Number.isFinite(count))) return true;
  return count !== undefined && count < minCount;
}

/** The figure, or 'suppressed' when it is a group figure below the initiative's `privacy.min_count`. */
export function suppressCell<T extends { value: number; denominator?: number }>(
  initiative: Pick<Initiative, 'settings'>,
  indicator: Pick<Indicator, 'unit' | 'aggregation'>,
  figure: T,
  isGroup: boolean,
): T | typeof SUPPRESSED {
  return isGroup && isSuppressed(indicator, figure, initiative.settings.privacy.min_count) ? SUPPRESSED : figure;
}
