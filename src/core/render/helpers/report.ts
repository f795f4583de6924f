/**
 * Helpers only the report's templates use: charts, names by id in the report model, the equity
 * lens. The shared ones (numbers, dates, statuses, escaping) are in common.ts.
 */
import type Handlebars from 'handlebars';
import type { ReportActivity, ReportIndicator, ReportModel } from '../../report/types.js';
import { chartSummary, mermaidChart, svgChart } from '../charts.js';
import type { Formatter } from '../format.js';
import { args, type HelperSet } from './common.js';

const MILESTONE_LABEL: Record<string, string> = {
  done: '✓ Done',
  overdue: '! Overdue',
  'due-soon': '◷ Due soon',
  upcoming: 'Upcoming',
  undated: 'No date',
};

const SUBMISSION_LABEL: Record<string, string> = { received: '✓ Received', missing: '✕ Missing', pending: '… Not due yet' };

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

  };
}
