/**
 * The report model (SPEC 6): a plain, JSON-able object. `concert report --format json` prints it;
 * the Markdown and HTML templates render it. Numbers are kept at full precision here; templates
 * round them to each indicator's `decimals` for display only.
 */
import type { ActivityStatus, Direction, Sector, Unit } from '../model/types.js';
import type { PeriodType } from '../periods.js';
import type { EquityPoint, IndicatorProgress, SeriesPoint, Status } from '../progress/types.js';

export type { CompletenessRow } from '../data/completeness.js';

/** received; missing: past its due date and not received; pending: not due yet. */
export type SubmissionState = 'received' | 'missing' | 'pending';

export interface ReportSubmission {
  partner: string;
  indicator: string;
  period: string;
  due: string;
  state: SubmissionState;
  /** For a missing submission: days past due as of the report date. */
  daysLate: number | null;
  file: string | null;
}

export interface SubmissionCounts {
  expected: number;
  received: number;
  /** Due and not received. */
  missing: number;
  /** Not received, not due yet. */
  pending: number;
}

/** An indicator as the report shows it: its progress (SPEC 5) plus what a reader needs beside it. */
export interface ReportIndicator extends IndicatorProgress {
  name: string;
  unit: Unit;
  direction: Direction;
  frequency: PeriodType;
  decimals: number;
  definition: string | null;
  source: string | null;
  owner: string | null;
  /** Every target from the YAML, for the chart. */
  targets: SeriesPoint[];
  /** The indicator's own `thresholds` [high, mid, low] when it overrides the initiative's; else null. */
  thresholds: [number, number, number] | null;
  /**
   * Reporters whose data for the report period is due and missing. When `period` is the latest
   * period's, the latest figure combines only the partners who did report (`partial`).
   */
  missing: { partner: string; period: string; partial: boolean }[];
  /** The dimensions of `groups`, in `disaggregate_by` order, with their names. */
  dimensions: { id: string; name: string }[];
  /**
   * Equity over time: per dimension of `groups`, the equity gap (best, worst, gap as printed) of
   * each period of `series`, under the same suppression as `groups` in every period.
   */
  equitySeries: Record<string, EquityPoint[]>;
  /** SPEC 6.1: the story behind the curve, from the report period's `commentary/<period>.yaml`; null when there is none. */
  commentary: ReportCommentary | null;
  /** SPEC 6.1 "What changed": the same progress (SPEC 5) at the previous report period. */
  previous: PreviousProgress;
  /** SPEC 6.1 flags on the figures: `partial` (see `partialPartners`), `series-break` (see `breaks`). */
  flags: IndicatorFlag[];
  /** Reporters expected for the latest period whose data is not in its total (`partial`); empty otherwise. */
  partialPartners: string[];
  /** The indicator's series breaks on or before the report period, in period order (canonical period text). */
  breaks: { period: string; note: string }[];
  /** Partners' notes on their total rows for the periods of `series`, in period then partner order. */
  notes: ReportNote[];
}

export type IndicatorFlag = 'partial' | 'series-break';

export interface PreviousProgress {
  /** The previous report period: the report period minus one period of `initiative.period`. */
  period: string;
  status: Status;
  latest: SeriesPoint | null;
}

export interface ReportNote {
  /** Partner id; '' when unattributed. */
  partner: string;
  period: string;
  text: string;
}

/** SPEC 6.1 "What changed" since the previous report period. */
export interface ReportChanges {
  /** The previous report period. */
  since: string;
  /** Indicators whose status differs from the previous period's, in report order. */
  statuses: { indicator: string; from: Status; to: Status }[];
  /** Data periods in the series at the report period that were not at the previous one, with the partners in their total. */
  newData: { indicator: string; period: string; partners: string[] }[];
}

export type MilestoneState = 'done' | 'overdue' | 'due-soon' | 'upcoming' | 'undated';

export interface ReportMilestone {
  title: string;
  due: string | null;
  done: boolean;
  state: MilestoneState;
  /** For an overdue milestone: days past its due date as of the report date. */
  daysOverdue: number | null;
}

export interface ReportActivity {
  id: string;
  title: string;
  goal: string;
  strategy: string | null;
  lead: string;
  partners: string[];
  indicators: string[];
  status: ActivityStatus;
  start: string | null;
  end: string | null;
  milestones: ReportMilestone[];
  milestonesDone: number;
  milestonesOverdue: number;
}

export interface ReportGoal {
  id: string;
  title: string;
  description: string | null;
  strategies: { id: string; title: string }[];
  /** Indicator ids, in declaration order. */
  indicators: string[];
  /** Activity ids, in declaration order. */
  activities: string[];
  byStatus: Partial<Record<Status, number>>;
  /** SPEC 6.1: the goal's story for the report period (`commentary/<period>.yaml`); null when there is none. */
  commentary: ReportCommentary | null;
}

/** One `commentary/<period>.yaml` entry (SPEC 6.1), as the report shows it. */
export interface ReportCommentary {
  story: string;
  helping: string[];
  hurting: string[];
  nextSteps: string[];
  /** Partner id of the author, and the partner's name; null when not given. */
  author: string | null;
  authorName: string | null;
  /** The file it comes from, relative to the initiative folder. */
  file: string;
}

export interface ReportPartner {
  id: string;
  name: string;
  sector: Sector;
  /** Indicators this partner reports. */
  reports: string[];
  /** Activities it leads or joins. */
  activities: string[];
  submissions: SubmissionCounts;
}

export interface ProvenanceFile {
  path: string;
  rows: number;
  sha256: string;
}

export interface Provenance {
  /** HEAD of the git repository holding the initiative folder; null when it is not in one. */
  commit: string | null;
  /** Whether the initiative folder had uncommitted changes; null when not in a repository. */
  dirty: boolean | null;
  files: ProvenanceFile[];
}

export interface ReportModel {
  initiative: {
    id: string;
    name: string;
    problem: string | null;
    geography: string | null;
    vision: string | null;
    backbone: string;
    staff: { name: string; role: string; email: string | null }[];
    locale: string;
    minCount: number | null;
    /** `reporting.thresholds` [high, mid, low] (SPEC 5), for the methods note. */
    thresholds: [number, number, number];
  };
  period: string;
  periodType: PeriodType;
  periodStart: string;
  periodEnd: string;
  asOf: string;
  summary: {
    indicators: number;
    /** Statuses with at least one indicator, in STATUS_ORDER. */
    byStatus: Partial<Record<Status, number>>;
    submissions: SubmissionCounts;
    milestones: { overdue: number; dueSoon: number };
  };
  /**
   * The group figures this report shows as `suppressed` (SPEC 4.5): `small` for a count below
   * `privacy.min_count`, `complementary` for those hidden too so that none can be worked out
   * from the shown figures (here or in `concert export`).
   */
  suppression: { hidden: number; small: number; complementary: number };
  indicators: ReportIndicator[];
  changes: ReportChanges;
  goals: ReportGoal[];
  /** SPEC 6.1: off-track or regressing indicators with no commentary for the report period ("No story yet for: …"), in report order. */
  withoutCommentary: string[];
  activities: ReportActivity[];
  partners: ReportPartner[];
  submissions: ReportSubmission[];
  glossary: { term: string; definition: string }[];
  provenance: Provenance;
}
