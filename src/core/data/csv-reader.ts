/**
 * A streaming CSV reader over bytes, built for data drops: encodings (UTF-8 ± BOM, UTF-16 with BOM,
 * else Windows-1252), delimiter detection from the header line (and Excel's `sep=` line), LF, CRLF
 * and lone CR, quoted fields with newlines, and precise positions (the line where a record starts).
 *
 * Two paths produce the same records: a byte-level fast path for lines without quotes or control
 * characters, and the full quote-aware parser for everything else (and for every line when
 * `fullParser` is set, which the tests use to check that both paths agree).
 */
import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { open } from 'node:fs/promises';
import { TextDecoder } from 'node:util';
import type { RecordSink as CsvSink, RecordView } from './record.js';
import { decodeWindows1252 } from './windows-1252.js';

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export type { RecordView, RecordProblem as CsvProblem, RecordSink as CsvSink } from './record.js';

export interface CsvReadOptions {
  /** Parse every record with the full parser (tests compare both paths). */
  fullParser?: boolean;
  /** Longest record accepted, in bytes (BAD-INPUTS 30). */
  maxRecordSize?: number;
  chunkSize?: number;
  onBytes?: (bytesRead: number) => void;
}

export interface CsvReadResult {
  bytes: number;
  sha256: string;
  encoding: CsvEncoding;
  delimiter: string;
  /** Lines read (the last line number). */
  lines: number;
}

const LF = 10;
const CR = 13;
const QUOTE = 34;
const SPACE = 32;
const TAB = 9;

const INCOMPLETE = -2;
const NEEDS_FULL = -1;

/** Parser state machine; fed successive windows of one file's bytes. */
export class CsvParser implements RecordView {
  src: Uint8Array = new Uint8Array(0);
  n = 0;
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  /** Original offsets (in the current chunk) of each field's first byte, full path only. */
  private orig = new Int32Array(64);
  line = 1;
  delimiter = -1;
  encoding: CsvEncoding = 'utf-8';
  private headerDone = false;
  private stopped = false;
  private skippingLong = false;
  private chunk: Uint8Array = new Uint8Array(0);
  private recordStart = 0;
  private viewFast = true;
  /** Grown on first use to what the bytes at hand need (a file of ten rows needs little). */
  private scratch: Uint8Array = new Uint8Array(0);

  constructor(private sink: CsvSink, private fullOnly = false, private maxRecord = 1 << 20) {}

  get latin1(): boolean {
    return this.encoding === 'windows-1252';
  }

  column(i: number): number {
    const at = this.viewFast ? this.starts[i]! : this.orig[i]!;
    let ls = at;
    while (ls > this.recordStart && this.chunk[ls - 1] !== LF && this.chunk[ls - 1] !== CR) ls--;
    if (this.latin1) return at - ls + 1;
    let col = 1;
    for (let k = ls; k < at; k++) if ((this.chunk[k]! & 0xc0) !== 0x80) col++;
    return col;
  }

  text(i: number): string {
    return decodeBytes(this.src, this.starts[i]!, this.ends[i]!, this.latin1);
  }

  /** Column of a raw chunk offset on its own line, for problems found mid-record. */
  private columnAt(at: number, from: number): number {
    let ls = at;
    while (ls > from && this.chunk[ls - 1] !== LF && this.chunk[ls - 1] !== CR) ls--;
    if (this.latin1) return at - ls + 1;
    let col = 1;
    for (let k = ls; k < at; k++) if ((this.chunk[k]! & 0xc0) !== 0x80) col++;
    return col;
  }

  private linesIn(from: number, to: number): number {
    let lines = 0;
    const b = this.chunk;
    for (let k = from; k < to; k++) {
      const c = b[k];
      if (c === LF) lines++;
      else if (c === CR && b[k + 1] !== LF) lines++;
    }
    return lines;
  }

  stop(): void {
    this.stopped = true;
  }

  /** True when the header is read and nothing is pending: the rest of the file can be read from any record boundary (threads). */
  get resumable(): boolean {
    return this.headerDone && !this.stopped && !this.skippingLong && this.delimiter >= 0 && (this.encoding === 'utf-8' || this.encoding === 'utf-8-bom');
  }

  /** Read from a record boundary inside a UTF-8 file whose header was read elsewhere: records from `line` on. */
  resume(delimiter: number, line: number): void {
    this.delimiter = delimiter;
    this.line = line;
    this.headerDone = true;
  }

  /** Switch to Windows-1252 for the rest of the file (bytes that are not UTF-8 were met). */
  switchToLatin1(): void {
    this.encoding = 'windows-1252';
  }

  private ensureFields(n: number): void {
    if (n < this.starts.length) return;
    const grow = (a: Int32Array) => {
      const b = new Int32Array(Math.max(n + 1, a.length * 2));
      b.set(a);
      return b;
    };
    this.starts = grow(this.starts);
    this.ends = grow(this.ends);
    this.orig = grow(this.orig);
  }

  /**
   * Consume complete records from buf[0, end). Returns how many bytes were consumed; the caller
   * keeps the rest and passes it again, followed by more bytes (or with `final` at end of file).
   */
  consume(buf: Uint8Array, end: number, final: boolean): number {
    this.chunk = buf;
    if (this.stopped) return end;
    let pos = 0;
    if (this.delimiter < 0) {
      const d = this.detectDelimiter(buf, end, final);
      if (d === INCOMPLETE) return 0;
      pos = d;
    }
    const fastOk = !this.fullOnly;
    while (pos < end && !this.stopped) {
      if (this.skippingLong) {
        let k = pos;
        while (k < end && buf[k] !== LF && buf[k] !== CR) k++;
        if (k >= end) return end;
        if (buf[k] === CR && k + 1 >= end && !final) return k;
        this.skippingLong = false;
        this.line++;
        pos = buf[k] === CR && buf[k + 1] === LF ? k + 2 : k + 1;
        continue;
      }
      if (fastOk && this.headerDone) {
        const r = this.fast(buf, pos, end);
        if (r >= 0) {
          pos = r;
          continue;
        }
      }
      const r = this.full(buf, pos, end, final);
      if (r === INCOMPLETE) {
        if (end - pos > this.maxRecord) {
          pos = this.overlong(buf, pos, end, final);
          continue;
        }
        return pos;
      }
      pos = r;
    }
    return Math.min(pos, end);
  }

  /** Find the delimiter from the first non-blank line (honouring `sep=`). */
  private detectDelimiter(buf: Uint8Array, end: number, final: boolean): number {
    let pos = 0;
    let blank = 0;
    // skip leading blank lines
    for (;;) {
      let k = pos;
      while (k < end && (buf[k] === SPACE || buf[k] === TAB)) k++;
      if (k < end && (buf[k] === LF || buf[k] === CR)) {
        if (buf[k] === CR && k + 1 >= end && !final) return INCOMPLETE;
        pos = buf[k] === CR && buf[k + 1] === LF ? k + 2 : k + 1;
        blank++;
        continue;
      }
      break;
    }
    let k = pos;
    let inQ = false;
    let comma = 0;
    let semi = 0;
    let tab = 0;
    while (k < end) {
      const c = buf[k]!;
      if (c === QUOTE) inQ = !inQ;
      else if (!inQ) {
        if (c === LF || c === CR) break;
        if (c === 44) comma++;
        else if (c === 59) semi++;
        else if (c === TAB) tab++;
      }
      k++;
    }
    if (k >= end && !final && end <= this.maxRecord) return INCOMPLETE;
    if (k + 1 >= end && buf[k] === CR && !final && end <= this.maxRecord) return INCOMPLETE;
    this.line += blank;
    // Excel's `sep=;` line, also as a quoted field (`"sep=;"`, as some tools write it)
    let s = pos;
    let e = k;
    while (e > s && (buf[e - 1] === SPACE || buf[e - 1] === TAB)) e--;
    if (e - s === 7 && buf[s] === QUOTE && buf[e - 1] === QUOTE) {
      s++;
      e--;
    }
    if (e - s === 5 && (buf[s]! | 0x20) === 115 && (buf[s + 1]! | 0x20) === 101 && (buf[s + 2]! | 0x20) === 112 && buf[s + 3] === 61) {
      this.delimiter = buf[s + 4]!;
      this.line++;
      return k < end ? (buf[k] === CR && buf[k + 1] === LF ? k + 2 : k + 1) : k;
    }
    this.delimiter = semi > comma && semi >= tab ? 59 : tab > comma && tab > semi ? TAB : 44;
    return pos;
  }

  /** One unquoted record; NEEDS_FULL when anything unusual (quote, control, lone CR, chunk end). */
  private fast(buf: Uint8Array, pos: number, end: number): number {
    const delim = this.delimiter;
    const starts = this.starts;
    const ends = this.ends;
    const cap = starts.length - 1;
    let nf = 0;
    let fs = pos;
    let i = pos;
    for (;;) {
      if (i >= end) return NEEDS_FULL;
      const b = buf[i]!;
      if (b === delim) {
        if (nf >= cap) return NEEDS_FULL;
        starts[nf] = fs;
        ends[nf++] = i;
        fs = i + 1;
      } else if (b < 32) {
        if (b === LF) {
          starts[nf] = fs;
          ends[nf++] = i;
          i++;
          break;
        }
        if (b === CR) {
          if (i + 1 < end && buf[i + 1] === LF) {
            starts[nf] = fs;
            ends[nf++] = i;
            i += 2;
            break;
          }
          return NEEDS_FULL;
        }
        if (b !== TAB) return NEEDS_FULL;
      } else if (b === QUOTE || b === 127) return NEEDS_FULL;
      i++;
    }
    if (i - pos > this.maxRecord) return NEEDS_FULL;
    this.src = buf;
    this.n = nf;
    this.viewFast = true;
    this.recordStart = pos;
    this.sink.record(this);
    this.line++;
    return i;
  }

  /** A record longer than maxRecord: report it and skip to the next line. */
  private overlong(buf: Uint8Array, pos: number, end: number, final: boolean): number {
    // An unterminated quote is the usual cause: say where it opened and resume on the next line.
    const q = this.openQuoteIn(buf, pos, end);
    if (q >= 0) return this.unterminated(buf, pos, q, end, final);
    this.sink.problem({
      code: 'data-record-too-large', severity: 'error', line: this.line, column: 1,
      message: `record is longer than ${this.maxRecord} bytes; skipped`,
      hint: 'a line without an end: is the file truncated or not a CSV?',
    });
    let k = pos;
    while (k < end && buf[k] !== LF && buf[k] !== CR) k++;
    if (k >= end || (buf[k] === CR && k + 1 >= end && !final)) {
      this.skippingLong = k < end || !final;
      if (final && k >= end) this.line++;
      return k < end ? k : end;
    }
    this.line++;
    return buf[k] === CR && buf[k + 1] === LF ? k + 2 : k + 1;
  }

  private openQuoteIn(buf: Uint8Array, pos: number, end: number): number {
    for (let k = pos; k < end; k++) {
      const c = buf[k];
      if (c === LF || c === CR) return -1;
      if (c === QUOTE) return k;
    }
    return -1;
  }

  /** Report a quote opened at `q` that never closes; resume after the line it opened on. */
  private unterminated(buf: Uint8Array, pos: number, q: number, end: number, final: boolean): number {
    const line = this.line + this.linesIn(pos, q);
    this.sink.problem({
      code: 'data-bad-quote', severity: 'error', line, column: this.columnAt(q, pos),
      message: 'a quote opened here is never closed; the record is skipped',
      hint: 'close the quote, or double a quote inside a quoted field ("")',
    });
    let k = q + 1;
    while (k < end && buf[k] !== LF && buf[k] !== CR) k++;
    if (k >= end || (buf[k] === CR && k + 1 >= end && !final)) {
      this.line += this.linesIn(pos, k);
      if (final) this.line++;
      else this.skippingLong = true;
      return k;
    }
    const next = buf[k] === CR && buf[k + 1] === LF ? k + 2 : k + 1;
    this.line += this.linesIn(pos, next);
    return next;
  }

  /** The full quote-aware parser for one record. Returns the next position or INCOMPLETE. */
  private full(buf: Uint8Array, pos: number, end: number, final: boolean): number {
    const delim = this.delimiter;
    if (this.scratch.length < end - pos + 16) this.scratch = new Uint8Array(Math.max(end - pos + 16, this.scratch.length * 2));
    const out = this.scratch;
    let sp = 0;
    let nf = 0;
    let i = pos;
    let problemAt = -1;
    let problem: 'stray-quote' | 'after-quote' | 'control' | null = null;
    const wsq = (c: number | undefined) => c === SPACE || (c === TAB && delim !== TAB);
    for (;;) {
      this.ensureFields(nf + 1);
      this.orig[nf] = i;
      let j = i;
      while (j < end && wsq(buf[j])) j++;
      if (j < end && buf[j] === QUOTE) {
        const open = j;
        i = j + 1;
        this.starts[nf] = sp;
        for (;;) {
          if (i >= end) {
            if (!final) return INCOMPLETE;
            this.chunk = buf;
            return this.unterminated(buf, pos, open, end, true);
          }
          const b = buf[i]!;
          if (i - pos > this.maxRecord) return this.overlong(buf, pos, end, final);
          if (b === QUOTE) {
            if (i + 1 >= end && !final) return INCOMPLETE;
            if (buf[i + 1] === QUOTE) {
              out[sp++] = QUOTE;
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (b === CR && i + 1 >= end && !final) return INCOMPLETE;
          if ((b < 32 && b !== LF && b !== CR && b !== TAB) || b === 127) {
            if (problemAt < 0) {
              problemAt = i;
              problem = 'control';
            }
          }
          out[sp++] = b;
          i++;
        }
        this.ends[nf++] = sp;
        while (i < end && wsq(buf[i])) i++;
        if (i >= end) {
          if (!final) return INCOMPLETE;
          break;
        }
        const c = buf[i]!;
        if (c === delim) {
          i++;
          continue;
        }
        if (c === LF || c === CR) break;
        if (problemAt < 0) {
          problemAt = i;
          problem = 'after-quote';
        }
        // skip to the end of the line
        while (i < end && buf[i] !== LF && buf[i] !== CR) i++;
        if (i >= end && !final) return INCOMPLETE;
        break;
      } else {
        this.starts[nf] = sp;
        let c = 0;
        while (i < end) {
          c = buf[i]!;
          if (c === delim || c === LF || c === CR) break;
          if (i - pos > this.maxRecord) return this.overlong(buf, pos, end, final);
          if (c === QUOTE) {
            if (problemAt < 0) {
              problemAt = i;
              problem = 'stray-quote';
            }
          } else if ((c < 32 && c !== TAB) || c === 127) {
            if (problemAt < 0) {
              problemAt = i;
              problem = 'control';
            }
          }
          out[sp++] = c;
          i++;
        }
        this.ends[nf++] = sp;
        if (i >= end) {
          if (!final) return INCOMPLETE;
          break;
        }
        if (c === delim) {
          i++;
          if (problem === 'stray-quote') {
            // a stray quote: do not try to read quoted fields after it on this line
            while (i < end && buf[i] !== LF && buf[i] !== CR) i++;
            if (i >= end && !final) return INCOMPLETE;
            break;
          }
          continue;
        }
        break;
      }
    }
    // i is at a line terminator (or the end of the file)
    let next = i;
    if (i < end) {
      if (buf[i] === CR) {
        if (i + 1 >= end && !final) return INCOMPLETE;
        next = buf[i + 1] === LF ? i + 2 : i + 1;
      } else next = i + 1;
    }
    this.chunk = buf;
    this.recordStart = pos;
    if (problemAt >= 0) {
      const line = this.line + this.linesIn(pos, problemAt);
      const column = this.columnAt(problemAt, pos);
      if (problem === 'control') {
        const byte = buf[problemAt]!;
        this.sink.problem({
          code: 'data-control-character', severity: 'error', line, column,
          message: `control character 0x${byte.toString(16).padStart(2, '0').toUpperCase()} in the data; the record is skipped`,
          hint: byte === 0 ? 'NUL bytes: is the file UTF-16 without a byte order mark, or not text?' : 'remove the character; save the file as CSV UTF-8',
        });
      } else {
        this.sink.problem({
          code: 'data-bad-quote', severity: 'error', line, column,
          message: problem === 'stray-quote' ? 'a quote inside an unquoted field; the record is skipped' : 'text after a closing quote; the record is skipped',
          hint: 'quote the whole field and double the quotes inside it: "He said ""hi"""',
        });
      }
    } else if (!this.headerDone) {
      this.src = out;
      this.n = nf;
      this.viewFast = false;
      if (!isBlankRecord(this)) {
        this.headerDone = true;
        if (!this.sink.header(this)) this.stopped = true;
      }
    } else {
      this.src = out;
      this.n = nf;
      this.viewFast = false;
      this.sink.record(this);
    }
    this.line += 1 + this.linesIn(pos, i);
    return next;
  }
}

function isBlankRecord(v: RecordView): boolean {
  for (let f = 0; f < v.n; f++) {
    for (let k = v.starts[f]!; k < v.ends[f]!; k++) if (v.src[k] !== SPACE && v.src[k] !== TAB) return false;
  }
  return true;
}

/** Decode bytes as UTF-8 (or Windows-1252), with an ASCII fast path. */
export function decodeBytes(src: Uint8Array, start: number, end: number, latin1: boolean): string {
  let ascii = true;
  for (let k = start; k < end; k++) {
    if (src[k]! >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    let s = '';
    for (let k = start; k < end; k++) s += String.fromCharCode(src[k]!);
    return s;
  }
  if (latin1) return decodeWindows1252(src, start, end);
  const sub = src.subarray(start, end);
  return Buffer.from(sub.buffer, sub.byteOffset, sub.byteLength).toString('utf8');
}

/** Offset of the first byte that breaks UTF-8 in buf[from, to), or -1. */
function firstInvalidUtf8(buf: Uint8Array, from: number, to: number): number {
  const dec = new TextDecoder('utf-8', { fatal: true });
  // binary search on prefix validity would need care with boundaries; a linear check is fine here
  let i = from;
  while (i < to) {
    const c = buf[i]!;
    let n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (n === 0) return i;
    if (n > 1) {
      if (i + n > to) return i;
      try {
        dec.decode(buf.subarray(i, i + n));
      } catch {
        return i;
      }
    }
    i += n;
  }
  return -1;
}

/** How many bytes at the end of buf[from, to) may be an incomplete UTF-8 sequence. */
function utf8Tail(buf: Uint8Array, from: number, to: number): number {
  for (let back = 1; back <= 3 && to - back >= from; back++) {
    const c = buf[to - back]!;
    if ((c & 0xc0) === 0x80) continue;
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

/** Where a file stops being UTF-8: the first bad byte, its line and column (1-based). */
export interface NotUtf8 {
  offset: number;
  byte: number;
  line: number;
  column: number;
}

/** What a first pass over the raw bytes learns: the digest, the size, and whether it is UTF-8. */
export interface ByteScan {
  sha256: string;
  bytes: number;
  notUtf8: NotUtf8 | null;
}

/**
 * Incremental first pass: sha256 and UTF-8 validity (native, so it costs little), so that a file
 * that is not UTF-8 is decoded as Windows-1252 from its first byte, whatever the chunking.
 */
class Scanner {
  private hash = createHash('sha256');
  private tail: Uint8Array = new Uint8Array(0);
  bytes = 0;
  badOffset = -1;
  private utf16 = false;

  push(raw: Uint8Array): void {
    if (this.bytes === 0 && raw.length >= 2 && ((raw[0] === 0xff && raw[1] === 0xfe) || (raw[0] === 0xfe && raw[1] === 0xff))) this.utf16 = true;
    this.hash.update(raw);
    const base = this.bytes - this.tail.length;
    this.bytes += raw.length;
    if (this.utf16 || this.badOffset >= 0) return;
    const buf = this.tail.length ? Buffer.concat([this.tail, raw]) : raw;
    const keep = utf8Tail(buf, 0, buf.length);
    const end = buf.length - keep;
    if (!isUtf8(buf.subarray(0, end))) {
      const bad = firstInvalidUtf8(buf, 0, end);
      this.badOffset = base + (bad < 0 ? 0 : bad);
      return;
    }
    this.tail = Uint8Array.from(buf.subarray(end));
  }

  /** Call at the end: a dangling incomplete sequence is not UTF-8 either. */
  end(): void {
    if (!this.utf16 && this.badOffset < 0 && this.tail.length > 0) this.badOffset = this.bytes - this.tail.length;
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

/** Line and column of `offset` in `bytes` (counted as Windows-1252 characters). */
function placeOf(bytes: Uint8Array, offset: number, lineBefore = 1, from = 0): { line: number; column: number } {
  let line = lineBefore;
  let ls = from;
  for (let k = from; k < offset; k++) {
    const c = bytes[k];
    if (c === LF || (c === CR && bytes[k + 1] !== LF)) {
      line++;
      ls = k + 1;
    }
  }
  return { line, column: offset - ls + 1 };
}

/**
 * Drive a parser over a source of byte chunks (a file, or bytes in a test). Handles BOMs,
 * UTF-16 transcoding, UTF-8 validation with the Windows-1252 fallback, and buffering.
 */
export class CsvFeeder {
  private buf: Buffer;
  private len = 0;
  private started = false;
  private head: Buffer = Buffer.alloc(0);
  private utf16: TextDecoder | null = null;
  readonly parser: CsvParser;

  /** `notUtf8` (from the first pass) switches the whole file to Windows-1252, with a warning. */
  constructor(private sink: CsvSink, options: CsvReadOptions = {}, private notUtf8: NotUtf8 | null = null) {
    this.parser = new CsvParser(sink, options.fullParser ?? false, options.maxRecordSize ?? 1 << 20);
    this.buf = Buffer.allocUnsafe((options.chunkSize ?? 1 << 20) * 2 + 64);
  }

  private append(bytes: Uint8Array): void {
    if (this.len + bytes.length > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + bytes.length));
      this.buf.copy(next, 0, 0, this.len);
      this.buf = next;
    }
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }

  /** Feed the next raw chunk of the file (`final` on the last one, which may be empty). */
  push(raw: Uint8Array, final: boolean): void {
    let chunk = raw;
    if (!this.started) {
      // a BOM needs the first bytes together: hold tiny first chunks back
      const head = this.head.length ? Buffer.concat([this.head, raw]) : raw;
      if (head.length < 4 && !final) {
        this.head = Buffer.from(head);
        return;
      }
      chunk = head;
      this.head = Buffer.alloc(0);
      this.started = true;
      if (chunk[0] === 0xff && chunk[1] === 0xfe) {
        this.parser.encoding = 'utf-16le';
        this.utf16 = new TextDecoder('utf-16le');
        chunk = chunk.subarray(2);
      } else if (chunk[0] === 0xfe && chunk[1] === 0xff) {
        this.parser.encoding = 'utf-16be';
        this.utf16 = new TextDecoder('utf-16be');
        chunk = chunk.subarray(2);
      } else {
        if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
          this.parser.encoding = 'utf-8-bom';
          chunk = chunk.subarray(3);
        }
        const bad = this.notUtf8;
        if (bad) {
          this.parser.switchToLatin1();
          this.sink.problem({
            code: 'data-encoding', severity: 'warning', line: bad.line, column: bad.column,
            message: `bytes that are not UTF-8 (0x${bad.byte.toString(16).toUpperCase().padStart(2, '0')}); the file is read as Windows-1252`,
            hint: 'save the file as "CSV UTF-8" so names with accents come through unchanged',
          });
        }
      }
    }
    if (this.utf16) this.append(Buffer.from(this.utf16.decode(chunk, { stream: !final }), 'utf8'));
    else this.append(chunk);
    const used = this.parser.consume(this.buf, this.len, final);
    if (used > 0) {
      this.buf.copyWithin(0, used, this.len);
      this.len -= used;
    }
    if (final) this.len = 0;
  }

  /** Bytes held back (an incomplete record, or the first bytes before a BOM check). */
  get pending(): number {
    return this.len + this.head.length;
  }

  finish(scan: ByteScan): CsvReadResult {
    return {
      bytes: scan.bytes,
      sha256: scan.sha256,
      encoding: this.parser.encoding,
      delimiter: this.parser.delimiter < 0 ? ',' : String.fromCharCode(this.parser.delimiter),
      lines: this.parser.line,
    };
  }
}

/** First pass over a file: digest, size, UTF-8 validity (and where it fails). */
export async function scanFile(path: string, chunkSize = 1 << 20): Promise<ByteScan> {
  const scanner = new Scanner();
  const handle = await open(path, 'r');
  try {
    let chunk = Buffer.allocUnsafe(chunkSize);
    let spare = Buffer.allocUnsafe(chunkSize);
    let at = 0;
    let pending = handle.read(chunk, 0, chunkSize, 0);
    for (;;) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) break;
      at += bytesRead;
      pending = handle.read(spare, 0, chunkSize, at);
      scanner.push(chunk.subarray(0, bytesRead));
      [chunk, spare] = [spare, chunk];
    }
    scanner.end();
    let notUtf8: NotUtf8 | null = null;
    if (scanner.badOffset >= 0) {
      // rare: count the lines before the bad byte
      let line = 1;
      let lineStart = 0;
      let afterCR = false;
      let pos = 0;
      while (pos < scanner.badOffset) {
        const { bytesRead } = await handle.read(chunk, 0, Math.min(chunkSize, scanner.badOffset - pos), pos);
        if (bytesRead === 0) break;
        for (let k = 0; k < bytesRead; k++) {
          const c = chunk[k];
          if (c === CR) {
            line++;
            lineStart = pos + k + 1;
            afterCR = true;
          } else {
            if (c === LF) {
              if (!afterCR) line++;
              lineStart = pos + k + 1;
            }
            afterCR = false;
          }
        }
        pos += bytesRead;
      }
      const { bytesRead } = await handle.read(chunk, 0, 1, scanner.badOffset);
      notUtf8 = { offset: scanner.badOffset, byte: bytesRead ? chunk[0]! : 0, line, column: scanner.badOffset - lineStart + 1 };
    }
    return { sha256: scanner.digest(), bytes: scanner.bytes, notUtf8 };
  } finally {
    await handle.close();
  }
}

/** First pass over bytes in memory. */
export function scanBytes(bytes: Uint8Array): ByteScan {
  const scanner = new Scanner();
  scanner.push(bytes);
  scanner.end();
  const notUtf8 = scanner.badOffset >= 0 ? { offset: scanner.badOffset, byte: bytes[scanner.badOffset] ?? 0, ...placeOf(bytes, scanner.badOffset) } : null;
  return { sha256: scanner.digest(), bytes: scanner.bytes, notUtf8 };
}

/** Read a CSV file as a stream of chunks into `sink` (after a first pass for digest and encoding). */
export async function readCsvFile(path: string, sink: CsvSink, options: CsvReadOptions = {}): Promise<CsvReadResult> {
  const size = options.chunkSize ?? 1 << 20;
  const scan = await scanFile(path, size);
  const feeder = new CsvFeeder(sink, options, scan.notUtf8);
  const handle = await open(path, 'r');
  try {
    // double-buffered: the next chunk is read (on libuv's thread) while this one is parsed
    let chunk = Buffer.allocUnsafe(size);
    let spare = Buffer.allocUnsafe(size);
    let total = 0;
    let pending = handle.read(chunk, 0, size, 0);
    for (;;) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) {
        feeder.push(chunk.subarray(0, 0), true);
        break;
      }
      total += bytesRead;
      pending = handle.read(spare, 0, size, total);
      feeder.push(chunk.subarray(0, bytesRead), false);
      options.onBytes?.(total);
      [chunk, spare] = [spare, chunk];
    }
  } finally {
    await handle.close();
  }
  return feeder.finish(scan);
}

/** Read CSV bytes already in memory (tests, property tests), in chunks of `chunkSize`. */
export function readCsvBytes(bytes: Uint8Array, sink: CsvSink, options: CsvReadOptions = {}): CsvReadResult {
  const scan = scanBytes(bytes);
  const feeder = new CsvFeeder(sink, options, scan.notUtf8);
  const size = options.chunkSize ?? 1 << 20;
  for (let at = 0; at < bytes.length; at += size) feeder.push(bytes.subarray(at, Math.min(bytes.length, at + size)), false);
  feeder.push(new Uint8Array(0), true);
  return feeder.finish(scan);
}
