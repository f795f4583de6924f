/**
 * The data side of Concert (SPEC 4): read every data drop, check it, merge it, and answer
 * completeness. `loadData` and `completeness` are what validate, reports and commands call.
 */
import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Diagnostic } from '../diagnostics.js';
import type { Initiative } from '../model/types.js';
import { readCsvBytes, readCsvFile, type CsvReadResult, type CsvSink } from './csv-reader.js';
import { listDataFiles } from './files.js';
import { Merger } from './merge.js';
import { splits, threadCount } from './thread-count.js';
import { isSuppressed } from './suppress.js';
import type { DataResult } from './types.js';

export { completeness, latestDuePeriod, type Completeness, type CompletenessRow } from './completeness.js';
export { isSuppressed, suppressCell, countOf, SUPPRESSED, suppressionPlan, rowsWithSuppression, NO_SUPPRESSION, type SuppressionPlan, type SuppressionReason, type HiddenCell } from './suppress.js';
export { exportChunks, csvText, csvNumber, rowSuppressed, type ExportFormat, type ExportOptions } from './export.js';
export { parseDecimal, parseDecimalBytes, badNumberHint } from './decimal.js';
export { normaliseHeader } from './header.js';
export { listDataFiles, type DataFile } from './files.js';
export type * from './types.js';

export interface LoadDataOptions {
  today: string;
  /** As reading goes on: bytes and rows (records) read so far over all the data, of `total` bytes. */
  onProgress?: (p: { file: string; bytes: number; total: number; rows: number }) => void;
  /** Mark group cells below privacy.min_count as `suppressed` (SPEC 4.5). */
  suppress?: boolean;
  /** Parse every record with the full parser (tests check both paths agree). */
  fullParser?: boolean;
  /**
   * Kinds whose YAML could not be read whole (`loadInitiative`'s `incomplete`): rows naming an
   * indicator or partner the model lacks are skipped without `data-unknown-*` (no cascades).
   */
  incomplete?: ReadonlySet<string>;
}

/** Files up to this size are read whole (one read, no streaming buffers). */
const SMALL_FILE = 1 << 20;

/**
 * Rows in `bytes` of data shaped like `path`'s first 64 KiB, erring high (by a fifth): to size the
 * merged table once. Line lengths vary between files (the largest file tends to have the longest
 * lines), and a table found too small at the end doubles; slots never reached cost no memory,
 * as rows fill the table in arrival order (RowTable).
 */
async function estimateRows(path: string, bytes: number): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 16);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    let lines = 0;
    for (let i = 0; i < bytesRead; i++) if (buf[i] === 10) lines++;
    return lines === 0 ? 0 : Math.ceil((bytes / bytesRead) * lines * 1.2);
  } finally {
    await handle.close();
  }
}

/**
 * Read every `data/**\/*.csv` (sorted POSIX paths), check each record (SPEC 4.1) and merge them
 * (SPEC 4.2). Memory is bounded by the merged table, not by the rows: large files are streamed.
 * No data/ folder gives empty data and no diagnostic.
 */
export async function loadData(initiative: Initiative, options: LoadDataOptions): Promise<DataResult> {
  const { files, diagnostics } = await listDataFiles(initiative.root, { partners: initiative.partners.map((p) => p.id) });
  const merger = new Merger(initiative, { files: files.length, ...(options.incomplete ? { incomplete: options.incomplete } : {}) });
  const total = files.reduce((n, f) => n + f.bytes, 0);
  const onProgress = options.onProgress;
  const fullParser = options.fullParser ?? false;
  let done = 0;
  // Records are counted for the progress line only when someone listens (one more call per record).
  let rows = 0;
  const sink: CsvSink = onProgress
    ? { header: (v) => merger.header(v), record: (v) => (rows++, merger.record(v)), problem: (p) => merger.problem(p) }
    : merger;
  // Size the merged table once for all the data, from the largest file's density: growing it
  // step by step rehashes every row each time (0.2 s of a 1M-row validate).
  const largest = files.reduce<(typeof files)[number] | undefined>((a, f) => (!a || f.bytes > a.bytes ? f : a), undefined);
  if (largest && total > SMALL_FILE) merger.reserve(await estimateRows(largest.abs, total).catch(() => 0));
  const threads = fullParser ? 0 : threadCount();
  // workers start at the first file large enough to be cut into ranges
  let pool: import('./threads.js').RangePool | undefined;
  let threaded: typeof import('./threads.js') | undefined;
  try {
    for (const file of files) {
      merger.beginFile(file.path);
      try {
        let read: { bytes: number; sha256: string; lines?: number };
        if (threads > 0 && splits(file.bytes)) {
          threaded ??= await import('./threads.js');
          pool ??= new threaded.RangePool(threads, initiative, options.incomplete ?? new Set());
          read = await threaded.readFileThreaded(file.abs, file.bytes, merger, sink, pool, {
            rows: (n) => (rows += n),
            bytes: (b) => onProgress?.({ file: file.path, bytes: done + b, total, rows }),
          });
        } else if (file.bytes <= SMALL_FILE) {
          // Read whole, at once: with thousands of small drops, an asynchronous open/read/close per
          // file costs five times the reading (bench: files).
          const bytes = readFileSync(file.abs);
          read = readCsvBytes(bytes, sink, { fullParser, chunkSize: Math.max(bytes.length, 1) });
        } else {
          read = await readCsvFile(file.abs, sink, {
            fullParser,
            ...(onProgress ? { onBytes: (b: number) => onProgress({ file: file.path, bytes: done + b, total, rows }) } : {}),
          });
        }
        merger.endFile(read);
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        diagnostics.push({
          code: 'unreadable-file', severity: 'error', file: file.path, line: 1, column: 1,
          message: `cannot read ${file.path}: ${e.code ?? e.message}`,
        });
        merger.endFile({ bytes: file.bytes, sha256: '' });
      }
      done += file.bytes;
      if (file.bytes <= SMALL_FILE && !(threads > 0 && splits(file.bytes))) onProgress?.({ file: file.path, bytes: done, total, rows });
    }
  } finally {
    await pool?.close();
  }
  if (files.length > 0) options.onProgress?.({ file: files[files.length - 1]!.path, bytes: total, total, rows });
  merger.checkTotals();
  const data = merger.result();
  if (options.suppress) {
    const minCount = initiative.settings.privacy.min_count;
    for (const ix of initiative.indicators) {
      for (const byValue of data.indicators.get(ix.id)?.groups.values() ?? []) {
        for (const byPeriod of byValue.values()) for (const cell of byPeriod.values()) if (isSuppressed(ix, cell, minCount)) cell.suppressed = true;
      }
    }
  }
  const all: Diagnostic[] = [...diagnostics, ...merger.diagnostics];
  return { data, diagnostics: all };
}
