/**
 * `concert diff` as a pull-request comment (md) and as JSON. The comment puts first what a
 * reviewer must not miss — targets and baselines moved, measures redefined, indicators dropped
 * with their data, statuses that change — then one summary line, then the details collapsed.
 */
import { Formatter, STATUS_LOOK } from '../render/format.js';
import { escapeMarkdown, mdCell } from '../render/escape.js';
import type { Unit } from '../model/types.js';
import type { ComparabilityFlag, DataFigure, DataRevision, DiffDocument, DiffRevision, EntityChange, ShownValue } from './types.js';

/** Rows shown per table in the comment; the JSON lists everything. */
export const MD_ROWS = 100;

export function renderDiffJson(doc: DiffDocument): string {
  return JSON.stringify(doc.diff, null, 2) + '\n';
}

type Count = (n: number) => string;

/** "1 figure", "10,000 figures" (the count in the initiative's locale). */
const plural = (count: Count, n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

function revision(r: DiffRevision): string {
  if (r.commit === null) return `the ${escapeMarkdown(r.ref)}`;
  const short = `\`${r.commit.slice(0, 7)}\``;
  return r.ref === r.commit || r.commit.startsWith(r.ref) ? short : `${short} (${escapeMarkdown(r.ref)})`;
}

/** Decimals a number is written with (`12.25` → 2). */
function decimalsIn(n: number): number {
  const s = String(n);
  if (/e/i.test(s)) return 10;
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

class Shown {
  private readonly fmt: Formatter;
  constructor(private readonly doc: DiffDocument) {
    this.fmt = new Formatter(doc.initiative.locale);
  }

  readonly count = (n: number): string => this.fmt.number(n, 0);

  /** A figure in its indicator's unit, with every decimal it has (a revision 50.01 → 50.04 must show). */
  value(indicator: string, v: ShownValue | unknown): string {
    if (v === 'suppressed') return 'suppressed';
    if (typeof v !== 'number') return '—';
    const ix = this.doc.indicators[indicator];
    const unit = (ix?.unit ?? 'number') as Unit;
    return this.fmt.value(v, unit, Math.max(ix?.decimals ?? 0, Math.min(decimalsIn(v), 10)));
  }

  /** `{ period, value }` (a target or baseline) as "SY2026-27: 55.0%". */
  dated(indicator: string, t: unknown): string {
    if (t === null || typeof t !== 'object') return 'none';
    const { period, value } = t as { period: string; value: number };
    return `${escapeMarkdown(period)}: ${this.value(indicator, value)}`;
  }

  /** "target for SY2026-27 moved from 55.0% to 52.0%", or with both periods when the period moved. */
  moved(indicator: string, what: string, verb: string, from: unknown, to: unknown): string {
    const a = from as { period: string; value: number } | null;
    const b = to as { period: string; value: number } | null;
    if (a && b && a.period === b.period) return `${what} for ${escapeMarkdown(a.period)} ${verb} from ${this.value(indicator, a.value)} to ${this.value(indicator, b.value)}`;
    return `${what} ${verb} from ${this.dated(indicator, from)} to ${this.dated(indicator, to)}`;
  }

  /** "**Name** (`id`)". */
  indicator(id: string): string {
    const name = this.doc.indicators[id]?.name;
    return name ? `**${escapeMarkdown(name)}** (\`${id}\`)` : `\`${id}\``;
  }

  status(s: string): string {
    const look = STATUS_LOOK[s as keyof typeof STATUS_LOOK];
    return look ? `${look.shape} ${look.label}` : s;
  }
}

function flagLine(f: ComparabilityFlag, show: Shown): string {
  const who = show.indicator(f.indicator);
  switch (f.kind) {
    case 'target-moved':
      if (f.from === null) return `${who}: target added, ${show.dated(f.indicator, f.to)}`;
      if (f.to === null) return `${who}: target dropped, ${show.dated(f.indicator, f.from)}`;
      return `${who}: ${show.moved(f.indicator, 'target', 'moved', f.from, f.to)}`;
    case 'baseline-changed':
      return `${who}: ${show.moved(f.indicator, 'baseline', 'changed', f.from, f.to)}`;
    case 'definition-changed':
      return `${who}: definition changed`;
    case 'indicator-removed-with-data':
      return `${who}: removed, with ${plural(show.count, Number(f.from), 'merged data row')} that no report shows any more`;
    default:
      return `${who}: ${f.field} changed from ${escapeMarkdown(String(f.from ?? 'none'))} to ${escapeMarkdown(String(f.to ?? 'none'))}`;
  }
}

/** A field value as plain text: `{ period, value }` as "SY2026-27: 55", lists joined by semicolons. */
function plainText(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (Array.isArray(v)) return v.length === 0 ? '(none)' : v.map(plainText).join('; ');
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 2 && 'period' in o && 'value' in o) return `${String(o['period'])}: ${plainText(o['value'])}`;
    return keys.map((k) => `${k}: ${plainText(o[k])}`).join(', ');
  }
  return String(v);
}

/** A field value in a table cell, long text shortened (the JSON has it whole). */
function cellValue(v: unknown): string {
  const text = plainText(v);
  return mdCell(text.length > 160 ? `${text.slice(0, 159)}…` : text);
}

const groupsText = (g: Record<string, string>) => {
  const keys = Object.keys(g);
  return keys.length === 0 ? 'total' : keys.map((k) => `${k}=${g[k]}`).join(', ');
};

function table(headers: string[], rows: string[][], total: number, count: Count): string[] {
  const out = [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
  if (total > rows.length) out.push('', `…and ${count(total - rows.length)} more (\`concert diff --format json\` lists them all).`);
  return out;
}

function details(summary: string, body: string[]): string[] {
  return ['<details>', `<summary>${summary}</summary>`, '', ...body, '', '</details>', ''];
}

function entityRows(entities: EntityChange[]): string[][] {
  const rows: string[][] = [];
  for (const e of entities) {
    if (e.change !== 'changed') {
      rows.push([mdCell(e.kind), `\`${e.id}\``, e.change, '', '', '']);
      continue;
    }
    for (const f of e.fields) rows.push([mdCell(e.kind), `\`${e.id}\``, 'changed', mdCell(f.field), cellValue(f.from), cellValue(f.to)]);
  }
  return rows;
}

function figureRow(f: DataFigure | DataRevision, show: Shown, values: string[]): string[] {
  return [`\`${f.indicator}\``, mdCell(f.period), f.partner === null ? '(unattributed)' : `\`${f.partner}\``, mdCell(groupsText(f.groups)), ...values];
}

function countEntities(entities: EntityChange[], count: Count): string {
  const n = (c: EntityChange['change']) => entities.filter((e) => e.change === c).length;
  const parts = (['changed', 'added', 'removed'] as const).filter((c) => n(c) > 0).map((c) => `${count(n(c))} ${c}`);
  return parts.length === 0 ? 'no entity changed' : `${plural(count, entities.length, 'entity', 'entities')} (${parts.join(', ')})`;
}

/** The pull-request comment (SPEC 8.1): short, most important first. */
export function renderDiffMarkdown(doc: DiffDocument): string {
  const { diff } = doc;
  const show = new Shown(doc);
  const count = show.count;
  const between = `between ${revision(diff.from)} and ${revision(diff.to)}`;
  const { revised, added, removed } = diff.data;
  const nothing = diff.entities.length + diff.comparability.length + revised.length + added.length + removed.length + diff.statuses.length === 0;
  if (nothing) return `**Concert:** no change to ${escapeMarkdown(doc.initiative.name)} ${between}.\n`;

  const out: string[] = [`**Concert diff** of ${escapeMarkdown(doc.initiative.name)} ${between}`, ''];
  const section = (title: string, flags: ComparabilityFlag[]) => {
    if (flags.length === 0) return;
    out.push(title, '', ...flags.map((f) => `- ${flagLine(f, show)}`), '');
  };
  const goalposts = diff.comparability.filter((f) => f.kind === 'target-moved' || f.kind === 'baseline-changed');
  const removedWithData = diff.comparability.filter((f) => f.kind === 'indicator-removed-with-data');
  const measured = diff.comparability.filter((f) => !goalposts.includes(f) && !removedWithData.includes(f));
  section('⚠ **The goalposts moved:** progress before and after this change is measured against different figures.', goalposts);
  section('⚠ **Measured differently:** figures before and after this change are not comparable.', measured);
  section('⚠ **Removed with its data:**', removedWithData);

  if (diff.statuses.length > 0) {
    out.push(`**Statuses that change at ${escapeMarkdown(doc.period)}:**`, '');
    out.push(...diff.statuses.map((s) => `- ${show.indicator(s.indicator)}: ${show.status(s.from)} → ${show.status(s.to)}`), '');
  }

  const summary = [
    countEntities(diff.entities, count),
    `data: ${plural(count, revised.length, 'figure')} revised, ${count(added.length)} added, ${count(removed.length)} removed`,
    diff.statuses.length === 0 ? `no status changes at ${escapeMarkdown(doc.period)}` : plural(count, diff.statuses.length, 'status change'),
  ];
  out.push(`${summary.join('; ')}.`, '');

  if (diff.entities.length > 0) {
    const rows = entityRows(diff.entities);
    out.push(...details(`Entities (${count(diff.entities.length)})`, table(['Kind', 'Id', 'Change', 'Field', 'Before', 'After'], rows.slice(0, MD_ROWS), rows.length, count)));
  }
  if (revised.length > 0) {
    const rows = revised.slice(0, MD_ROWS).map((r) => figureRow(r, show, [show.value(r.indicator, r.from), show.value(r.indicator, r.to)]));
    out.push(...details(`Data revised (${count(revised.length)})`, table(['Indicator', 'Period', 'Partner', 'Groups', 'Before', 'After'], rows, revised.length, count)));
  }
  for (const [title, list] of [['Data added', added], ['Data removed', removed]] as const) {
    if (list.length === 0) continue;
    const rows = list.slice(0, MD_ROWS).map((r) => figureRow(r, show, [show.value(r.indicator, r.value)]));
    out.push(...details(`${title} (${count(list.length)})`, table(['Indicator', 'Period', 'Partner', 'Groups', 'Value'], rows, list.length, count)));
  }
  return out.join('\n').replace(/\n+$/, '\n');
}
