/**
 * What an import did, for the data manager and for scripts (SPEC 4.4): rows read, written,
 * skipped and rejected, each problem at the partner's own cell, in the one diagnostic shape.
 */
import { countDiagnostics, sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import { cellRef, sheetCellRef } from './grid.js';
import type { ImportPlan, SkippedRow } from './import.js';

/**
 * `written`: the canonical CSV was written; `unchanged`: it already held the same bytes;
 * `dry-run`: checked, nothing written; `rejected`: a row has an error, nothing written;
 * `refused`: a different file is already there and --force was not given.
 */
export type ImportStatus = 'written' | 'unchanged' | 'dry-run' | 'rejected' | 'refused';

export interface Receipt {
  file: string;
  sheet?: string;
  partner: string;
  /** The canonical CSV, relative to the initiative folder. */
  out: string;
  status: ImportStatus;
  rows: { read: number; written: number; skipped: number; rejected: number };
  skipped: { row: number; sheet?: string; cell: string; reason: SkippedRow['reason'] }[];
  errors: number;
  warnings: number;
  diagnostics: Diagnostic[];
}

export function buildReceipt(input: { file: string; sheet?: string; partner: string; out: string; status: ImportStatus; plan: ImportPlan; diagnostics: Diagnostic[] }): Receipt {
  const diagnostics = sortDiagnostics(input.diagnostics);
  const { errors, warnings } = countDiagnostics(diagnostics);
  const rejectedRows = new Set(diagnostics.filter((d) => d.severity === 'error' && d.file === input.file && d.line > (input.plan.header?.lastRow ?? 0)).map((d) => d.line));
  const wrote = input.status === 'written' || input.status === 'unchanged';
  return {
    file: input.file,
    ...(input.sheet !== undefined ? { sheet: input.sheet } : {}),
    partner: input.partner,
    out: input.out,
    status: input.status,
    rows: { read: input.plan.read, written: wrote ? input.plan.written : 0, skipped: input.plan.skipped.length, rejected: rejectedRows.size },
    skipped: input.plan.skipped.map((s) => ({ row: s.row, ...(input.sheet !== undefined ? { sheet: input.sheet } : {}), cell: cellRef(s.col, s.row), reason: s.reason })),
    errors,
    warnings,
    diagnostics,
  };
}

/** Where a diagnostic is: `'Survey results'!C5` in a workbook, `12:3` in a CSV. */
export function placeText(d: { line: number; column: number; sheet?: string | undefined; cell?: string | undefined }): string {
  if (d.cell !== undefined) return d.sheet !== undefined ? sheetCellRef(d.sheet, d.cell) : d.cell;
  return `${d.line}:${d.column}`;
}

const STATUS_LINE: Record<ImportStatus, (r: Receipt) => string> = {
  written: (r) => `wrote ${r.out}`,
  unchanged: (r) => `${r.out} is unchanged (it already holds these rows)`,
  'dry-run': (r) => `dry run: nothing written (would write ${r.out})`,
  rejected: (r) =>
    r.rows.rejected > 0 ? `nothing written: ${r.rows.rejected} ${r.rows.rejected === 1 ? 'row was' : 'rows were'} rejected`
    : r.errors > 0 ? 'nothing written: see the errors above'
    : 'nothing written: the file has no rows to import',
  refused: (r) => `nothing written: ${r.out} exists with other contents (give --force to replace it)`,
};

/** The receipt for a terminal. */
export function receiptText(r: Receipt): string {
  const lines: string[] = [];
  lines.push(`Import of ${r.file}${r.sheet !== undefined ? ` (sheet '${r.sheet}')` : ''} for partner ${r.partner}`);
  const count = (label: string, n: number) => `  ${label.padEnd(14)}${String(n).padStart(6)}`;
  lines.push(count('rows read', r.rows.read), count('rows written', r.rows.written), count('rows skipped', r.rows.skipped), count('rows rejected', r.rows.rejected));
  for (const s of r.skipped) lines.push(`  skipped ${s.sheet !== undefined ? sheetCellRef(s.sheet, s.cell) : s.cell}: ${s.reason === 'total row' ? 'a total row' : 'no figure'}`);
  if (r.diagnostics.length > 0) lines.push('');
  for (const d of r.diagnostics) {
    const where = d.file === r.file ? placeText(d) : `${d.file}:${placeText(d)}`;
    lines.push(`  ${where}  ${d.severity === 'error' ? 'error  ' : 'warning'}  ${d.message}  ${d.code}`);
    if (d.hint) lines.push(`      hint: ${d.hint}`);
    for (const rel of d.related ?? []) lines.push(`      see ${rel.file === r.file ? placeText(rel) : `${rel.file}:${placeText(rel)}`} (${rel.message})`);
  }
  lines.push('', STATUS_LINE[r.status](r));
  return lines.join('\n') + '\n';
}

/** The receipt as one JSON document. */
export function receiptJson(r: Receipt): string {
  return JSON.stringify(r, null, 2) + '\n';
}
