/**
 * Helpers only the report's templates use: charts, names by id in the report model, the equity
 * lens. The shared ones (numbers, dates, statuses, escaping) are in common.ts.
 */
import type Handlebars from 'handlebars';
import type { ReportActivity, ReportIndicator, ReportModel } from '../../report/types.js';
import { chartSummary, mermaidChart, sparkline, svgChart } from '../charts.js';
import { ACTIVITY_STATUS_LOOK, STATUS_LOOK, type Formatter } from '../format.js';
import { STATUS_ORDER } from '../../progress.js';
import type { Status } from '../../progress/types.js';
import { args, type HelperSet } from './common.js';
import { changeHelpers } from './changes.js';

const MILESTONE_LABEL: Record<string, string> = {
  done: '✓ Done',
  overdue: '⚠ Overdue',
  'due-soon': '◷ Due soon',
  upcoming: 'Upcoming',
  undated: 'No date',
};

const SUBMISSION_LABEL: Record<string, string> = { received: '✓ Received', missing: '✕ Missing', pending: '… Not due yet' };

/** Graded statuses from best to worst: a move to the right is "got worse" (SPEC 6.1). */
const SEVERITY: Partial<Record<Status, number>> = { achieved: 0, 'on-track': 1, 'needs-acceleration': 2, 'off-track': 3, regressing: 4 };

export interface AttentionItem {
  id: string;
  name: string;
  status: Status;
  /** Why: "off track", "regressing", "worse than last period (was …)", "on partial data". */
  reasons: string[];
}

/**
 * "Needs attention first" (SPEC 6.1): off-track and regressing indicators first (in report
 * order), then those whose status got worse since the previous period, then those on partial data.
 */
export function attentionOf(indicators: readonly ReportIndicator[]): AttentionItem[] {
  const items = new Map<string, AttentionItem>();
  const add = (i: ReportIndicator, reason: string) => {
    let item = items.get(i.id);
    if (!item) items.set(i.id, (item = { id: i.id, name: i.name, status: i.status, reasons: [] }));
    if (!item.reasons.includes(reason)) item.reasons.push(reason);
  };
  for (const i of indicators) if (i.status === 'off-track' || i.status === 'regressing') add(i, STATUS_LOOK[i.status].label.toLowerCase());
  for (const i of indicators) {
    const was = (i.previous as { status?: Status | null } | null | undefined)?.status ?? null;
    const before = was ? SEVERITY[was] : undefined;
    const now = SEVERITY[i.status];
    if (was && before !== undefined && now !== undefined && now > before) add(i, `worse than last period (was ${STATUS_LOOK[was].label.toLowerCase()})`);
  }
  for (const i of indicators) {
    const partial = (i.flags as readonly string[] | undefined)?.includes('partial') === true || i.missing.some((m) => m.partial);
    if (partial) add(i, 'on partial data');
  }
  return [...items.values()];
}

/** The text alternative of the gap sparkline: first and last periods with a gap, as printed. */
function gapChangeText(ind: ReportIndicator, dim: string, fmt: Formatter): string {
  const gaps = (ind.equitySeries?.[dim] ?? []).filter((p) => p.gap !== null);
  if (gaps.length < 2) return '';
  const first = gaps[0]!;
  const last = gaps[gaps.length - 1]!;
  const show = (v: number) => fmt.difference(v, ind.unit, ind.decimals).replace(/^[+]/, '');
  const from = show(first.gap!);
  const to = show(last.gap!);
  if (from === to) return `Gap unchanged at ${to} from ${first.period} to ${last.period}`;
  return `Gap ${last.gap! < first.gap! ? 'narrowed' : 'widened'} from ${from} (${first.period}) to ${to} (${last.period})`;
}

function isIndicator(x: unknown): x is ReportIndicator {
  return typeof x === 'object' && x !== null && typeof (x as ReportIndicator).unit === 'string' && Array.isArray((x as ReportIndicator).series);
}

export function reportHelpers(hb: typeof Handlebars, model: ReportModel, fmt: Formatter): HelperSet {
  const safe = (s: string) => new hb.SafeString(s);
  const partners = new Map(model.partners.map((p) => [p.id, p]));
  const indicators = new Map(model.indicators.map((i) => [i.id, i]));
  const goals = new Map(model.goals.map((g) => [g.id, g]));
  const activities = new Map(model.activities.map((a) => [a.id, a]));
  let chartCount = 0;

  return {
    milestoneLabel: (...a) => MILESTONE_LABEL[String(args(a)[0])] ?? String(args(a)[0] ?? ''),
    submissionLabel: (...a) => SUBMISSION_LABEL[String(args(a)[0])] ?? String(args(a)[0] ?? ''),

    // Needs attention first, the goal roll-up, every target, direction cues (SPEC 6.1).
    attention: () => attentionOf(model.indicators),
    /** The statuses the roll-up shows as columns: those of at least one indicator, in STATUS_ORDER. */
    rollupStatuses: () => STATUS_ORDER.filter((s) => (model.summary.byStatus[s] ?? 0) > 0),
    goalStatusCount: (...a) => {
      const [goal, status] = args(a) as [{ byStatus?: Partial<Record<Status, number>> } | undefined, Status];
      return goal?.byStatus?.[status] ?? 0;
    },
    /** Every target of an indicator, in its unit: "55.0% (SY2026-27) · 62.0% (SY2029-30)". */
    itargets: (...a) => {
      const [ind] = args(a);
      if (!isIndicator(ind) || ind.targets.length === 0) return '—';
      return ind.targets.map((t) => `${fmt.value(t.value, ind.unit, ind.decimals)} (${t.period})`).join(' · ');
    },
    /** "lower is better" for a `decrease` indicator, else empty. */
    directionCue: (...a) => {
      const [ind] = args(a);
      return isIndicator(ind) && ind.direction === 'decrease' ? 'lower is better' : '';
    },
    /** Indicators with their own thresholds, for the methods note. */
    thresholdOverrides: () => model.indicators.filter((i) => i.thresholds !== null),

    // Activity statuses: a shape and a word; paused and dropped flagged.
    activityLabel: (...a) => ACTIVITY_STATUS_LOOK[args(a)[0] as ReportActivity['status']]?.label ?? String(args(a)[0] ?? ''),
    activityShape: (...a) => ACTIVITY_STATUS_LOOK[args(a)[0] as ReportActivity['status']]?.shape ?? '',
    activityTone: (...a) => ACTIVITY_STATUS_LOOK[args(a)[0] as ReportActivity['status']]?.tone ?? 'none',
    /** Partner or indicator names for a list of ids, joined: {{nameList "partner" partners}}. */
    nameList: (...a) => {
      const [kind, ids] = args(a);
      if (!Array.isArray(ids) || ids.length === 0) return '—';
      const names = kind === 'indicator' ? indicators : partners;
      return ids.map((id) => names.get(String(id))?.name ?? String(id)).join(', ');
    },
    activityFlagged: (...a) => ACTIVITY_STATUS_LOOK[args(a)[0] as ReportActivity['status']]?.flag === true,

    // What changed, flags on the figures (SPEC 6.1).
    ...changeHelpers(hb, model),

    // Charts.
    /** The series as a word-sized sparkline (decorative; the trend word goes beside it). */
    spark: (...a) => {
      const [ind] = args(a);
      return isIndicator(ind) ? sparkline(ind.series.map((p) => p.value)) : '';
    },
    svgChart: (...a) => {
      const [ind] = args(a);
      return isIndicator(ind) ? safe(svgChart(ind, fmt, `${ind.id}-${++chartCount}`)) : '';
    },
    mermaidChart: (...a) => {
      const [ind] = args(a);
      const text = isIndicator(ind) ? mermaidChart(ind, fmt) : null;
      return text === null ? '' : safe(text);
    },
    hasChart: (...a) => {
      const [ind] = args(a);
      return isIndicator(ind) && ind.series.length > 0;
    },
    chartSummary: (...a) => {
      const [ind] = args(a);
      return isIndicator(ind) ? chartSummary(ind, fmt) : '';
    },

    // Names by id.
    partnerName: (...a) => partners.get(String(args(a)[0]))?.name ?? String(args(a)[0] ?? ''),
    indicatorName: (...a) => indicators.get(String(args(a)[0]))?.name ?? String(args(a)[0] ?? ''),
    goalTitle: (...a) => goals.get(String(args(a)[0]))?.title ?? String(args(a)[0] ?? ''),
    groupLabel: (...a) => String(args(a)[0] ?? ''),
    indicatorsOf: (...a) => {
      const g = args(a)[0] as { indicators?: string[] } | undefined;
      return (g?.indicators ?? []).map((id) => indicators.get(id)).filter(Boolean);
    },
    activitiesOf: (...a) => {
      const g = args(a)[0] as { activities?: string[] } | undefined;
      return (g?.activities ?? []).map((id) => activities.get(id)).filter(Boolean) as ReportActivity[];
    },
    partnersWithDuties: () => model.partners.filter((p) => p.submissions.expected > 0),
    submissionsOf: (...a) => model.submissions.filter((s) => s.partner === String(args(a)[0])),
    hasGroups: (...a) => {
      const [ind] = args(a);
      return isIndicator(ind) && Object.values(ind.groups).some((g) => g.length > 0);
    },
    groupsOf: (...a) => {
      const [ind, dim] = args(a);
      return isIndicator(ind) ? ind.groups[String(dim)] ?? [] : [];
    },
    equityOf: (...a) => {
      const [ind, dim] = args(a);
      return isIndicator(ind) ? ind.equityGap[String(dim)] ?? null : null;
    },
    groupName: (...a) => {
      const [ind, dim, value] = args(a);
      if (!isIndicator(ind)) return String(value ?? '');
      return ind.groups[String(dim)]?.find((g) => g.value === value)?.label ?? String(value ?? '');
    },
    /** Equity over time: the dimension's equity series when it spans two periods or more and has a gap; else null. */
    equityTrend: (...a) => {
      const [ind, dim] = args(a);
      if (!isIndicator(ind)) return null;
      const points = ind.equitySeries?.[String(dim)] ?? [];
      return points.length >= 2 && points.some((p) => p.gap !== null) ? points : null;
    },
    /** "Gap narrowed from 12.0 pp to 8.0 pp" (or widened, unchanged) between the first and last periods with a gap; '' with fewer than two. */
    gapChange: (...a) => {
      const [ind, dim] = args(a);
      return isIndicator(ind) ? gapChangeText(ind, String(dim), fmt) : '';
    },
    /** A small inline SVG sparkline of the gap over time, its text alternative `gapChange`; '' with fewer than two gaps. */
    gapSparkline: (...a) => {
      const [ind, dim] = args(a);
      if (!isIndicator(ind)) return '';
      const text = gapChangeText(ind, String(dim), fmt);
      if (!text) return '';
      const points = ind.equitySeries?.[String(dim)] ?? [];
      const gaps = points.map((p) => p.gap).filter((g): g is number => g !== null);
      const W = 120;
      const H = 28;
      const pad = 3;
      const max = Math.max(...gaps);
      const min = Math.min(...gaps);
      const x = (i: number) => pad + (points.length === 1 ? 0 : (i * (W - 2 * pad)) / (points.length - 1));
      const y = (g: number) => (max === min ? H / 2 : pad + ((max - g) * (H - 2 * pad)) / (max - min));
      const xy = points.flatMap((p, i) => (p.gap === null ? [] : [`${x(i).toFixed(1)},${y(p.gap).toFixed(1)}`]));
      const last = xy[xy.length - 1]!.split(',');
      const label = hb.escapeExpression(text);
      return safe(
        `<svg class="sparkline" role="img" aria-label="${label}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" preserveAspectRatio="none" style="max-width:100%;height:auto">` +
          `<title>${label}</title>` +
          `<polyline points="${xy.join(' ')}" fill="none" stroke="currentColor" stroke-width="1.5" vector-effect="non-scaling-stroke"/>` +
          `<circle cx="${last[0]}" cy="${last[1]}" r="2.5" fill="currentColor"/></svg>`,
      );
    },

  };
}
