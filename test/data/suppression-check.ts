/**
 * An outside check of small-number suppression (SPEC 4.5) on what Concert publishes: the export
 * (partners' rows) and report models (initiative-level groups). It knows nothing of the plan: it
 * rebuilds each additive set from the outputs and asks whether a hidden figure can be worked out
 * by adding or subtracting the shown figures of that set.
 */
import { exportChunks } from '../../src/core/data/export.js';
import type { MergedData } from '../../src/core/data/types.js';
import type { Indicator, Initiative } from '../../src/core/model/types.js';
import type { ReportModel } from '../../src/core/report/types.js';

type Row = Record<string, unknown>;

interface Member {
  name: string;
  hidden: boolean;
  count: number;
}

/** How the total of a set is published: always (a total), shown (a group figure), hidden. */
type TotalState = 'published' | 'shown' | 'hidden';

/**
 * Why the set lets a hidden figure be recovered, or null. With the total hidden, a set needs one
 * hidden member (else the total is the sum of the shown ones). Otherwise the hidden members are
 * none, or at least two whose combined count is at least min_count, or every member (at least
 * two) under a total that is published by design (their sum is that total; SPEC 4.5: totals are
 * never suppressed).
 */
export function judge(members: readonly Member[], total: TotalState, minCount: number): string | null {
  const hidden = members.filter((m) => m.hidden);
  if (total === 'hidden') return hidden.length === 0 ? 'the hidden total is the sum of the shown members' : null;
  if (hidden.length === 0) return null;
  const combined = hidden.reduce((n, m) => n + m.count, 0);
  if (hidden.length >= 2 && combined >= minCount) return null;
  if (total === 'published' && hidden.length === members.length && members.length >= 2) return null;
  if (hidden.length === 1) return `${hidden[0]!.name} is the total minus the shown members`;
  return `the hidden ${hidden.map((m) => m.name).join(' + ')} add up to ${combined} < ${minCount}`;
}

function countOf(ix: Indicator, row: Row): number {
  return Number(ix.aggregation === 'weighted' ? row['denominator'] : row['value']);
}

/** The export (JSON) with and without suppression, rows in the same order. */
export function exported(initiative: Initiative, data: MergedData): { shown: Row[]; truth: Row[] } {
  const shown = JSON.parse([...exportChunks(initiative, data, { format: 'json' })].join('')) as Row[];
  const truth = JSON.parse([...exportChunks(initiative, data, { format: 'json', suppress: false })].join('')) as Row[];
  return { shown, truth };
}

/**
 * Every way a hidden figure can be recovered from one additive set of the published figures,
 * plus any small figure shown, any total hidden, and any hidden row that still shows a count.
 * `reports` must include a report for every period whose groups are to be checked.
 */
export function leaks(initiative: Initiative, data: MergedData, reports: readonly ReportModel[]): string[] {
  const minCount = initiative.settings.privacy.min_count;
  if (minCount === undefined) return [];
  const out: string[] = [];
  const { shown, truth } = exported(initiative, data);
  const dims = initiative.dimensions.map((d) => d.id);
  const dimsOf = (r: Row) => dims.filter((d) => r[d] !== null && r[d] !== undefined);

  // The report's initiative-level groups: (indicator, period, dimension, value) → hidden.
  const figures = new Map<string, boolean>();
  for (const m of reports) {
    for (const i of m.indicators) {
      for (const [d, list] of Object.entries(i.groups)) {
        for (const f of list) {
          if (f.period === null) continue;
          const key = `${i.id}|${f.period}|${d}|${f.value}`;
          if (figures.has(key) && figures.get(key) !== f.suppressed) out.push(`${key}: hidden in one report, shown in another`);
          figures.set(key, f.suppressed);
        }
      }
    }
  }

  const byBlock = new Map<string, { row: Row; hidden: boolean }[]>();
  truth.forEach((row, k) => {
    const s = shown[k]!;
    const hidden = s['suppressed'] === true;
    if (hidden && (s['value'] !== null || 'numerator' in s || 'denominator' in s)) out.push(`export row ${k} is suppressed but shows a figure`);
    const key = `${String(row['indicator'])}|${String(row['period'])}`;
    const list = byBlock.get(key) ?? [];
    list.push({ row, hidden });
    byBlock.set(key, list);
  });

  for (const [block, rows] of byBlock) {
    const [id, period] = block.split('|') as [string, string];
    const ix = initiative.indicators.find((x) => x.id === id);
    if (!ix || !(ix.aggregation === 'weighted' || ix.unit === 'count')) continue;
    const additive = ix.aggregation === 'sum' || ix.aggregation === 'weighted' || ix.aggregation === 'mean';
    const partnerOf = (r: Row) => String(r['partner'] ?? '');
    const single = rows.filter(({ row }) => dimsOf(row).length === 1);
    for (const { row, hidden } of rows) {
      const where = `${block}|${partnerOf(row)}|${dimsOf(row).map((d) => `${d}=${String(row[d])}`).join('&')}`;
      if (dimsOf(row).length === 0 && hidden) out.push(`${where}: a total is hidden`);
      if (dimsOf(row).length > 0 && !hidden && !(countOf(ix, row) >= minCount)) out.push(`${where}: a small figure is shown`);
    }
    // (a) a partner's groups of one dimension against its total
    const sets = new Map<string, Member[]>();
    for (const { row, hidden } of single) {
      const d = dimsOf(row)[0]!;
      const key = `${partnerOf(row)}|${d}`;
      sets.set(key, [...(sets.get(key) ?? []), { name: String(row[d]), hidden, count: countOf(ix, row) }]);
    }
    for (const [key, members] of sets) {
      const why = judge(members, 'published', minCount);
      if (why) out.push(`${block} partner ${key}: ${why}`);
    }
    if (!additive) continue;
    const groupHidden = (d: string, v: string) => {
      const h = figures.get(`${id}|${period}|${d}|${v}`);
      if (h === undefined) throw new Error(`no report shows ${id} ${period} ${d}=${v}`);
      return h;
    };
    // (a') the initiative's groups of one dimension against the initiative total
    for (const d of dims) {
      const values = [...new Set(single.filter(({ row }) => dimsOf(row)[0] === d).map(({ row }) => String(row[d])))];
      if (values.length === 0) continue;
      const members = values.map((v) => ({
        name: v,
        hidden: groupHidden(d, v),
        count: single.filter(({ row }) => row[d] === v).reduce((n, { row }) => n + countOf(ix, row), 0),
      }));
      for (const m of members) if (!m.hidden && !(m.count >= minCount)) out.push(`${block} initiative ${d}=${m.name}: a small figure is shown`);
      const why = judge(members, 'published', minCount);
      if (why) out.push(`${block} initiative ${d}: ${why}`);
      // (b) the partners' rows of one group against the initiative figure of that group
      for (const v of values) {
        const rowsOf = single.filter(({ row }) => row[d] === v);
        const why2 = judge(rowsOf.map(({ row, hidden }) => ({ name: partnerOf(row), hidden, count: countOf(ix, row) })), groupHidden(d, v) ? 'hidden' : 'shown', minCount);
        if (why2) out.push(`${block} partners of ${d}=${v}: ${why2}`);
      }
    }
  }
  return out;
}
