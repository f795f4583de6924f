/** The shapes `concert diff --format json` prints (SPEC 8.1); docs/diff.md describes them. */
import type { Status } from '../progress/types.js';

/** One side of the comparison. */
export interface DiffRevision {
  /** How it was named: the ref given, `merge-base of HEAD and main`, or `working tree`. */
  ref: string;
  /** The full commit id; null for the working tree. */
  commit: string | null;
}

export type EntityKind = 'initiative' | 'agenda' | 'goal' | 'indicator' | 'partner' | 'activity' | 'dimension' | 'meeting-series' | 'meeting';

/** A field of an entity, by dotted path (`baseline.value`, `leader.email`); lists are compared whole. */
export interface FieldChange {
  field: string;
  /** The value before; null when absent. */
  from: unknown;
  to: unknown;
}

export interface EntityChange {
  kind: EntityKind;
  id: string;
  change: 'added' | 'removed' | 'changed';
  /** The changed fields (only for `changed`), in field order. */
  fields: FieldChange[];
}

export type ComparabilityKind =
  | 'target-moved'
  | 'baseline-changed'
  | 'definition-changed'
  | 'unit-changed'
  | 'direction-changed'
  | 'aggregation-changed'
  | 'scale-changed'
  | 'frequency-changed'
  | 'indicator-removed-with-data';

export interface ComparabilityFlag {
  kind: ComparabilityKind;
  indicator: string;
  /** `targets`, `baseline`, the indicator field, or `data` (indicator removed with data). */
  field: string;
  /**
   * Targets and baselines: `{ period, value }` or null (none); other fields: the value;
   * `indicator-removed-with-data`: the number of merged data rows it had, to null.
   */
  from: unknown;
  to: unknown;
}

/** A figure as shown: the number, or `suppressed` (SPEC 4.5, privacy.min_count). */
export type ShownValue = number | 'suppressed';

/** A partner's merged figure (SPEC 4.2's merge key). */
export interface DataFigure {
  indicator: string;
  period: string;
  /** null when unattributed. */
  partner: string | null;
  /** Dimension id → value id; {} for a total. */
  groups: Record<string, string>;
  value: ShownValue;
}

export interface DataRevision {
  indicator: string;
  period: string;
  partner: string | null;
  groups: Record<string, string>;
  from: ShownValue;
  to: ShownValue;
}

export interface StatusChange {
  indicator: string;
  from: Status;
  to: Status;
}

/** `concert diff --format json`, exactly. */
export interface Diff {
  from: DiffRevision;
  to: DiffRevision;
  entities: EntityChange[];
  comparability: ComparabilityFlag[];
  data: { revised: DataRevision[]; added: DataFigure[]; removed: DataFigure[] };
  statuses: StatusChange[];
}

/** What the md comment needs beside the diff (the document model; the JSON is `diff` alone). */
export interface DiffDocument {
  initiative: { id: string; name: string; locale: string };
  /** The period statuses were compared at. */
  period: string;
  diff: Diff;
  /** Indicator id → name, unit and decimals (the `to` side's, else the `from` side's), for display. */
  indicators: Record<string, { name: string; unit: string; decimals: number }>;
}
