/**
 * The canonical CSV an import writes (SPEC 4.1): UTF-8, LF line ends, quotes only where a field
 * needs them. Each line is encoded once, straight into the output, and the merge reads the
 * line's fields from those same bytes: no string per row is kept, and none is encoded twice.
 */
import type { DataRecord } from '../data/record.js';

const CHUNK = 1 << 20;
const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
const encoder = new TextEncoder();

/** An ASCII character JavaScript's `\s` matches (tab, line ends, form feed, space). */
const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);

export class CanonicalCsv implements DataRecord {
  /** The chunk holding the last line written (lines never straddle chunks). */
  src = new Uint8Array(CHUNK);
  n = 0;
  starts = new Int32Array(16);
  ends = new Int32Array(16);
  line = 0;
  private size = 0;
  private readonly full: Uint8Array[] = [];
  private fields: readonly string[] = [];
  private columns: readonly number[] = [];

  /**
   * Append one line. After it this record is that line's fields, at source row `row` and columns
   * `columns` — unless a field held a quote (escaped, its bytes differ): then false.
   */
  write(fields: readonly string[], row = 0, columns: readonly number[] = []): boolean {
    const n = fields.length;
    let room = 1;
    for (let i = 0; i < n; i++) room += fields[i]!.length * 3 + 3;
    if (this.size + room > this.src.length) {
      if (this.size > 0) this.full.push(this.src.subarray(0, this.size));
      this.src = new Uint8Array(Math.max(CHUNK, room));
      this.size = 0;
    }
    if (n > this.starts.length) {
      this.starts = new Int32Array(n * 2);
      this.ends = new Int32Array(n * 2);
    }
    const buf = this.src;
    let at = this.size;
    let exact = true;
    for (let i = 0; i < n; i++) {
      if (i > 0) buf[at++] = COMMA;
      const field = fields[i]!;
      const start = at;
      let quote = false;
      let ascii = true;
      for (let j = 0; j < field.length; j++) {
        const c = field.charCodeAt(j);
        if (c >= 0x80) {
          ascii = false;
          break;
        }
        if (c === COMMA || c === QUOTE || c === LF || c === CR) quote = true;
        buf[at++] = c;
      }
      if (ascii) {
        if (field.length > 0 && (isSpace(field.charCodeAt(0)) || isSpace(field.charCodeAt(field.length - 1)))) quote = true;
      } else {
        at = start + encoder.encodeInto(field, buf.subarray(start)).written;
        quote = NEEDS_QUOTES.test(field);
      }
      if (!quote) {
        this.starts[i] = start;
        this.ends[i] = at;
      } else if (field.includes('"')) {
        exact = false;
        at = start + encoder.encodeInto(`"${field.replace(/"/g, '""')}"`, buf.subarray(start)).written;
      } else {
        buf.copyWithin(start + 1, start, at);
        buf[start] = QUOTE;
        this.starts[i] = start + 1;
        this.ends[i] = ++at;
        buf[at++] = QUOTE;
      }
    }
    buf[at++] = LF;
    this.size = at;
    this.n = n;
    this.line = row;
    this.fields = fields;
    this.columns = columns;
    return exact;
  }

  column(i: number): number {
    return this.columns[i] ?? i + 1;
  }

  text(i: number): string {
    return this.fields[i]!;
  }

  /** Every line written, as one buffer. */
  bytes(): Uint8Array {
    const parts = [...this.full, this.src.subarray(0, this.size)];
    if (parts.length === 1) return parts[0]!;
    return Buffer.concat(parts);
  }
}
