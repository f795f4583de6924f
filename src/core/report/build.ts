/**
 * The report model (SPEC 6), built by a pure function: no clock, no file system, no randomness.
 * Everything the report says comes from (initiative, merged data, completeness, today, period).
 */
import { daysBetween } from '../dates.js';
import { duePeriodOf } from '../data/completeness.js';
import { suppressionPlan, type SuppressionPlan } from '../data/suppress.js';
import type { MergedData } from '../data/types.js';
import type { Activity, Indicator, Initiative, InitiativeSettings } from '../model/types.js';
import { DEFAULT_SCHOOL_YEAR_START, parsePeriod, type Period } from '../periods.js';
import { STATUS_ORDER, computeProgress, type Status } from '../progress.js';
import { equitySeriesOf, hideGroups } from '../progress/groups.js';
import { commentaryOf, withoutCommentary } from './commentary.js';
import { indicatorChanges, previousReportPeriod, reportChanges } from './changes.js';
import type {
  CompletenessRow,
  MilestoneState,
  Provenance,
  ReportActivity,
  ReportGoal,
  ReportIndicator,
  ReportModel,
  ReportPartner,
  ReportSubmission,
  SubmissionCounts,
} from './types.js';

/** A milestone not done and due within this many days after the report date is "due soon". */
export const DUE_SOON_DAYS = 90;

export interface ReportInput {
  initiative: Initiative;
  /** Merged data; null when there is none (every indicator is then `no-data`). */
  data: MergedData | null;
  completeness: readonly CompletenessRow[];
  /** 'YYYY-MM-DD': the report's "as of" date. */
  today: string;
  period: Period;
  provenance: Provenance;
}

/**
 * SPEC 6: the latest period of `initiative.period` whose data is due by `today` (the period's
 * end plus `reporting.data_due_days`); never before `started` (SPEC 3.1): until a period since
 * the start is due, the first period, the one containing `started`.
 */
export function defaultReportPeriod(settings: InitiativeSettings, today: string): Period {
  return duePeriodOf(settings.period, settings, today);
}

/** Parse a `--period` value; null when it is not one of SPEC 2's forms. */
export function parseReportPeriod(text: string, settings: InitiativeSettings): Period | null {
  return parsePeriod(text, settings.school_year_start);
}

function countStatuses(statuses: Status[]): Partial<Record<Status, number>> {
  const out: Partial<Record<Status, number>> = {};
  for (const s of STATUS_ORDER) {
    const n = statuses.filter((x) => x === s).length;
    if (n > 0) out[s] = n;
  }
  return out;
}

function submissionState(row: CompletenessRow): ReportSubmission['state'] {
  if (row.received) return 'received';
  return row.daysLate !== null && row.daysLate !== undefined ? 'missing' : 'pending';
}

function countSubmissions(rows: readonly ReportSubmission[]): SubmissionCounts {
  const count = (state: ReportSubmission['state']) => rows.filter((r) => r.state === state).length;
  return { expected: rows.length, received: count('received'), missing: count('missing'), pending: count('pending') };
}

function indicatorModel(indicator: Indicator, input: ReportInput, plan: SuppressionPlan): ReportIndicator {
  const { initiative, data, period } = input;
  const p = computeProgress(indicator, data?.indicators.get(indicator.id), period, initiative.settings, initiative.dimensions);
  // Complementary suppression (SPEC 4.5): the cells the export hides too.
  const hidden = (dim: string, value: string, at: string) => plan.isHidden(indicator.id, at, null, { [dim]: value });
  const { groups, equityGap } = hideGroups(indicator, p.groups, p.equityGap, hidden);
  // Equity over time: the same groups, gap and hiding rule at each period of the series.
  const equitySeries = equitySeriesOf(
    indicator,
    data?.indicators.get(indicator.id),
    initiative.dimensions,
    {
      type: indicator.frequency,
      reportEnd: period.end,
      schoolYearStart: initiative.settings.school_year_start ?? DEFAULT_SCHOOL_YEAR_START,
      minCount: initiative.settings.privacy?.min_count,
      totals: new Map(p.series.map((s) => [s.period, s.value])),
    },
    p.series.map((s) => s.period),
    hidden,
  );
  const dimensionName = (id: string) => initiative.dimensions.find((d) => d.id === id)?.name ?? id;
  return {
    id: indicator.id,
    name: indicator.name,
    goal: indicator.goal,
    unit: indicator.unit,
    direction: indicator.direction,
    frequency: indicator.frequency,
    decimals: indicator.decimals,
    definition: indicator.definition ?? null,
    source: indicator.source ?? null,
    owner: indicator.owner ?? null,
    status: p.status,
    score: p.score,
    method: p.method,
    baseline: p.baseline,
    latest: p.latest,
    target: p.target,
    targets: (indicator.targets ?? []).map((t) => ({ period: String(t.period), value: t.value })),
    thresholds: indicator.thresholds ? [...indicator.thresholds] : null,
    gapClosed: p.gapClosed,
    trend: p.trend,
    growth: p.growth,
    series: p.series,
    groups,
    equityGap,
    missing: input.completeness
      .filter((r) => r.indicator === indicator.id && !r.received && r.daysLate !== null)
      .map((r) => ({ partner: r.partner, period: r.period, partial: p.latest?.period === r.period }))
      .sort((a, b) => (a.partner < b.partner ? -1 : a.partner > b.partner ? 1 : 0)),
    dimensions: Object.keys(p.groups).map((id) => ({ id, name: dimensionName(id) })),
    equitySeries,
    commentary: commentaryOf(initiative, period, 'indicator', indicator.id),
    ...indicatorChanges(indicator, p, input),
  };
}

function milestoneState(done: boolean, due: string | undefined, today: string): MilestoneState {
  if (done) return 'done';
  if (!due) return 'undated';
  if (due < today) return 'overdue';
  return daysBetween(today, due) <= DUE_SOON_DAYS ? 'due-soon' : 'upcoming';
}

function activityModel(a: Activity, today: string): ReportActivity {
  const milestones = (a.milestones ?? []).map((m) => {
    const state = milestoneState(m.done === true, m.due, today);
    return {
      title: m.title,
      due: m.due ?? null,
      done: m.done === true,
      state,
      daysOverdue: state === 'overdue' && m.due ? daysBetween(m.due, today) : null,
    };
  });
  return {
    id: a.id,
    title: a.title,
    goal: a.goal,
    strategy: a.strategy ?? null,
    lead: a.lead,
    partners: [...(a.partners ?? [])],
    indicators: [...(a.indicators ?? [])],
    status: a.status ?? 'active',
    start: a.start ?? null,
    end: a.end ?? null,
    milestones,
    milestonesDone: milestones.filter((m) => m.state === 'done').length,
    milestonesOverdue: milestones.filter((m) => m.state === 'overdue').length,
  };
}

/** Build the report model. Pure: the same input gives the same model. */
export function buildReport(input: ReportInput): ReportModel {
  const { initiative, today, period } = input;
  const settings = initiative.settings;
  const plan = suppressionPlan(initiative, input.data);

  // Indicators in the agenda's goal order, then as declared (a stable sort).
  const goalOrder = new Map(initiative.agenda.goals.map((g, k) => [g.id, k]));
  const indicators = initiative.indicators
    .map((i) => indicatorModel(i, input, plan))
    .sort((a, b) => (goalOrder.get(a.goal) ?? Number.MAX_SAFE_INTEGER) - (goalOrder.get(b.goal) ?? Number.MAX_SAFE_INTEGER));
  const activities = initiative.activities.map((a) => activityModel(a, today));

  const partnerOrder = new Map(initiative.partners.map((p, i) => [p.id, i]));
  const indicatorOrder = new Map(initiative.indicators.map((x, i) => [x.id, i]));
  const rank = (m: Map<string, number>, id: string) => m.get(id) ?? Number.MAX_SAFE_INTEGER;
  const submissions: ReportSubmission[] = input.completeness
    .map((r) => ({
      partner: r.partner,
      indicator: r.indicator,
      period: r.period,
      due: r.due,
      state: submissionState(r),
      daysLate: !r.received && typeof r.daysLate === 'number' ? r.daysLate : null,
      file: r.file ?? null,
    }))
    .sort(
      (a, b) =>
        rank(partnerOrder, a.partner) - rank(partnerOrder, b.partner) ||
        (a.partner < b.partner ? -1 : a.partner > b.partner ? 1 : 0) ||
        rank(indicatorOrder, a.indicator) - rank(indicatorOrder, b.indicator) ||
        (a.indicator < b.indicator ? -1 : a.indicator > b.indicator ? 1 : 0) ||
        (a.period < b.period ? -1 : a.period > b.period ? 1 : 0),
    );

  const goals: ReportGoal[] = initiative.agenda.goals.map((g) => {
    const mine = indicators.filter((i) => i.goal === g.id);
    return {
      id: g.id,
      title: g.title,
      description: g.description ?? null,
      strategies: (g.strategies ?? []).map((s) => ({ id: s.id, title: s.title })),
      indicators: mine.map((i) => i.id),
      activities: activities.filter((a) => a.goal === g.id).map((a) => a.id),
      byStatus: countStatuses(mine.map((i) => i.status)),
      commentary: commentaryOf(initiative, period, 'goal', g.id),
    };
  });

  const partners: ReportPartner[] = initiative.partners.map((p) => ({
    id: p.id,
    name: p.name,
    sector: p.sector,
    reports: initiative.indicators.filter((i) => (i.reporters ?? []).includes(p.id)).map((i) => i.id),
    activities: activities.filter((a) => a.lead === p.id || a.partners.includes(p.id)).map((a) => a.id),
    submissions: countSubmissions(submissions.filter((s) => s.partner === p.id)),
  }));

  const allMilestones = activities.flatMap((a) => a.milestones);
  const hidden = indicators.flatMap((i) =>
    Object.entries(i.groups).flatMap(([dim, figures]) =>
      figures.filter((f) => f.suppressed).map((f) => (f.period === null ? 'small' : (plan.reasonFor(i.id, f.period, null, { [dim]: f.value }) ?? 'small')))));
  return {
    initiative: {
      id: settings.id,
      name: settings.name,
      problem: settings.problem ?? null,
      geography: settings.geography ?? null,
      vision: initiative.agenda.vision ?? null,
      backbone: settings.backbone.organization,
      staff: (settings.backbone.staff ?? []).map((s) => ({ name: s.name, role: s.role, email: s.email ?? null })),
      locale: settings.reporting.locale,
      minCount: settings.privacy?.min_count ?? null,
      thresholds: [...settings.reporting.thresholds],
    },
    period: period.text,
    periodType: period.type,
    periodStart: period.start,
    periodEnd: period.end,
    asOf: today,
    summary: {
      indicators: indicators.length,
      byStatus: countStatuses(indicators.map((i) => i.status)),
      submissions: countSubmissions(submissions),
      milestones: {
        overdue: allMilestones.filter((m) => m.state === 'overdue').length,
        dueSoon: allMilestones.filter((m) => m.state === 'due-soon').length,
      },
    },
    suppression: {
      hidden: hidden.length,
      small: hidden.filter((r) => r === 'small').length,
      complementary: hidden.filter((r) => r === 'complementary').length,
    },
    indicators,
    changes: reportChanges(indicators, input.data, previousReportPeriod(initiative, period).text),
    goals,
    withoutCommentary: withoutCommentary(indicators),
    activities,
    partners,
    submissions,
    glossary: (initiative.agenda.glossary ?? []).map((g) => ({ term: g.term, definition: g.definition })),
    provenance: {
      commit: input.provenance.commit,
      dirty: input.provenance.dirty,
      files: [...input.provenance.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    },
  };
}
