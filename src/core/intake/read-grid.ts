/**
 * The one way into a partner's file (SPEC 4.4): an `.xlsx` workbook or a CSV, chosen by the
 * file's first bytes rather than its name, so a renamed file is read for what it is or refused
 * with a reason.
 */
import { open, readFile } from 'node:fs/promises';
import type { Diagnostic } from '../diagnostics.js';
import { csvSheet, readCsvGrid } from './csv-grid.js';
import type { Grid } from './grid.js';
import { gridSheet, type Sheet } from './sheet.js';

export interface ReadGridOptions {
  /** The file as it should be named in diagnostics (relative to the initiative root when inside it). */
  file: string;
  /** The sheet to read (xlsx); by default the first sheet that is not hidden. */
  sheet?: string;
}

export interface ReadGridResult {
  grid?: Grid;
  diagnostics: Diagnostic[];
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
/** An OLE compound file: Excel 97–2003 `.xls`, or an `.xlsx` saved with a password (encrypted). */
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const SPREADSHEET_NAME = /\.(xlsx|xlsm|xltx|xltm|xls|xlsb|ods)$/i;

const startsWith = (head: Uint8Array, magic: number[]) => magic.every((b, i) => head[i] === b);

/** What `kind` of file is at `absPath`, or the diagnostic that says why it cannot be read. */
type Opened = { kind: 'xlsx' | 'csv' } | { kind: 'unreadable'; diagnostics: Diagnostic[] };

async function openFile(absPath: string, options: ReadGridOptions): Promise<Opened> {
  const at = { file: options.file, line: 1, column: 1 };
  const unreadable = (message: string, hint: string): Opened => ({
    kind: 'unreadable',
    diagnostics: [{ ...at, code: 'import-unreadable', severity: 'error', message: `cannot read this spreadsheet: ${message}`, hint }],
  });
  let head: Uint8Array;
  let size: number;
  try {
    const handle = await open(absPath, 'r');
    try {
      size = (await handle.stat()).size;
      head = new Uint8Array(8);
      await handle.read(head, 0, 8, 0);
    } finally {
      await handle.close();
    }
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (error as Error).message;
    return { kind: 'unreadable', diagnostics: [{ ...at, code: 'unreadable-file', severity: 'error', message: `cannot read ${options.file}: ${reason}` }] };
  }
  if (size === 0) return unreadable('the file is empty', 'ask the partner to send the file again');
  if (startsWith(head, OLE)) {
    return unreadable('it is an Excel 97–2003 workbook (.xls) or a password-protected one', 'open it in Excel and save it as .xlsx (Excel Workbook) without a password, or as CSV UTF-8');
  }
  if (startsWith(head, ZIP)) return { kind: 'xlsx' };
  if (SPREADSHEET_NAME.test(absPath)) {
    return unreadable('it is named like a workbook but is not one (a text file or a web page renamed?)', 'open it in Excel and save it as .xlsx (Excel Workbook) or CSV');
  }
  return { kind: 'csv' };
}

async function readWorkbook(absPath: string, options: ReadGridOptions): Promise<ReadGridResult> {
  const { readXlsxGrid } = await import('./xlsx-grid.js');
  return readXlsxGrid(await readFile(absPath), options);
}

/** The whole file as a `Grid`. */
export async function readGrid(absPath: string, options: ReadGridOptions): Promise<ReadGridResult> {
  const opened = await openFile(absPath, options);
  if (opened.kind === 'unreadable') return { diagnostics: opened.diagnostics };
  return opened.kind === 'xlsx' ? readWorkbook(absPath, options) : readCsvGrid(absPath, options.file);
}

/**
 * The file as a sheet to walk row by row: a CSV is streamed (its reader's problems come with the
 * first walk, in `sheet.diagnostics`); a workbook is read whole first.
 */
export async function openSheet(absPath: string, options: ReadGridOptions): Promise<{ sheet?: Sheet; diagnostics: Diagnostic[] }> {
  const opened = await openFile(absPath, options);
  if (opened.kind === 'unreadable') return { diagnostics: opened.diagnostics };
  if (opened.kind === 'csv') return { sheet: csvSheet(absPath, options.file), diagnostics: [] };
  const read = await readWorkbook(absPath, options);
  return read.grid ? { sheet: gridSheet(read.grid, read.diagnostics), diagnostics: [] } : { diagnostics: read.diagnostics };
}
