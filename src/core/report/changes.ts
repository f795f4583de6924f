/**
 * SPEC 6.1 "What changed" and "Flags on the figures themselves": each indicator's progress at the
 * previous report period (from the one progress module, as the agenda's data review does), the
 * `partial` and `series-break` flags, the partners' notes; and the report's list of status changes
 * and new data since the previous period. Pure, like the rest of the report model.
 */
import { isMemberFor } from '../data/completeness.js';
import type { DataNote, MergedData } from '../data/types.js';
import { addDays, isValidDate } from '../dates.js';
import type { Indicator, Initiative } from '../model/types.js';
import { parsePeriod, periodContaining, shiftPeriod, type Period } from '../periods.js';
import { computeProgress, type IndicatorProgress } from '../progress.js';
import type { IndicatorFlag, PreviousProgress, ReportChanges, ReportIndicator, ReportNote } from './types.js';

/** The previous report period: P minus one period of `initiative.period` (SPEC 6.1). */
export function previousReportPeriod(initiative: Initiative, period: Period): Period {
  const { period: type, school_year_start: sys } = initiative.settings;
  const current = period.type === type ? period : periodContaining(type, period.end, sys);
  return shiftPeriod(current, -1, sys);
}

/** The notes of total rows, grouped by indicator; computed once per merged table. */
const notesCache = new WeakMap<MergedData, Map<string, DataNote[]>>();

function notesByIndicator(data: MergedData | null): Map<string, DataNote[]> {
  if (!data?.notes) return new Map();
  let byInd = notesCache.get(data);
  if (!byInd) {
    byInd = new Map();
    for (const n of data.notes()) {
      if (n.text.trim() === '') continue;
      const list = byInd.get(n.indicator) ?? [];
      list.push(n);
      byInd.set(n.indicator, list);
    }
    notesCache.set(data, byInd);
  }
  return byInd;
}

export interface IndicatorChanges {
  previous: PreviousProgress;
  flags: IndicatorFlag[];
  partialPartners: string[];
  breaks: { period: string; note: string }[];
  notes: ReportNote[];
}

/** What the report model adds to an indicator for SPEC 6.1 (previous, flags, breaks, notes). */
export function indicatorChanges(
  indicator: Indicator,
  progress: IndicatorProgress,
  context: { initiative: Initiative; data: MergedData | null; period: Period },
): IndicatorChanges {
  const { initiative, data, period } = context;
  const settings = initiative.settings;
  const sys = settings.school_year_start;
  const before = previousReportPeriod(initiative, period);
  const indicatorData = data?.indicators.get(indicator.id);
  const then = computeProgress(indicator, indicatorData, before, settings, initiative.dimensions);
  const previous: PreviousProgress = { period: before.text, status: then.status, latest: then.latest };

  const flags: IndicatorFlag[] = [];

  // partial: a reporter expected for the latest period (a member then, since the start) is not in its total.
  const partialPartners: string[] = [];
  const latest = progress.latest ? parsePeriod(progress.latest.period, sys) : null;
  if (latest && progress.latest) {
    const started = settings.started !== undefined && isValidDate(settings.started) ? settings.started : null;
    const due = addDays(latest.end, settings.reporting.data_due_days);
    const inTotal = new Set(indicatorData?.totals.get(progress.latest.period)?.partners ?? []);
    const partners = new Map(initiative.partners.map((p) => [p.id, p]));
    if (started === null || latest.end >= started) {
      for (const r of indicator.reporters ?? []) {
        if (!inTotal.has(r) && isMemberFor(partners.get(r), latest, due) && !partialPartners.includes(r)) partialPartners.push(r);
      }
    }
    if (partialPartners.length > 0) flags.push('partial');
  }

  // series-break: a break after the first point shown (baseline or first figure), on or before the latest.
  const breaks = (indicator.breaks ?? [])
    .map((b) => ({ p: parsePeriod(b.period, sys), note: b.note }))
    .filter((b): b is { p: Period; note: string } => b.p !== null && b.p.type === indicator.frequency && b.p.end <= period.end)
    .sort((a, b) => a.p.index - b.p.index)
    .map((b) => ({ period: b.p.text, index: b.p.index, note: b.note }));
  if (latest) {
    const starts = [progress.series[0]?.period, progress.baseline?.period]
      .map((t) => (t === undefined ? null : parsePeriod(t, sys)))
      .filter((p): p is Period => p !== null)
      .map((p) => p.index);
    const first = Math.min(...starts);
    if (breaks.some((b) => b.index > first && b.index <= latest.index)) flags.push('series-break');
  }

  // notes of the periods shown, in period then partner order.
  const shown = new Map(progress.series.map((s, k) => [s.period, k]));
  const notes: ReportNote[] = (notesByIndicator(data).get(indicator.id) ?? [])
    .filter((n) => shown.has(n.period))
    .sort((a, b) => shown.get(a.period)! - shown.get(b.period)! || (a.partner < b.partner ? -1 : a.partner > b.partner ? 1 : 0))
    .map((n) => ({ partner: n.partner, period: n.period, text: n.text }));

  return { previous, flags, partialPartners, breaks: breaks.map(({ period: p, note }) => ({ period: p, note })), notes };
}

/** Status changes and new data since the previous report period, in report order (SPEC 6.1). */
export function reportChanges(indicators: readonly ReportIndicator[], data: MergedData | null, since: string): ReportChanges {
  const statuses: ReportChanges['statuses'] = [];
  const newData: ReportChanges['newData'] = [];
  for (const ind of indicators) {
    if (ind.previous.status !== ind.status) statuses.push({ indicator: ind.id, from: ind.previous.status, to: ind.status });
    const totals = data?.indicators.get(ind.id)?.totals;
    const then = ind.previous.latest;
    const thenPeriod = then ? parsePeriod(then.period) : null;
    for (const s of ind.series) {
      const p = parsePeriod(s.period);
      // New at P: in the series now, after the previous period's latest figure.
      if (thenPeriod && p && p.index <= thenPeriod.index) continue;
      newData.push({ indicator: ind.id, period: s.period, partners: (totals?.get(s.period)?.partners ?? []).filter((x) => x !== '') });
    }
  }
  return { since, statuses, newData };
}
