/**
 * Which (indicator, period, partner) arrived, and in which file first. Each gets a dense id in
 * arrival order — the merged rows are keyed by that id × the dimension combination, which keeps
 * row keys small.
 */
import type { MergeState } from './merge-state.js';
import { NumTable } from './num-table.js';
import type { Submission } from './types.js';

export class SubmissionIndex {
  /** [base key, file index, id] */
  private readonly table = new NumTable(3, 4096);
  /** id → base key */
  private baseKeys = new Float64Array(1024);
  private lastKey = -1;
  private lastId = -1;

  get size(): number {
    return this.table.size;
  }

  /** Make room for `n` submissions at once. */
  reserve(n: number): void {
    this.table.reserve(n);
    if (n > this.baseKeys.length) {
      const grown = new Float64Array(n);
      grown.set(this.baseKeys);
      this.baseKeys = grown;
    }
  }

  /** The id of a base key, recording `file` as where it arrived when it is new. */
  idOf(baseKey: number, file: number): number {
    if (baseKey !== this.lastKey) {
      this.lastKey = baseKey;
      this.lastId = this.upsert(baseKey, file);
    }
    return this.lastId;
  }

  private upsert(baseKey: number, file: number): number {
    const t = this.table;
    const slot = t.upsert(baseKey);
    if (!t.inserted) return t.data[slot * 3 + 2]!;
    const id = t.size - 1;
    t.data[slot * 3 + 1] = file;
    t.data[slot * 3 + 2] = id;
    if (id >= this.baseKeys.length) {
      const grown = new Float64Array(this.baseKeys.length * 2);
      grown.set(this.baseKeys);
      this.baseKeys = grown;
    }
    this.baseKeys[id] = baseKey;
    return id;
  }

  /** The id of a base key that arrived, or -1. */
  find(baseKey: number): number {
    const slot = this.table.find(baseKey);
    return slot < 0 ? -1 : this.table.data[slot * 3 + 2]!;
  }

  /** The file index where a base key first arrived, or -1. */
  fileOf(baseKey: number): number {
    const slot = this.table.find(baseKey);
    return slot < 0 ? -1 : this.table.data[slot * 3 + 1]!;
  }

  baseKey(id: number): number {
    return this.baseKeys[id]!;
  }

  /** Visit every (base key, file index), unordered. */
  forEach(visit: (baseKey: number, file: number) => void): void {
    const data = this.table.data;
    this.table.forEachSlot((slot, key) => visit(key, data[slot * 3 + 1]!));
  }
}

/** Every submission by indicator (as declared), chronological period, partner. */
export function submissionList(state: MergeState): Submission[] {
  const rank = state.periods.ranks();
  const list: { indicator: number; period: number; s: Submission }[] = [];
  state.submissions.forEach((baseKey, file) => {
    const { indicator, period, partner } = state.keys.decodeBase(baseKey);
    list.push({
      indicator,
      period,
      s: {
        partner: partner === 0 ? '' : state.partnerIds[partner - 1]!,
        indicator: state.indicators[indicator]!.id,
        period: state.periods.list[period]!.text,
        file: state.files[file]!.path,
      },
    });
  });
  list.sort((a, b) => a.indicator - b.indicator || rank[a.period]! - rank[b.period]! || (a.s.partner < b.s.partner ? -1 : a.s.partner > b.s.partner ? 1 : 0));
  return list.map((x) => x.s);
}

/** The file where (indicator, period, partner) first arrived; partner '' for rows naming none. */
export function submittedIn(state: MergeState, indicator: string, period: string, partner: string): string | undefined {
  const ind = state.indicators.findIndex((i) => i.id === indicator);
  const per = state.periods.indexOf(period);
  const part = partner === '' ? 0 : state.partnerIds.indexOf(partner) + 1;
  if (ind < 0 || per < 0 || (partner !== '' && part === 0)) return undefined;
  const file = state.submissions.fileOf(state.keys.baseKey(ind, per, part));
  return file < 0 ? undefined : state.files[file]!.path;
}
