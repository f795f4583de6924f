/**
 * The helpers templates may use. Their names are chosen not to shadow any field of the report
 * model (a helper wins over a field of the same name in Handlebars). Helpers that return markup
 * (charts, escaped Markdown) escape every piece of user text themselves.
 */
import type Handlebars from 'handlebars';
import type { ReportActivity, ReportIndicator, ReportModel } from '../report/types.js';
import type { Status, Trend } from '../progress/types.js';
import { chartSummary, mermaidChart, svgChart } from './charts.js';
import { escapeMarkdown, mdCell, safeUrl } from './escape.js';
import { Formatter, STATUS_LOOK, TREND_LABEL, UNIT_LABEL } from './format.js';
import type { TemplateFormat } from './engine.js';

const MILESTONE_LABEL: Record<string, string> = {
  done: '✓ Done',
  overdue: '! Overdue',
  'due-soon': '◷ Due soon',
  upcoming: 'Upcoming',
  undated: 'No date',
};

const SUBMISSION_LABEL: Record<string, string> = { received: '✓ Received', missing: '✕ Missing', pending: '… Not due yet' };

/** Handlebars passes its options object last; strip it from a helper's arguments. */
function args(list: unknown[]): unknown[] {
  return list.slice(0, -1);
}

function isIndicator(x: unknown): x is ReportIndicator {
  return typeof x === 'object' && x !== null && typeof (x as ReportIndicator).unit === 'string' && Array.isArray((x as ReportIndicator).series);
}

export function registerHelpers(hb: typeof Handlebars, model: ReportModel, format: TemplateFormat): void {
  const fmt = new Formatter(model.initiative.locale);
  const safe = (s: string) => new hb.SafeString(s);
  const partners = new Map(model.partners.map((p) => [p.id, p]));
  const indicators = new Map(model.indicators.map((i) => [i.id, i]));
  const goals = new Map(model.goals.map((g) => [g.id, g]));
  const activities = new Map(model.activities.map((a) => [a.id, a]));
  let chartCount = 0;

  const helpers: Record<string, (...a: unknown[]) => unknown> = {
    // Numbers, percents and dates in the initiative's locale.
    fmtNumber: (...a) => {
      const [v, d] = args(a);
      return fmt.number(v, typeof d === 'number' ? d : 0);
    },
    /** A figure of an indicator, in its unit and decimals: {{ival this latest.value}}. */
    ival: (...a) => {
      const [ind, v] = args(a);
      return isIndicator(ind) ? fmt.value(v, ind.unit, ind.decimals) : fmt.number(v, 1);
    },
    /** A signed difference in an indicator's unit (percentage points for percents). */
    idiff: (...a) => {
      const [ind, v] = args(a);
      return isIndicator(ind) ? fmt.difference(v, ind.unit, ind.decimals) : fmt.number(v, 1, true);
    },
    /** An unsigned gap in an indicator's unit (percentage points for percents). */
    igap: (...a) => {
      const [ind, v] = args(a);
      if (typeof v !== 'number') return '—';
      return isIndicator(ind) ? fmt.difference(v, ind.unit, ind.decimals).replace(/^[+]/, '') : fmt.number(v, 1);
    },
    fmtPercent: (...a) => {
      const [v, d] = args(a);
      return fmt.percent(v, typeof d === 'number' ? d : 0);
    },
    fmtDate: (...a) => fmt.date(args(a)[0]),
    unitLabel: (...a) => UNIT_LABEL[args(a)[0] as keyof typeof UNIT_LABEL] ?? String(args(a)[0] ?? ''),

    // Statuses: a word and a shape, never colour alone.
    statusLabel: (...a) => STATUS_LOOK[args(a)[0] as Status]?.label ?? String(args(a)[0] ?? ''),
    statusShape: (...a) => STATUS_LOOK[args(a)[0] as Status]?.shape ?? '',
    statusTone: (...a) => STATUS_LOOK[args(a)[0] as Status]?.tone ?? 'none',
    trendLabel: (...a) => (args(a)[0] ? TREND_LABEL[args(a)[0] as Trend] ?? String(args(a)[0]) : '—'),
    milestoneLabel: (...a) => MILESTONE_LABEL[String(args(a)[0])] ?? String(args(a)[0] ?? ''),
    submissionLabel: (...a) => SUBMISSION_LABEL[String(args(a)[0])] ?? String(args(a)[0] ?? ''),

    // Charts.
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

    // Escaping for Markdown: inline text and table cells (Markdown first, then HTML).
    md: (...a) => safe(escapeMarkdown(args(a)[0])),
    mdCell: (...a) => safe(mdCell(args(a)[0])),
    /** An http(s)/mailto URL, or '' for anything else (javascript:, data:). */
    safeUrl: (...a) => safeUrl(args(a)[0]) ?? '',

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

    // Small logic.
    eq: (...a) => args(a)[0] === args(a)[1],
    gt: (...a) => Number(args(a)[0]) > Number(args(a)[1]),
    or: (...a) => args(a).some(Boolean),
    and: (...a) => args(a).every(Boolean),
    not: (...a) => !args(a)[0],
    count: (...a) => (Array.isArray(args(a)[0]) ? (args(a)[0] as unknown[]).length : 0),
    plural: (...a) => {
      const [n, one, many] = args(a);
      return `${fmt.number(n, 0)} ${Number(n) === 1 ? String(one) : String(many ?? `${String(one)}s`)}`;
    },
    join: (...a) => {
      const [list, sep] = args(a);
      return Array.isArray(list) ? list.map(String).join(typeof sep === 'string' ? sep : ', ') : '';
    },
    shortSha: (...a) => (typeof args(a)[0] === 'string' ? String(args(a)[0]).slice(0, 12) : ''),
    isMarkdown: () => format === 'md',
  };
  for (const [name, fn] of Object.entries(helpers)) hb.registerHelper(name, fn as Handlebars.HelperDelegate);
}
