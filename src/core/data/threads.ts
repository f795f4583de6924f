/**
 * Several threads for a large data load: each file is cut at record boundaries into byte ranges;
 * worker threads and the main thread take ranges from one queue (range-queue.ts) and parse and
 * check them (range-check.ts), and the main thread merges the verdicts strictly in file order. A CLEAN range's rows go through `Merger.cleanRow`, with
 * the same effects as `record`; any other range is read again here by the same parser and checks
 * as the single-threaded path, so diagnostics, merge order and output are the same by construction.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { Initiative } from '../model/types.js';
import { CsvFeeder, CsvParser, decodeBytes, readCsvFile, scanFile, type CsvSink } from './csv-reader.js';
import { MAX_PERIODS } from './keys.js';
import type { Merger } from './merge.js';
import type { DataRecord } from './record.js';
import { RangeChecker, ROW_IDS, type RangeModel, type RangeResult } from './range-check.js';
import { DONE, MERGED, NEXT, RangeReader, STOP, rangeJob, readRange, type FileJob, type RangeMessage } from './range-queue.js';
import { rangeBytes } from './thread-count.js';

/** Milliseconds the main thread waits for a range before reading it itself (a worker gone silent). */
const PATIENCE_MS = 10_000;

/** Ranges merged since the process started, by who checked them (for tests: proof that threads ran). */
export const rangeCounts = { byWorkers: 0, byMain: 0, reread: 0, streamed: 0 };

/**
 * Workers and the main thread take a file's ranges from one shared counter; the main thread
 * merges their results strictly in file order and, whenever the next result is not ready,
 * checks the next unclaimed range itself instead of waiting. Results come back on message
 * ports read synchronously (receiveMessageOnPort), so a file is read without the event loop.
 */
export class RangePool {
  private readonly reader = new RangeReader();
  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private readonly local: RangeChecker;
  private seq = 0;
  /** A worker failed or exited: nothing more is given to the pool. */
  broken = false;

  constructor(size: number, initiative: Initiative, incomplete: ReadonlySet<string>) {
    const model: RangeModel = {
      indicators: initiative.indicators, dimensions: initiative.dimensions,
      partners: initiative.partners.map((p) => ({ id: p.id })), settings: { school_year_start: initiative.settings.school_year_start },
    };
    this.local = new RangeChecker(model, incomplete);
    for (let i = 0; i < size; i++) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(new URL('./worker.js', import.meta.url), {
        workerData: { model, incomplete: [...incomplete], port: port2 }, transferList: [port2],
      });
      worker.unref();
      // a worker that fails to start or dies: the files after this one are read on this thread
      worker.on('error', () => (this.broken = true));
      worker.on('exit', () => (this.broken = true));
      this.workers.push(worker);
      this.ports.push(port1);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** Tell the workers of a file's ranges; range 0 (with the header) is the main thread's. */
  start(job: Omit<FileJob, 'seq' | 'control' | 'window'>): FileJob {
    const control = new SharedArrayBuffer(4 * 4);
    const counters = new Int32Array(control);
    counters[NEXT] = 1;
    counters[MERGED] = 1;
    const file: FileJob = { ...job, seq: ++this.seq, control, window: this.workers.length + 2 };
    for (const w of this.workers) w.postMessage(file);
    return file;
  }

  /**
   * The result of range `i` of `file`, once ranges before it are merged: a worker's, or checked
   * here while the workers are busy. Null when the worker that took it failed, or did not answer
   * in PATIENCE_MS: the caller reads the rest of the file itself.
   */
  take(file: FileJob, i: number, results: (RangeResult | null | undefined)[]): RangeResult | null {
    const counters = new Int32Array(file.control);
    let waited = 0;
    for (;;) {
      const seen = Atomics.load(counters, DONE);
      this.drain(file, results);
      const ready = results[i];
      if (ready !== undefined) {
        results[i] = undefined;
        return ready;
      }
      if (Atomics.load(counters, NEXT) <= i + file.window) {
        const k = Atomics.add(counters, NEXT, 1);
        if (k < file.bounds.length - 1) {
          results[k] = this.checkHere(file, k);
          continue;
        }
      }
      if (Atomics.wait(counters, DONE, seen, 100) === 'timed-out' && (waited += 100) >= PATIENCE_MS) return null;
    }
  }

  /** Range `i` is merged: workers may claim further. */
  merged(file: FileJob, i: number): void {
    const counters = new Int32Array(file.control);
    Atomics.store(counters, MERGED, i + 1);
    Atomics.notify(counters, MERGED);
  }

  /** The rest of the file is read another way: workers stop claiming its ranges. */
  stop(file: FileJob): void {
    const counters = new Int32Array(file.control);
    Atomics.store(counters, STOP, 1);
    Atomics.store(counters, NEXT, 1 << 30);
    Atomics.notify(counters, MERGED);
  }

  /** Arrays of a merged result go back to whoever made them, to be filled again. */
  recycle(r: RangeResult): void {
    if (r.worker < 0) this.local.recycle(r.ids, r.figures);
    else this.ports[r.worker]!.postMessage({ recycle: true, ids: r.ids, figures: r.figures }, [r.ids.buffer as ArrayBuffer, r.figures.buffer as ArrayBuffer]);
  }

  async close(): Promise<void> {
    for (const p of this.ports) p.close();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private drain(file: FileJob, results: (RangeResult | null | undefined)[]): void {
    for (let w = 0; w < this.ports.length; w++) {
      for (let m = receiveMessageOnPort(this.ports[w]!); m; m = receiveMessageOnPort(this.ports[w]!)) {
        const message = m.message as RangeMessage;
        // a result of an earlier file, finished after that file was read another way
        if (message.seq !== file.seq) continue;
        if (!message.result) {
          results[message.range] = null;
          continue;
        }
        message.result.worker = w;
        results[message.range] = message.result;
      }
    }
  }

  private checkHere(file: FileJob, k: number): RangeResult {
    const bytes = this.reader.read(file.path, file.bounds[k]!, file.bounds[k + 1]!);
    const r = this.local.check(rangeJob(file, k), bytes);
    r.worker = -1;
    return r;
  }
}

/** A quoted stretch longer than this (a quote left open?) is read as the parser recovers from it: the file is not cut. */
const LONG_QUOTE = 1 << 16;

/**
 * Record boundaries about every `chunk` bytes: after a line feed with an even count of quote
 * bytes before it (outside any quoted field). Null when the quotes leave a doubt: a quoted
 * stretch longer than LONG_QUOTE, or one still open at the end.
 */
async function findSplits(path: string, size: number, chunk: number): Promise<number[] | null> {
  const splits: number[] = [];
  const quotes = new QuoteParity();
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(4 << 20);
    let base = 0;
    let target = chunk;
    while (base < size) {
      const { bytesRead: n } = await handle.read(buf, 0, buf.length, base);
      if (n === 0) break;
      let pos = 0;
      while (pos < n) {
        if (base + pos < target) {
          const stop = Math.min(n, target - base);
          quotes.count(buf, base, pos, stop);
          pos = stop;
          continue;
        }
        const lf = buf.indexOf(10, pos);
        const stop = lf < 0 || lf >= n ? n : lf;
        quotes.count(buf, base, pos, stop);
        if (stop === n) {
          pos = n;
          continue;
        }
        pos = stop + 1;
        if (!quotes.open && base + pos < size) {
          splits.push(base + pos);
          target = base + pos + chunk;
        }
      }
      if (quotes.doubtful) return null;
      base += n;
    }
  } finally {
    await handle.close();
  }
  return quotes.open ? null : splits;
}

/** Whether the bytes so far end inside a quoted field, and whether a quoted stretch was long. */
class QuoteParity {
  open = false;
  doubtful = false;
  private openedAt = 0;

  /** Count the quotes of buf[from, to), which sits at file offset `base`. */
  count(buf: Buffer, base: number, from: number, to: number): void {
    const part = buf.subarray(from, to);
    for (let k = part.indexOf(34); k >= 0; k = part.indexOf(34, k + 1)) {
      const at = base + from + k;
      if (!this.open) this.openedAt = at;
      else if (at - this.openedAt > LONG_QUOTE) this.doubtful = true;
      this.open = !this.open;
    }
    if (this.open && base + to - this.openedAt > LONG_QUOTE) this.doubtful = true;
  }
}

/**
 * Read one drop into `merger` (between its beginFile and endFile) with the pool's help. The first
 * range, with the header, is read here; the file stays on this thread when it cannot be cut
 * safely or its header leaves anything unusual (another encoding, a BOM, a header record across
 * the first cut).
 */
export async function readFileThreaded(path: string, size: number, merger: Merger, sink: CsvSink, pool: RangePool,
  progress: { rows: (n: number) => void; bytes: (b: number) => void }): Promise<{ bytes: number; sha256: string; lines: number }> {
  if (pool.broken) return readCsvFile(path, sink, { onBytes: progress.bytes });
  const splits = await findSplits(path, size, rangeBytes());
  // nowhere to cut, or a quote left open (the parser's recovery decides where records start)
  if (!splits || splits.length === 0) return readCsvFile(path, sink, { onBytes: progress.bytes });
  const scan = await scanFile(path);
  // not UTF-8: read as Windows-1252 from the first byte, on this thread
  if (scan.notUtf8) return readCsvFile(path, sink, { onBytes: progress.bytes });
  const bounds = [0, ...splits, size];
  // a problem the reader finds in the first range (a quote) leaves the cuts after it in doubt
  let readerProblem = false;
  const watched: CsvSink = { header: (v) => sink.header(v), record: (v) => sink.record(v), problem: (p) => ((readerProblem = true), sink.problem(p)) };
  const feeder = new CsvFeeder(watched, {}, scan.notUtf8);
  feeder.push(readRange(path, 0, bounds[1]!), false);
  progress.bytes(bounds[1]!);
  const file = merger.currentFile;
  if (readerProblem || !feeder.parser.resumable || feeder.pending > 0 || file.columns.count === 0) {
    for (let i = 1; i + 1 < bounds.length; i++) {
      feeder.push(readRange(path, bounds[i]!, bounds[i + 1]!), false);
      progress.bytes(bounds[i + 1]!);
    }
    feeder.push(new Uint8Array(0), true);
    return { bytes: scan.bytes, sha256: scan.sha256, lines: feeder.parser.line };
  }
  const delimiter = feeder.parser.delimiter;
  let line = feeder.parser.line;
  const job = pool.start({ path, bounds, columns: file.columns, folderPartner: file.folderPartner, partnerUnknown: file.partnerUnknown, delimiter });
  const results: (RangeResult | null | undefined)[] = [];
  try {
    for (let i = 1; i + 1 < bounds.length; i++) {
      const result = pool.take(job, i, results);
      if (!result || result.readerProblem) {
        // a quote gone wrong (or a worker that failed): where records start is the parser's call
        // from here on, in one stream
        rangeCounts.streamed++;
        const parser = new CsvParser(sink);
        parser.resume(delimiter, line);
        return { bytes: scan.bytes, sha256: scan.sha256, lines: streamRest(path, bounds[i]!, size, parser, progress.bytes) };
      }
      if (result.clean && merger.periods.list.length + result.periods.length < MAX_PERIODS) {
        mergeClean(merger, result, line);
        if (result.worker >= 0) rangeCounts.byWorkers++;
        else rangeCounts.byMain++;
        progress.rows(result.rows);
        line += result.lines;
      } else {
        rangeCounts.reread++;
        const parser = new CsvParser(sink);
        parser.resume(delimiter, line);
        const bytes = readRange(path, bounds[i]!, bounds[i + 1]!);
        parser.consume(bytes, bytes.length, true);
        line = parser.line;
      }
      pool.recycle(result);
      pool.merged(job, i);
      progress.bytes(bounds[i + 1]!);
    }
    return { bytes: scan.bytes, sha256: scan.sha256, lines: line };
  } finally {
    // done, or left early (a stream to the end, an error): the workers stop claiming this file's ranges
    pool.stop(job);
  }
}

/** Feed file bytes [from, size) to `parser` in chunks, as the single-threaded reader does; the last line number. */
function streamRest(path: string, from: number, size: number, parser: CsvParser, onBytes: (b: number) => void): number {
  const chunk = 1 << 20;
  let buf = Buffer.allocUnsafe(chunk * 2);
  let len = 0;
  let at = from;
  const fd = openSync(path, 'r');
  try {
    while (at < size) {
      if (buf.length - len < chunk) {
        const grown = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(grown, 0, 0, len);
        buf = grown;
      }
      const n = readSync(fd, buf, len, chunk, at);
      if (n === 0) break;
      at += n;
      len += n;
      const used = parser.consume(buf, len, false);
      buf.copyWithin(0, used, len);
      len -= used;
      onBytes(at);
    }
  } finally {
    closeSync(fd);
  }
  parser.consume(buf, len, true);
  return parser.line;
}

function mergeClean(merger: Merger, r: RangeResult, line: number): void {
  const periodIds = r.periods.map(() => -1);
  const stride = ROW_IDS + merger.dimensions.length;
  const ids = r.ids;
  const f = r.figures;
  for (let row = 0; row < r.rows; row++) {
    const b = row * stride;
    const local = ids[b + 1]!;
    let period = periodIds[local]!;
    // periods are met in row order, as the single-threaded path meets them
    if (period < 0) {
      const text = r.periods[local]!;
      period = periodIds[local] = merger.periods.idOf(text, 0, text.length);
    }
    merger.cleanRow(ids[b]!, period, ids[b + 2]!, ids[b + 3]!, ids[b + 4]!, ids[b + 5]!, ids[b + 6]!, ids, b + ROW_IDS,
      f[row * 3]!, f[row * 3 + 1]!, f[row * 3 + 2]!, line + ids[b + 7]! - 1, ids[b + 8]! < 0 ? null : noteRecord.of(r.notes[ids[b + 8]!]!));
  }
}

/** A note's bytes as a record of one field, for NoteTexts. */
class NoteRecord implements DataRecord {
  src: Uint8Array = new Uint8Array(0);
  readonly n = 1;
  readonly starts = new Int32Array(1);
  readonly ends = new Int32Array(1);
  readonly line = 0;

  of(bytes: Uint8Array): this {
    this.src = bytes;
    this.ends[0] = bytes.length;
    return this;
  }

  column(): number {
    return 1;
  }

  text(): string {
    return decodeBytes(this.src, 0, this.src.length, false);
  }
}

const noteRecord = new NoteRecord();
