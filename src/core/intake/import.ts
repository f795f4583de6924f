/**
 * `concert data import` (SPEC 4.4): a partner's sheet → canonical rows, checked by the same merge
 * as every data drop, with each problem placed at the partner's own cell.
 *
 * planImport reads the sheet's first rows (the header) and, when the file's name depends on
 * them, its periods: column roles, labels, numbers, unpivot, skipped rows are worked out row by
 * row on each walk. runImport walks the rows once more through the Merger, after the
 * initiative's other drops, writing the canonical CSV as it goes.
 */
import { readFileSync } from 'node:fs';
import type { Diagnostic, Position, RelatedPlace } from '../diagnostics.js';
import { readCsvBytes } from '../data/csv-reader.js';
import { listDataFiles } from '../data/files.js';
import { normaliseHeader } from '../data/header.js';
import { Merger } from '../data/merge.js';
import { TextRecord } from '../data/record.js';
import type { Initiative } from '../model/types.js';
import { periodContaining } from '../periods.js';
import { figureOf, figureOfText, numberStyleHint } from './convert.js';
import { CanonicalCsv } from './canonical-csv.js';
import { cellRef, type Grid, type GridRow } from './grid.js';
import { findHeader, HeaderRows, type Header } from './header.js';
import { MAP_COLUMNS, SKIP, type ImportMap } from './map.js';
import { gridSheet, type Sheet, type SheetInfo, type SheetRow } from './sheet.js';
import { longRows, wideColumns, type WideColumn } from './unpivot.js';

export interface ImportOptions {
  partner: string;
  /** `--period`: the period of rows that name none. */
  period?: string;
}


/** A calendar date as a workbook's date cell reads, or as typed: YYYY-MM-DD. */
const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
/** A canonical row, with the source row and the source column of each field (arrays reused between calls). */
export type RowVisitor = (fields: readonly string[], columns: readonly number[], row: number) => void;

export interface SkippedRow {
  row: number;
  /** The cell that says why (`A14`, the "Total" label). */
  col: number;
  reason: 'total row' | 'no figure';
}

export interface ImportPlan {
  header?: Header;
  /** The canonical header of the CSV to write, and the sheet column each is read from (1 when none). */
  columns: string[];
  headerColumns: number[];
  /**
   * The periods the rows name, up to two: the file written is named for the period when there
   * is one only.
   */
  periods: Set<string>;
  /**
   * Walk the canonical rows in sheet order, one at a time, as the file is read (nothing is kept:
   * a million rows cost no more memory than one). Each walk recounts the fields below and the
   * hidden-row warnings.
   */
  eachRow: (visit: RowVisitor) => Promise<void>;
  /** The text of a figure cell that is not a number in the map's style, by `row:col` (for hints). */
  notNumbers: Map<string, string>;
  /** Source rows with data below the header. */
  read: number;
  /** Canonical rows (a wide sheet gives several per row read). */
  written: number;
  skipped: SkippedRow[];
  diagnostics: Diagnostic[];
}

/** A plan with no rows (a map or a file that could not be read). */
export function emptyPlan(): ImportPlan {
  return { columns: [], headerColumns: [], periods: new Set(), eachRow: async () => {}, notNumbers: new Map(), read: 0, written: 0, skipped: [], diagnostics: [] };
}

const FIGURES = ['value', 'numerator', 'denominator'] as const;
const TOTAL_LABEL = /^(grand\s+)?(totals?|sum|all)\s*:?$/i;

/** A position in the partner's file: sheet and cell for a workbook, line and column for a CSV. */
export function placeIn(grid: SheetInfo, row: number, col: number): Position {
  const at: Position = { file: grid.file, line: row, column: col };
  if (grid.kind === 'xlsx') {
    if (grid.sheet !== undefined) at.sheet = grid.sheet;
    at.cell = cellRef(col, row);
  }
  return at;
}

/** Labels a partner may write without a map: indicator names, partner names, dimension value labels. */
function namedLabels(initiative: Initiative): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  out.set('indicator', new Map(initiative.indicators.map((i) => [normaliseHeader(i.name), i.id])));
  out.set('partner', new Map(initiative.partners.map((p) => [normaliseHeader(p.name), p.id])));
  for (const d of initiative.dimensions) out.set(d.id, new Map(d.values.map((v) => [normaliseHeader(v.label), v.id])));
  return out;
}

/** Notes kept of figures that are not numbers: enough for every hint the merge can report. */
const NOT_NUMBERS_KEPT = 10_000;

/**
 * Read the sheet's header (and, when the rows name periods, which ones) and plan its rows by the
 * map. A `Grid` is walked as a sheet.
 */
export async function planImport(source: Sheet | Grid, map: ImportMap, initiative: Initiative, options: ImportOptions): Promise<ImportPlan> {
  const sheet = 'rows' in source ? gridSheet(source) : source;
  const head = new HeaderRows(map.headerRow);
  let planned: PlannedRows | undefined;
  /** Plan from the header's rows, and note the periods those below the header name. */
  const plan = (): PlannedRows => {
    const p = planRows(sheet, head, map, initiative, options);
    head.rows.every((h) => p.periodsFrom(h));
    return p;
  };
  await sheet.eachRow((r) => {
    if (!planned) {
      if (head.add(r.toGridRow())) return true;
      planned = plan();
    }
    return planned.periodsFrom(r);
  });
  return (planned ?? plan()).plan;
}

interface PlannedRows {
  plan: ImportPlan;
  /** Note the period `row` names (a `Grid` row or the row being walked); false once no more are needed. */
  periodsFrom: (row: SheetRow | GridRow) => boolean;
}

/** The plan from the sheet's first rows: header, column roles, and how each row becomes canonical rows. */
function planRows(sheet: Sheet, head: HeaderRows, map: ImportMap, initiative: Initiative, options: ImportOptions): PlannedRows {
  const plan = emptyPlan();
  const done: PlannedRows = { plan, periodsFrom: () => false };
  const grid: Grid = { ...sheet, rows: head.rows };
  const dims = initiative.dimensions.map((d) => d.id);
  const canonical = new Set<string>([...MAP_COLUMNS, ...dims]);
  const wanted = map.unpivot?.columns ?? [];
  const isKnown = (key: string) => canonical.has(key) || map.columns.has(key) || wanted.includes(key);
  const header = findHeader(grid, isKnown, map.headerRow);
  const report = (row: number, col: number, code: Diagnostic['code'], message: string, hint?: string, severity: Diagnostic['severity'] = 'warning') =>
    plan.diagnostics.push({ code, severity, ...placeIn(sheet, row, col), message, ...(hint ? { hint } : {}) });
  if (!header) {
    const first = grid.rows.find((r) => r.cells.length > 0);
    report(first?.row ?? 1, first?.cells[0]?.col ?? 1, 'import-header-not-found', `no header row found${sheet.sheet ? ` in sheet '${sheet.sheet}'` : ''}: no row names the columns indicator, period or value`,
      map.file ? 'name the sheet\'s headers under columns: in the map, or give header_row' : 'give a map (--map) that names the sheet\'s columns', 'error');
    return done;
  }
  plan.header = header;

  // Each header column's role: a canonical column, a wide column, or nothing.
  const roleOf = new Map<number, string>();
  const sourceOf = new Map<string, number>();
  const hidden = new Set(sheet.hiddenCols);
  const wide: WideColumn[] = map.unpivot ? wideColumns(header.columns, wanted) : [];
  const wideCols = new Set(wide.map((w) => w.col));
  for (const c of header.columns) {
    if (wideCols.has(c.col)) continue;
    const role = map.columns.get(c.key) ?? (canonical.has(c.key) ? c.key : undefined);
    if (role === SKIP) continue;
    const { row, col } = c;
    if (role === undefined) {
      report(row, col, 'import-unknown-column', `column '${c.name}' is not a column of a data drop; it is left out`,
        map.file ? `name it under columns: in ${map.file} (or map it to skip)` : 'give a map (--map) that says what it holds, or remove it');
      continue;
    }
    const prev = sourceOf.get(role);
    if (prev !== undefined) {
      report(row, col, 'data-duplicate-column', `column '${c.name}' holds ${role}, and so does the column of ${cellRef(prev, row)}`, 'keep one of them, or map one to skip', 'error');
      continue;
    }
    sourceOf.set(role, c.col);
    roleOf.set(c.col, role);
  }
  for (const col of [...roleOf.keys(), ...wideCols]) {
    if (hidden.has(col)) {
      const c = header.columns.find((x) => x.col === col)!;
      report(header.lastRow, col, 'import-hidden', `column '${c.name}' is hidden in the spreadsheet; it is imported`, 'check that its figures are meant to be sent');
    }
  }
  if (map.unpivot && wide.length === 0) {
    report(header.row, header.columns[0]?.col ?? 1, 'import-header-not-found', `none of the unpivot columns (${map.unpivot.columns.join(', ')}) is in the header`, 'write them as the header shows them', 'error');
  }

  // Where each canonical column comes from: a sheet column, the wide columns, or one value for all rows.
  const constants = new Map(map.constants);
  if (!constants.has('partner')) constants.set('partner', options.partner);
  if (options.period !== undefined && !constants.has('period')) constants.set('period', options.period);
  const unpivotHeader = map.unpivot?.header;
  const unpivotValue = map.unpivot?.value;
  const has = (c: string) => sourceOf.has(c) || constants.has(c) || c === unpivotHeader || c === unpivotValue;
  const dimsUsed = dims.filter(has);
  const figures = FIGURES.filter((c) => sourceOf.has(c) || c === unpivotValue);
  plan.columns = ['indicator', 'period', 'partner', ...dimsUsed, ...figures, ...(sourceOf.has('note') ? ['note'] : [])];

  const missing: [string, string][] = [];
  if (!has('indicator')) missing.push(['indicator', 'add an indicator column, or constants: { indicator: <id> } in the map']);
  if (!has('period')) missing.push(['period', 'add a period column, give --period, or constants: { period: <period> } in the map']);
  if (!figures.includes('value') && !(figures.includes('numerator') && figures.includes('denominator'))) missing.push(['value', "a drop needs a 'value' column, or 'numerator' and 'denominator'; name the sheet's column under columns: in a map"]);
  for (const [name, hint] of missing) {
    report(header.row, header.columns[0]?.col ?? 1, 'data-missing-column', `the header has no '${name}' column${header.columns.length ? ` (found: ${header.columns.map((c) => c.name).join(', ')})` : ''}`, hint, 'error');
  }
  if (missing.length > 0) return done;

  const named = namedLabels(initiative);
  const ids = new Map<string, Set<string>>([
    ['indicator', new Set(initiative.indicators.map((i) => i.id))],
    ['partner', new Set(initiative.partners.map((p) => p.id))],
    ...initiative.dimensions.map((d) => [d.id, new Set(d.values.map((v) => v.id))] as [string, Set<string>]),
  ]);
  const labelled = new Set(['indicator', 'period', 'partner', ...dims]);
  const labelOf = (column: string, text: string): string => {
    const t = text.trim();
    const key = normaliseHeader(t);
    const mapped = map.values.get(column)?.get(key);
    if (mapped !== undefined) return mapped;
    if (ids.get(column)?.has(t)) return t;
    return named.get(column)?.get(key) ?? t;
  };
  // A column holds few distinct labels over many rows: each is looked up once.
  const seen = new Map<string, Map<string, string>>();
  const label = (column: string, text: string): string => {
    let cache = seen.get(column);
    if (!cache) seen.set(column, (cache = new Map()));
    let id = cache.get(text);
    if (id === undefined) {
      id = labelOf(column, text);
      if (cache.size < 100_000) cache.set(text, id);
    }
    return id;
  };
  const percentIds = new Set(initiative.indicators.filter((i) => i.unit === 'percent').map((i) => i.id));
  const frequencyOf = new Map(initiative.indicators.map((i) => [i.id, i.frequency]));
  /**
   * A period cell that holds a date (a workbook's date cell, or 2025-07-01 typed) stands for the
   * period of the row's indicator that contains it: 2025-07-01 is 2025-07 for a monthly indicator,
   * 2025-Q3 for a quarterly one.
   */
  const periodLabel = (text: string, indicator: string | undefined): string => {
    const id = label('period', text);
    const type = indicator !== undefined && ISO_DATE.test(id) ? frequencyOf.get(indicator) : undefined;
    return type ? periodContaining(type, id, initiative.settings.school_year_start).text : id;
  };
  const usedCols = [...new Set([...roleOf.keys(), ...wideCols])];

  // Per canonical column: the sheet column it is read from, and whether it is a figure or a label.
  const sheetCol = plan.columns.map((c) => sourceOf.get(c));
  const kindOf = plan.columns.map((c) => (FIGURES.includes(c as (typeof FIGURES)[number]) ? 'figure' : labelled.has(c) ? 'label' : 'text'));
  const headerAt = unpivotHeader !== undefined ? plan.columns.indexOf(unpivotHeader) : -1;
  const valueAt = unpivotValue !== undefined ? plan.columns.indexOf(unpivotValue) : -1;
  const indicatorAt = plan.columns.indexOf('indicator');
  const figureAt = figures.map((c) => plan.columns.indexOf(c));
  const out: string[] = new Array(plan.columns.length);
  const cols: number[] = new Array(plan.columns.length);
  const fixed = plan.diagnostics.length;
  plan.headerColumns = sheetCol.map((c, i) => (i === valueAt || i === headerAt ? wide[0]?.col : c) ?? 1);

  /** The canonical rows of one sheet row, each handed to `visit`. */
  const planRow = (r: SheetRow, visit: RowVisitor): void => {
    if (r.row <= header.lastRow) return;
    if (!usedCols.some((col) => (r.text(col) ?? '') !== '')) return;
    plan.read++;
    const firstCol = r.first();
    const firstText = r.text(firstCol)!;
    const firstRole = roleOf.get(firstCol);
    if (TOTAL_LABEL.test(firstText.trim()) && !(firstRole && map.values.get(firstRole)?.has(normaliseHeader(firstText)))) {
      plan.skipped.push({ row: r.row, col: firstCol, reason: 'total row' });
      return;
    }
    let planned = 0;
    for (const w of longRows(wide, r)) {
      for (let i = 0; i < plan.columns.length; i++) {
        const column = plan.columns[i]!;
        let col = firstCol;
        let text: string | undefined;
        let cellText: string | undefined;
        let from: number | undefined;
        if (w && i === headerAt) {
          text = column === 'period' ? periodLabel(w.label, out[indicatorAt]) : label(column, w.label);
          col = w.col;
        } else {
          from = w && i === valueAt ? w.col : sheetCol[i];
          cellText = from !== undefined ? r.text(from) : undefined;
          if (cellText !== undefined) col = from!;
        }
        if (text === undefined) {
          const kind = kindOf[i];
          if (cellText === undefined) text = kind === 'label' ? (constants.get(column) ?? '') : '';
          else if (kind === 'figure') {
            const percent = column === 'value' && percentIds.has(out[indicatorAt]!);
            const cell = r.cell(from!);
            const figure = cell ? figureOf(cell, map.numbers, percent) : figureOfText(cellText, map.numbers, percent);
            if (figure === undefined && plan.notNumbers.size < NOT_NUMBERS_KEPT) plan.notNumbers.set(`${r.row}:${col}`, cellText);
            text = figure ?? cellText;
          } else if (kind === 'label') {
            text = cellText === '' ? (constants.get(column) ?? '') : column === 'period' ? periodLabel(cellText, out[indicatorAt]) : label(column, cellText);
          }
          else text = cellText;
        }
        out[i] = text;
        cols[i] = col;
      }
      if (figureAt.every((i) => out[i] === '')) continue;
      visit(out, cols, r.row);
      plan.written++;
      planned++;
    }
    if (planned === 0) {
      plan.skipped.push({ row: r.row, col: firstCol, reason: 'no figure' });
      return;
    }
    if (r.hidden) report(r.row, firstCol, 'import-hidden', `row ${r.row} is hidden in the spreadsheet; it is imported`, 'check that its figures are meant to be sent');
  };

  plan.eachRow = async (visit) => {
    plan.read = 0;
    plan.written = 0;
    plan.skipped = [];
    plan.notNumbers.clear();
    plan.diagnostics.length = fixed;
    await sheet.eachRow((r) => planRow(r, visit));
  };

  // The periods the rows name: the constant, the wide columns' labels, or the period column's cells.
  const periodAt = plan.columns.indexOf('period');
  if (periodAt === headerAt) {
    plan.periods = new Set(wide.map((w) => label('period', w.label)));
    return done;
  }
  const periodCol = sheetCol[periodAt];
  const indicatorCol = indicatorAt === headerAt ? undefined : sheetCol[indicatorAt];
  const textAt = (r: SheetRow | GridRow, col: number | undefined) => (col === undefined ? undefined : 'cells' in r ? r.cells.find((c) => c.col === col)?.text : r.text(col));
  const found = new Set<string>();
  const periodsFrom = (r: SheetRow | GridRow): boolean => {
    if (r.row <= header.lastRow) return true;
    const text = textAt(r, periodCol);
    const indicatorText = textAt(r, indicatorCol);
    const indicator = indicatorText ? label('indicator', indicatorText) : constants.get('indicator');
    const period = text !== undefined && text !== '' ? periodLabel(text, indicator) : (constants.get('period') ?? '');
    if (period !== '') found.add(period);
    plan.periods = found;
    return found.size < 2;
  };
  return { plan, periodsFrom };
}

/** The canonical CSV of a plan (SPEC 4.1). */
export async function canonicalCsv(plan: ImportPlan): Promise<Uint8Array> {
  const out = new CanonicalCsv();
  out.write(plan.columns);
  await plan.eachRow((fields) => void out.write(fields));
  return out.bytes();
}

/**
 * Every check a data drop gets (SPEC 4.1, 4.2), on the plan's rows read as the drop `target`
 * (`data/<partner>/….csv`) after the initiative's other drops — the file it would replace left
 * out — with the problems of the new rows placed at the partner's cells; and, from the same
 * walk, the canonical CSV.
 */
export async function runImport(plan: ImportPlan, sheet: SheetInfo, initiative: Initiative, map: ImportMap, target: string, options: { incomplete?: ReadonlySet<string> } = {}): Promise<{ csv: Uint8Array; diagnostics: Diagnostic[] }> {
  if (!plan.header || plan.columns.length === 0) return { csv: new Uint8Array(0), diagnostics: [] };
  const { files } = await listDataFiles(initiative.root, { partners: initiative.partners.map((p) => p.id) });
  const others = files.filter((f) => f.path !== target);
  const merger = new Merger(initiative, { files: others.length + 1, ...(options.incomplete ? { incomplete: options.incomplete } : {}) });
  for (const file of others) {
    merger.beginFile(file.path);
    try {
      const bytes = readFileSync(file.abs);
      merger.endFile(readCsvBytes(bytes, merger, { chunkSize: Math.max(bytes.length, 1) }));
    } catch {
      // an unreadable drop is validate's to report; the import is checked against the rest
      merger.endFile({ bytes: file.bytes, sha256: '' });
    }
  }
  merger.beginFile(target);
  const record = new TextRecord();
  let lines = plan.header.lastRow;
  const out = new CanonicalCsv();
  out.write(plan.columns);
  const checked = merger.header(record.set(plan.columns, plan.header.row, plan.headerColumns));
  await plan.eachRow((fields, columns, row) => {
    // The merge reads the line's own bytes, unless a quote in a field had to be doubled.
    const exact = out.write(fields, row, columns);
    if (checked) merger.record(exact ? out : record.set(fields, row, columns));
    if (row > lines) lines = row;
  });
  merger.endFile({ bytes: 0, sha256: '', lines });
  merger.checkTotals();
  const place = (p: { line: number; column: number }) => placeIn(sheet, p.line, p.column);
  const diagnostics: Diagnostic[] = [];
  for (const d of merger.diagnostics) {
    if (d.file !== target) continue;
    const related = d.related?.map((r): RelatedPlace => (r.file === target ? { ...place(r), message: r.message } : r));
    const hint = d.code === 'data-bad-number' ? numberStyleHint(plan.notNumbers.get(`${d.line}:${d.column}`) ?? '', map.numbers) : undefined;
    diagnostics.push({ ...d, ...place(d), ...(related ? { related } : {}), ...(hint ? { hint } : {}) });
  }
  return { csv: out.bytes(), diagnostics };
}
