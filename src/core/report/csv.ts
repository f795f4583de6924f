/** `concert report --format csv`: one row per indicator, formula-neutralised (SPEC 6, BAD-INPUTS 32). */
import { csvCell } from '../render/escape.js';
import type { ReportModel } from './types.js';

export const CSV_COLUMNS = ['id', 'goal', 'baseline', 'latest', 'target', 'status', 'score', 'gapClosed', 'trend'] as const;

/** Scores and shares at 4 decimals: machine-readable, and free of float noise. */
function ratio(x: number | null): number | null {
  return x === null || !Number.isFinite(x) ? null : Number(x.toFixed(4));
}

export function renderCsv(model: ReportModel): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const i of model.indicators) {
    const row = [i.id, i.goal, i.baseline?.value ?? null, i.latest?.value ?? null, i.target?.value ?? null, i.status, ratio(i.score), ratio(i.gapClosed), i.trend];
    lines.push(row.map(csvCell).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
