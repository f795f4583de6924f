/**
 * The record interface: rows given as strings (`TextRecord`, what the spreadsheet import feeds)
 * reach the merge exactly as the CSV reader's rows do — same diagnostics, same merged data.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/core/diagnostics.js';
import { readCsvBytes } from '../../src/core/data/csv-reader.js';
import { listDataFiles } from '../../src/core/data/files.js';
import { Merger } from '../../src/core/data/merge.js';
import { TextRecord, type DataRecord, type RecordProblem, type RecordSink } from '../../src/core/data/record.js';
import type { MergedData } from '../../src/core/data/types.js';
import type { Initiative } from '../../src/core/model/types.js';
import { EXAMPLE } from '../helpers/run.js';
import { fixture } from './helpers.js';

interface Row {
  fields: string[];
  line: number;
  columns: number[];
}

/** What the CSV reader sent for one file, as strings: the header, the rows, the problems. */
interface ReadFile {
  path: string;
  header: Row | null;
  rows: Row[];
  problems: RecordProblem[];
  info: { bytes: number; sha256: string; lines: number };
}

function asRow(r: DataRecord): Row {
  const fields: string[] = [];
  const columns: number[] = [];
  for (let i = 0; i < r.n; i++) {
    fields.push(r.text(i));
    columns.push(r.column(i));
  }
  return { fields, line: r.line, columns };
}

/** Merge every drop straight from the CSV reader, and note what it read along the way. */
async function mergeFromCsv(initiative: Initiative): Promise<{ merger: Merger; read: ReadFile[] }> {
  const { files } = await listDataFiles(initiative.root, { partners: initiative.partners.map((p) => p.id) });
  const merger = new Merger(initiative, { files: files.length });
  const read: ReadFile[] = [];
  for (const file of files) {
    const seen: ReadFile = { path: file.path, header: null, rows: [], problems: [], info: { bytes: 0, sha256: '', lines: 0 } };
    const recording: RecordSink = {
      header(r) {
        seen.header = asRow(r);
        return merger.header(r);
      },
      record(r) {
        seen.rows.push(asRow(r));
        merger.record(r);
      },
      problem(p) {
        seen.problems.push(p);
        merger.problem(p);
      },
    };
    merger.beginFile(file.path);
    const info = readCsvBytes(readFileSync(file.abs), recording);
    seen.info = { bytes: info.bytes, sha256: info.sha256, lines: info.lines };
    merger.endFile(seen.info);
    read.push(seen);
  }
  merger.checkTotals();
  return { merger, read };
}

/** Merge the same rows given as strings, through one reused TextRecord. */
function mergeFromText(initiative: Initiative, read: ReadFile[]): Merger {
  const merger = new Merger(initiative, { files: read.length });
  const record = new TextRecord();
  for (const file of read) {
    merger.beginFile(file.path);
    for (const p of file.problems) merger.problem(p);
    const header = file.header;
    if (header && merger.header(record.set(header.fields, header.line, header.columns))) {
      for (const row of file.rows) merger.record(record.set(row.fields, row.line, row.columns));
    }
    merger.endFile(file.info);
  }
  merger.checkTotals();
  return merger;
}

/** Merged data as plain values, to compare two merges. */
function plain(data: MergedData): unknown {
  return JSON.parse(JSON.stringify({
    indicators: [...data.indicators.values()].map((d) => ({
      ...d,
      totals: [...d.totals],
      groups: [...d.groups].map(([dim, byValue]) => [dim, [...byValue].map(([v, byPeriod]) => [v, [...byPeriod]])]),
    })),
    files: data.files,
    submissions: data.submissions,
    tidy: [...data.tidy.rows()],
    notes: data.notes(),
  }));
}

const sortDiagnostics = (ds: Diagnostic[]) => [...ds].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code));

describe('TextRecord feeds the merge like the CSV reader', () => {
  const fixtures = [
    'data-valid', 'data-bad-numbers', 'data-bad-periods', 'data-conflict', 'data-count-values', 'data-duplicate-header',
    'data-missing-column', 'data-missing-value', 'data-out-of-range', 'data-padded-headers', 'data-partner-mismatch',
    'data-ragged', 'data-total-mismatch', 'data-unattributed', 'data-unknown-column', 'data-unknown-ids',
    'data-value-mismatch', 'data-weighted-no-counts', 'data-quoted-newline', 'data-utf16', 'data-empty-lines', 'data-cp1252',
  ];
  it.each(fixtures)('%s: identical diagnostics and merged data', async (name) => {
    const initiative = await fixture(name);
    const { merger: fromCsv, read } = await mergeFromCsv(initiative);
    const fromText = mergeFromText(initiative, read);
    expect(read.length).toBeGreaterThan(0);
    expect(sortDiagnostics(fromText.diagnostics)).toEqual(sortDiagnostics(fromCsv.diagnostics));
    expect(plain(fromText.result())).toEqual(plain(fromCsv.result()));
  });

  it('the example initiative: identical diagnostics and merged data', async () => {
    const { loadInitiative } = await import('../../src/core/load.js');
    const { initiative } = await loadInitiative(EXAMPLE);
    const { merger: fromCsv, read } = await mergeFromCsv(initiative);
    const fromText = mergeFromText(initiative, read);
    expect(read.reduce((n, f) => n + f.rows.length, 0)).toBeGreaterThan(50);
    expect(fromText.diagnostics).toEqual(fromCsv.diagnostics);
    expect(plain(fromText.result())).toEqual(plain(fromCsv.result()));
  });

  it('reports a spreadsheet row and column as given', async () => {
    const initiative = await fixture('data-valid');
    const merger = new Merger(initiative, { files: 1 });
    const record = new TextRecord();
    merger.beginFile('data/upload.xlsx');
    expect(merger.header(record.set(['indicator', 'period', 'value'], 3, [2, 3, 5]))).toBe(true);
    merger.record(record.set(['no-such-indicator', '2025', '12'], 4, [2, 3, 5]));
    merger.record(record.set([initiative.indicators[0]!.id, '2025', 'twelve'], 5, [2, 3, 5]));
    merger.endFile({ bytes: 0, sha256: '' });
    const positions = merger.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.line, d.column]);
    expect(positions).toContainEqual(['data-unknown-indicator', 4, 2]);
    expect(positions).toContainEqual(['data-bad-number', 5, 5]);
  });

  it('encodes text beyond ASCII and reuses its buffer', () => {
    const record = new TextRecord();
    record.set(['Zoë', '', '東京', 'x'.repeat(1000)], 7, [1, 2, 3, 4]);
    const bytes = (i: number) => Buffer.from(record.src.subarray(record.starts[i]!, record.ends[i]!)).toString('utf8');
    expect([0, 1, 2, 3].map(bytes)).toEqual(['Zoë', '', '東京', 'x'.repeat(1000)]);
    expect([record.n, record.line, record.column(2), record.text(0)]).toEqual([4, 7, 3, 'Zoë']);
    const src = record.src;
    record.set(['a', 'b'], 8, [1, 2]);
    expect(record.src).toBe(src);
    expect([record.n, bytes(0), bytes(1)]).toEqual([2, 'a', 'b']);
  });
});
