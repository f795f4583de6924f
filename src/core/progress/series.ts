/** Selecting the figures that progress looks at: periods on or before the report period. */
import type { Cell } from '../data/types.js';
import type { PeriodValue } from '../model/types.js';
import { comparePeriods, parsePeriod, type Period, type PeriodType } from '../periods.js';

export interface DatedCell {
  period: Period;
  cell: Cell;
}

/**
 * Parsed periods by school-year start and text. A report asks for the same few period texts for
 * every group of every indicator at every period shown (the equity series); parsing each time
 * was a third of a 1M-row report. Periods are plain values, never changed once made.
 */
const parsed = new Map<string, Period | null>();

function parseOnce(text: string | number, schoolYearStart: number): Period | null {
  const key = `${schoolYearStart}|${typeof text}|${text}`;
  let p = parsed.get(key);
  if (p === undefined) {
    if (parsed.size > 50_000) parsed.clear();
    p = parsePeriod(text, schoolYearStart);
    parsed.set(key, p);
  }
  return p;
}

/** A YAML period (text or bare year) of the indicator's frequency, else null. */
export function periodOfType(text: string | number, type: PeriodType, schoolYearStart: number): Period | null {
  const p = parseOnce(text, schoolYearStart);
  return p && p.type === type ? p : null;
}

/**
 * The cells of `cells` whose period is of `type` and ends on or before `reportEnd`, with a finite
 * value, in period order. Periods of another type or unreadable text are left out.
 */
export function cellsOnOrBefore(
  cells: Map<string, Cell> | undefined,
  type: PeriodType,
  reportEnd: string,
  schoolYearStart: number,
): DatedCell[] {
  const out: DatedCell[] = [];
  if (!cells) return out;
  for (const [text, cell] of cells) {
    const period = periodOfType(text, type, schoolYearStart);
    if (!period || period.end > reportEnd) continue;
    if (!cell || typeof cell.value !== 'number' || !Number.isFinite(cell.value)) continue;
    out.push({ period, cell });
  }
  return out.sort((a, b) => comparePeriods(a.period, b.period));
}

/**
 * SPEC 5: the first target whose period is on or after `reference` (latest.period; the report
 * period when there is no data), else the last target. Targets are taken in period order;
 * targets whose period does not parse as the indicator's frequency are ignored.
 */
export function selectTarget(
  targets: readonly PeriodValue[] | undefined,
  reference: Period,
  schoolYearStart: number,
  type: PeriodType = reference.type,
): { period: Period; value: number } | null {
  const parsed: { period: Period; value: number }[] = [];
  for (const t of targets ?? []) {
    const period = periodOfType(t.period, type, schoolYearStart);
    if (period && Number.isFinite(t.value)) parsed.push({ period, value: t.value });
  }
  if (parsed.length === 0) return null;
  parsed.sort((a, b) => comparePeriods(a.period, b.period));
  return parsed.find((t) => t.period.end >= reference.end) ?? parsed[parsed.length - 1]!;
}
