/** The request form as a canonical CSV (SPEC 4.1): identifying cells filled, figures empty. */
import { csvText } from '../data/export.js';
import type { FormRow, RequestForm } from './template.js';

/** The cells of one row, in the form's column order. */
export function rowCells(form: RequestForm, row: FormRow): string[] {
  return form.columns.map((c) => {
    if (c === 'indicator') return row.indicator;
    if (c === 'period') return row.period;
    if (c === 'partner') return row.partner;
    if (row.group && c === row.group.dimension) return row.group.value;
    return '';
  });
}

/** UTF-8 without a byte-order mark, LF line ends, like `concert export`. */
export function requestCsv(form: RequestForm): string {
  const line = (cells: string[]) => cells.map(csvText).join(',') + '\n';
  return line(form.columns) + form.rows.map((r) => line(rowCells(form, r))).join('');
}
