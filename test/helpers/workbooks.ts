/**
 * Test workbooks written with exceljs, as partners send them: no binary fixtures in the repo.
 */
import { writeFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import type { Workbook } from 'exceljs';

async function excel() {
  const { default: ExcelJS } = await import('exceljs');
  return ExcelJS;
}

/** Writes a workbook that `build` fills in. */
export async function writeWorkbook(path: string, build: (wb: Workbook) => void): Promise<void> {
  const ExcelJS = await excel();
  const wb = new ExcelJS.Workbook();
  build(wb);
  await wb.xlsx.writeFile(path);
}

/**
 * A partner's workbook as it really arrives. Sheets, in tab order:
 * - `Lookup` (hidden): a stray list;
 * - `Survey results`: a title block (rows 1–2), a merged two-row header (row 4: `School`,
 *   `Grade 3` over B:C, `Attendance` over D4:D5, `Reported on`; row 5: `ELA`, `Math`), data rows 6–7
 *   (row 7 hidden) with percentages typed as text and formatted as numbers, a date, formulas with
 *   cached results, rich text, a hyperlink, a `#DIV/0!` error, a boolean; a `Total` row 8; a hidden
 *   column F holding a note; column G formatted but empty;
 * - `Partner's data`: a wide sheet, one column per quarter, values typed with a decimal comma.
 */
export async function writeMessyWorkbook(path: string): Promise<void> {
  await writeWorkbook(path, (wb) => {
    const lookup = wb.addWorksheet('Lookup', { state: 'hidden' });
    lookup.getCell('A1').value = 'schools';

    const ws = wb.addWorksheet('Survey results');
    ws.getCell('A1').value = 'Eastside Family Center — quarterly report';
    ws.getCell('A2').value = '  Prepared by: J. Smith  ';
    ws.getCell('A4').value = 'School';
    ws.getCell('B4').value = 'Grade 3';
    ws.mergeCells('B4:C4');
    ws.getCell('D4').value = 'Attendance';
    ws.mergeCells('D4:D5');
    ws.getCell('E4').value = 'Reported on';
    ws.getCell('B5').value = 'ELA';
    ws.getCell('C5').value = 'Math';

    ws.getCell('A6').value = 'Lincoln';
    ws.getCell('B6').value = '45%';
    ws.getCell('C6').value = 0.45;
    ws.getCell('C6').numFmt = '0%';
    ws.getCell('D6').value = 0.125;
    ws.getCell('D6').numFmt = '0.0%';
    ws.getCell('E6').value = new Date(Date.UTC(2026, 2, 31));
    ws.getCell('E6').numFmt = 'yyyy-mm-dd';
    ws.getCell('F6').value = 'check with Ana';

    ws.getCell('A7').value = { richText: [{ text: 'Washington ', font: { bold: true } }, { text: 'Elementary' }] };
    ws.getCell('B7').value = 0.1 + 0.2;
    ws.getCell('C7').value = { formula: 'C6*2', result: 0.9 };
    ws.getCell('C7').numFmt = '0%';
    ws.getCell('D7').value = { text: 'see report', hyperlink: 'https://example.org/report' };
    ws.getCell('E7').value = '   ';
    ws.getRow(7).hidden = true;

    ws.getCell('A8').value = 'Total';
    ws.getCell('B8').value = { formula: 'B6/0', result: { error: '#DIV/0!' } };
    ws.getCell('C8').value = { formula: 'SUM(C6:C7)', result: 1.35 };
    ws.getCell('D8').value = true;
    ws.getCell('E8').value = 1234567.5;

    ws.getColumn(6).hidden = true;
    ws.getColumn(7).width = 30;
    ws.getCell('G6').numFmt = '0%';

    const wide = wb.addWorksheet("Partner's data");
    wide.addRow(['Indicator', '2026-Q1', '2026-Q2', '2026-Q3']);
    wide.addRow(['reading-proficiency', '12,5', '13,0', '14,25']);
    wide.addRow(['attendance-rate', 0.000001, -42, 123456789012345]);
    wide.addRow(['Total', { formula: 'B2+B3', result: 'n/a' }, null, null]);
  });
}

export interface RowsWorkbookOptions {
  /** Inline strings instead of a shared-strings table (exceljs's streaming writer does either). */
  sharedStrings?: boolean;
}

/**
 * A long canonical sheet (`Data`): a header and `rows` rows of 8 columns, written with exceljs's
 * streaming writer so 100,000 rows take a couple of seconds. Row i (1-based) holds
 * `kindergarten-readiness`, `2026-Q{i mod 4 + 1}`, `eastside-library`, `school-{i mod 50}`,
 * `grade-{i mod 6}`, `(i mod 1000) / 10`, `i mod 200`, `200`.
 */
export async function writeRowsWorkbook(path: string, rows: number, options: RowsWorkbookOptions = {}): Promise<void> {
  const ExcelJS = await excel();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: options.sharedStrings ?? true, useStyles: true });
  const ws = wb.addWorksheet('Data');
  ws.addRow(['indicator', 'period', 'partner', 'school', 'grade', 'value', 'numerator', 'denominator']).commit();
  for (let i = 1; i <= rows; i++) {
    ws.addRow(['kindergarten-readiness', `2026-Q${(i % 4) + 1}`, 'eastside-library', `school-${i % 50}`, `grade-${i % 6}`, (i % 1000) / 10, i % 200, 200]).commit();
  }
  ws.commit();
  await wb.commit();
}

/**
 * A zip of the given parts, stored uncompressed: for workbooks as other writers make them
 * (prefixed tags, absolute targets, inline strings…) and for zips that are not workbooks.
 */
export function writeZip(path: string, parts: Record<string, string>): void {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(parts)) {
    const data = Buffer.from(text, 'utf8');
    const fileName = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(fileName.length, 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    central.push(entry, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(parts).length, 8);
  end.writeUInt16LE(Object.keys(parts).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(path, Buffer.concat([...locals, directory, end]));
}
