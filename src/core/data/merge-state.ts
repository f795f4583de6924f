/** What a finished merge holds, as read by the totals check and the views of the merged data. */
import type { Dimension, Indicator } from '../model/types.js';
import type { KeySpace } from './keys.js';
import type { LineNumbers } from './line-numbers.js';
import type { NoteTexts } from './notes.js';
import type { PeriodIds } from './period-ids.js';
import type { RowTable } from './row-table.js';
import type { SubmissionIndex } from './submissions.js';
import type { DataFileInfo } from './types.js';

export interface MergeState {
  readonly indicators: readonly Indicator[];
  readonly dimensions: readonly Dimension[];
  /** Partner ids; partner number p (p > 0) is partnerIds[p − 1]. */
  readonly partnerIds: string[];
  readonly periods: PeriodIds;
  readonly keys: KeySpace;
  /** The merged rows, keyed by submission id × combinations + combination. */
  readonly rows: RowTable;
  readonly submissions: SubmissionIndex;
  readonly lines: LineNumbers;
  readonly files: readonly DataFileInfo[];
  /** The texts of the rows' notes (a row holds its note's number: RowTable.note). */
  readonly notes: NoteTexts;
}

/** How a message names a partner number. */
export function partnerLabel(state: MergeState, partner: number): string {
  return partner === 0 ? 'no partner' : `partner '${state.partnerIds[partner - 1]}'`;
}
