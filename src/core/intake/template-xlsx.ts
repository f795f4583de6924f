/**
 * The request form as an `.xlsx` workbook (SPEC 8): a "Data" sheet with the canonical columns,
 * identifying cells locked and every figure cell checked as it is typed, and an "Instructions"
 * sheet in plain words. exceljs is imported here only, so no other command pays for it.
 */
import type { Cell, DataValidation, Worksheet } from 'exceljs';
import { rowCells } from './template-csv.js';
import type { FigureCheck, FormIndicator, RequestForm } from './template.js';

const IDENTIFYING = new Set(['indicator', 'period', 'partner']);
const FILLED_FOR_YOU = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } } as const;
const NOT_ASKED = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFBFBFBF' } } as const;
const HEADER = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } } as const;
/** Excel's limits on a validation's input message and error message. */
const PROMPT_MAX = 255;
const ERROR_MAX = 225;

/**
 * The workbook's bytes. `today` (YYYY-MM-DD) is its created and modified date and every zip
 * entry's time stamp, so the same form on the same day is the same bytes.
 */
export async function requestWorkbook(form: RequestForm, today: string): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const when = new Date(`${today}T00:00:00Z`);
  wb.creator = 'Concert';
  wb.lastModifiedBy = 'Concert';
  wb.created = when;
  wb.modified = when;
  wb.title = `${form.initiative.name}: data request for ${form.partner.name}, ${form.period}`;
  // The form is the first sheet (an import with no --sheet reads it); the workbook opens on the instructions.
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 1, visibility: 'visible' }];
  await dataSheet(wb.addWorksheet('Data'), form);
  instructionsSheet(wb.addWorksheet('Instructions'), form);
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  return pinZipTimes(bytes, today);
}

/** Printed, each sheet is as wide as the page and as long as it needs. */
const PRINT = { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } as const;

async function dataSheet(ws: Worksheet, form: RequestForm): Promise<void> {
  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: 1 }];
  ws.pageSetup = { ...PRINT, printTitlesRow: '1:1' };
  ws.columns = form.columns.map((c) => ({ key: c, width: widthOf(c, form) }));
  const header = ws.addRow(form.columns);
  header.font = { bold: true };
  header.eachCell((cell) => (cell.fill = HEADER));
  const col = (name: string) => form.columns.indexOf(name) + 1;
  const byId = new Map(form.indicators.map((i) => [i.id, i]));
  for (const row of form.rows) {
    // An empty cell stays empty (an empty string would not be ISBLANK in the checks).
    const r = ws.addRow(rowCells(form, row).map((text) => (text === '' ? null : text)));
    const ix = byId.get(row.indicator)!;
    form.columns.forEach((name, k) => {
      const cell = r.getCell(k + 1);
      if (IDENTIFYING.has(name) || form.dimensions.includes(name)) cell.fill = FILLED_FOR_YOU;
      else if (name === 'note') cell.protection = { locked: false };
      else if (asks(ix, name)) {
        cell.protection = { locked: false };
        cell.dataValidation = figureValidation(ix, name, r.number, (other) => ws.getColumn(col(other)).letter);
      } else cell.fill = NOT_ASKED;
    });
  }
  // No password: the lock guards against slips, not against a partner who means to change a cell.
  await ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true });
}

/** Whether the indicator's rows take a figure in column `name`. */
function asks(ix: FormIndicator, name: string): boolean {
  return ix.figures === 'ratio' ? name === 'numerator' || name === 'denominator' : name === 'value';
}

function widthOf(column: string, form: RequestForm): number {
  if (column === 'note') return 40;
  const cells = form.rows.map((r) => rowCells(form, r)[form.columns.indexOf(column)]!.length);
  return Math.min(40, Math.max(column.length + 2, 10, ...cells.map((n) => n + 2)));
}

/** The in-cell check of one figure cell, with its message in plain words. */
function figureValidation(ix: FormIndicator, column: string, row: number, letter: (column: string) => string): DataValidation {
  const title = `${ix.id}`.slice(0, 32);
  if (column === 'value') return rangeValidation(ix.check.value!, title, ix.guidance);
  const atMost = ix.check.numeratorAtMostDenominator === true;
  const num = `${letter('numerator')}${row}`;
  const den = `${letter('denominator')}${row}`;
  if (column === 'numerator') {
    const words = `The numerator: how many meet the definition. A whole number, 0 or more${atMost ? ', and not more than the denominator' : ''}.`;
    if (!atMost) return rangeValidation(ix.check.numerator!, title, words);
    return custom(`AND(ISNUMBER(${num}),${num}=INT(${num}),${num}>=0,OR(ISBLANK(${den}),${num}<=${den}))`, title, words);
  }
  const words = `The denominator: how many were counted. A whole number, more than 0${atMost ? ', and not less than the numerator' : ''}.`;
  if (!atMost) return rangeValidation(ix.check.denominator!, title, words);
  return custom(`AND(ISNUMBER(${den}),${den}=INT(${den}),${den}>=1,OR(ISBLANK(${num}),${num}<=${den}))`, title, words);
}

function rangeValidation(check: FigureCheck, title: string, words: string): DataValidation {
  const { min, max } = check;
  const bounds: Pick<DataValidation, 'operator' | 'formulae'> =
    min !== null && max !== null ? { operator: 'between', formulae: [min, max] }
    : min !== null ? { operator: 'greaterThanOrEqual', formulae: [min] }
    : max !== null ? { operator: 'lessThanOrEqual', formulae: [max] }
    // No bound: still a number, never text such as "N/A" or "12%".
    : { operator: 'between', formulae: [-1e15, 1e15] };
  return { type: check.kind, allowBlank: true, ...bounds, ...messages(title, words) };
}

function custom(formula: string, title: string, words: string): DataValidation {
  return { type: 'custom', allowBlank: true, formulae: [formula], ...messages(title, words) };
}

function messages(title: string, words: string): Partial<DataValidation> {
  return {
    showInputMessage: true, promptTitle: title, prompt: words.slice(0, PROMPT_MAX),
    showErrorMessage: true, errorStyle: 'stop', errorTitle: 'Not accepted', error: words.slice(0, ERROR_MAX),
  };
}

function instructionsSheet(ws: Worksheet, form: RequestForm): void {
  ws.columns = [{ width: 22 }, { width: 28 }, { width: 48 }, { width: 60 }, { width: 36 }, { width: 20 }, { width: 12 }, { width: 40 }];
  const wrap = (cell: Cell) => (cell.alignment = { wrapText: true, vertical: 'top' });
  const title = ws.addRow([`${form.initiative.name}: data request`]);
  title.font = { bold: true, size: 14 };
  const facts: [string, string][] = [
    ['Partner', `${form.partner.name} (${form.partner.id})`],
    ['Period', form.period],
    ['Due', form.due],
  ];
  if (form.returnTo) facts.push(['Send it back to', form.returnTo.email ? `${form.returnTo.name} <${form.returnTo.email}>` : form.returnTo.name]);
  for (const [label, text] of facts) ws.addRow([label, text]).getCell(1).font = { bold: true };
  ws.addRow([]);
  ws.addRow(['How to fill in the form']).font = { bold: true };
  // One line each, not wrapped: the text runs on over the empty cells to its right.
  for (const line of howTo(form)) ws.addRow([line]);
  ws.addRow([]);
  const head = ws.addRow(['Indicator', 'Name', 'What to enter', 'Definition', 'Source', 'Periods', 'Due', 'Groups']);
  head.font = { bold: true };
  head.eachCell((cell) => (cell.fill = HEADER));
  for (const ix of form.indicators) {
    const groups = ix.dimensions.map((d) => `${d.name} (${d.id}): ${d.values.map((v) => `${v.id} = ${v.label}`).join(', ')}`).join('; ');
    const texts = [
      ix.id, ix.name, ix.guidance, ix.definition ?? '', ix.source ?? '',
      ix.periods.map((p) => p.period).join(', '), ix.periods.map((p) => p.due).join(', '), groups || 'none: the total only',
    ];
    const r = ws.addRow(texts);
    r.eachCell(wrap);
    // Spreadsheet programs do not grow a row for wrapped text written by another program: say how tall.
    r.height = 15 * Math.max(1, ...texts.map((text, k) => Math.ceil(text.length / ((ws.getColumn(k + 1).width ?? 10) * 1.1))));
  }
  ws.pageSetup = PRINT;
}

function howTo(form: RequestForm): string[] {
  const lines = [
    'Fill in the figures on the Data sheet. The shaded columns (indicator, period, partner' +
      (form.dimensions.length ? ' and the group columns' : '') + ') are filled in for you and locked; dark grey cells are not asked for.',
    form.dimensions.length
      ? 'Each indicator has a row for its total (group columns empty) and a row for each group. The groups of one kind should add up to the total.'
      : 'Each indicator has one row per period: your total.',
    'Type plain numbers: no % sign, no currency sign, no thousands separators. Each cell says what it accepts when you select it.',
  ];
  if (form.indicators.some((i) => i.figures === 'ratio')) {
    lines.push('Where the form asks for a numerator and a denominator, give both as whole numbers and leave value empty: Concert works out the share.');
  }
  lines.push(
    'If you do not have a figure, leave it empty and say why in the note column.',
    'Keep the column names and the file as they are (.xlsx) and send it back by the due date.',
  );
  return lines;
}

/**
 * Set every zip entry's modification time to `today` 00:00: the zip writer stamps entries with
 * the clock, which would make two runs differ. Walks the central directory; patches each entry
 * there and in its local header.
 */
function pinZipTimes(zip: Buffer, today: string): Buffer {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  // A zip date holds the years 1980–2107 only.
  const dosDate = y < 1980 ? (1 << 5) | 1 : ((Math.min(y, 2107) - 1980) << 9) | (m << 5) | d;
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('the workbook writer produced no zip directory');
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let k = 0; k < entries; k++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('the workbook writer produced an unexpected zip directory');
    zip.writeUInt16LE(0, at + 12);
    zip.writeUInt16LE(dosDate, at + 14);
    const local = zip.readUInt32LE(at + 42);
    zip.writeUInt16LE(0, local + 10);
    zip.writeUInt16LE(dosDate, local + 12);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return zip;
}
