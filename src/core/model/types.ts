/**
 * The typed initiative, as the files hold it (field names as in the YAML).
 * Every entity also carries a non-enumerable `at`: the file and the path inside that file's
 * document where it is declared, so any later stage can point a diagnostic at it.
 */
import type { PeriodType } from '../periods.js';
import type { ParsedYaml } from '../source/yaml.js';

/** A place in a YAML source: the file and the path of keys/indices inside its document. */
export interface Located {
  file: string;
  path: (string | number)[];
}

export interface Sourced {
  readonly at: Located;
}

export type StaffRole = 'project-manager' | 'data-manager' | 'facilitator' | 'communications' | 'coordinator' | 'other';

export interface Staff {
  name: string;
  role: StaffRole;
  email?: string;
}

export interface InitiativeSettings extends Sourced {
  version: 1;
  id: string;
  name: string;
  problem?: string;
  geography?: string;
  started?: string;
  period: PeriodType;
  school_year_start: number;
  fiscal_year_start: number;
  backbone: { organization: string; staff: Staff[] };
  reporting: {
    data_due_days: number;
    locale: string;
    timezone: string;
    thresholds: [number, number, number];
  };
  privacy: { min_count?: number };
}

export interface Strategy extends Sourced {
  id: string;
  title: string;
  description?: string;
}

export interface Goal extends Sourced {
  id: string;
  title: string;
  description?: string;
  strategies: Strategy[];
}

export interface GlossaryEntry {
  term: string;
  definition: string;
}

export interface Agenda extends Sourced {
  vision?: string;
  problem_statement?: string;
  goals: Goal[];
  glossary: GlossaryEntry[];
}

export type Unit = 'percent' | 'count' | 'rate' | 'currency' | 'ratio' | 'score' | 'number';
export type Direction = 'increase' | 'decrease';
export type Aggregation = 'sum' | 'mean' | 'min' | 'max' | 'weighted';
export type ProgressMethod = 'linear' | 'cagr-ratio' | 'gap-closed';

export interface PeriodValue {
  /** Period text as written (a bare YAML year is turned into its string). */
  period: string;
  value: number;
}

/** A break in an indicator's series (SPEC 6.1): from `period` on, the figures are measured differently. */
export interface SeriesBreak {
  /** Period text as written, of the indicator's frequency: the first period measured the new way. */
  period: string;
  note: string;
}

export interface Indicator extends Sourced {
  id: string;
  name: string;
  goal: string;
  definition?: string;
  unit: Unit;
  direction: Direction;
  frequency: PeriodType;
  /** Resolved: the file's value or the unit's default. */
  aggregation: Aggregation;
  /** Resolved: default 100 for percent, else 1. */
  scale: number;
  /** Resolved: the file's range, [0, 100] for percent, else null. */
  range: [number, number] | null;
  /** Resolved: the file's value or the unit's default (0 for counts, else 1). */
  decimals: number;
  baseline?: PeriodValue;
  targets: PeriodValue[];
  /** Breaks in the series (a new test, a changed definition): figures before and after are not comparable as they stand. */
  breaks?: SeriesBreak[];
  progress: ProgressMethod;
  thresholds?: [number, number, number];
  owner?: string;
  reporters: string[];
  source?: string;
  disaggregate_by: string[];
}

export type Sector =
  | 'nonprofit' | 'government' | 'business' | 'philanthropy' | 'education'
  | 'health' | 'faith' | 'community' | 'resident' | 'other';

export interface Person {
  name: string;
  title?: string;
  email?: string;
}

export interface Partner extends Sourced {
  id: string;
  name: string;
  sector: Sector;
  joined?: string;
  left?: string | null;
  leader?: Person;
  delegate?: Person;
  commitments: string[];
}

export type ActivityStatus = 'planned' | 'active' | 'paused' | 'completed' | 'dropped';

export interface Milestone {
  title: string;
  due?: string;
  done: boolean;
}

export interface Activity extends Sourced {
  id: string;
  title: string;
  goal: string;
  strategy?: string;
  lead: string;
  partners: string[];
  indicators: string[];
  start?: string;
  end?: string;
  status: ActivityStatus;
  milestones: Milestone[];
  description?: string;
}

export type Cadence = 'weekly' | 'biweekly' | 'monthly' | 'quarterly';

export interface MeetingSeries extends Sourced {
  id: string;
  name: string;
  cadence?: Cadence;
  duration: number;
  facilitator?: string;
  members: string[];
  location?: string;
  time?: string;
}

export interface Attendance {
  partner: string;
  by: 'leader' | 'delegate';
}

export interface Topic {
  title: string;
  minutes: number;
  kind: 'decision' | 'discussion' | 'information';
  owner?: string;
}

export interface Action {
  id: string;
  title: string;
  owner: string;
  due?: string;
  /** The date it was done or dropped, when recorded. */
  closed?: string;
  status: 'open' | 'done' | 'dropped';
}

export interface Meeting extends Sourced {
  id: string;
  series: string;
  date: string;
  time?: string;
  duration?: number;
  location?: string;
  /** True when the file has an `attendees` list (even an empty one): attendance was taken. */
  recorded: boolean;
  attendees: Attendance[];
  topics: Topic[];
  decisions: string[];
  actions: Action[];
}

export interface DimensionValue {
  id: string;
  label: string;
}

export interface Dimension extends Sourced {
  id: string;
  name: string;
  values: DimensionValue[];
}

/**
 * One entry of `commentary/<period>.yaml` (SPEC 6.1): the story behind one indicator's or one
 * goal's curve for a report period. Exactly one of `indicator` and `goal` (the schema says so).
 */
export interface Commentary extends Sourced {
  /** The period the file is named for, as written (`commentary/2026-Q3.yaml` → `2026-Q3`). */
  period: string;
  indicator?: string;
  goal?: string;
  story: string;
  helping: string[];
  hurting: string[];
  next_steps: string[];
  /** A partner id. */
  author?: string;
}

/** The whole initiative after loading and schema validation. */
export interface Initiative {
  /** Absolute path of the initiative folder. */
  root: string;
  settings: InitiativeSettings;
  agenda: Agenda;
  indicators: Indicator[];
  partners: Partner[];
  activities: Activity[];
  series: MeetingSeries[];
  meetings: Meeting[];
  dimensions: Dimension[];
  /** Every `commentary/<period>.yaml` entry, by file path then position (absent: none, or a model built by hand). */
  commentary?: Commentary[];
  /** The parsed files by path, for positions in diagnostics of any later stage (absent for a model built by hand). */
  readonly sources?: ReadonlyMap<string, ParsedYaml>;
}
