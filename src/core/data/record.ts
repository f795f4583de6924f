/**
 * What the merge reads: one record at a time, as bytes with field boundaries, from whichever
 * reader has the file — the CSV reader for drops, `TextRecord` for a spreadsheet's rows — so both
 * go through the same checks and report the same positions.
 */
import type { DiagnosticCode, Severity } from '../diagnostics.js';

/** The current record, valid only during a `header`/`record` callback. */
export interface DataRecord {
  /** Bytes holding the fields (UTF-8, or Windows-1252 once the CSV reader says so). */
  readonly src: Uint8Array;
  /** Number of fields. */
  readonly n: number;
  /** Field i is src[starts[i], ends[i]). */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** 1-based line where the record starts (a spreadsheet's row number). */
  readonly line: number;
  /** 1-based character column of field i in the source. */
  column(i: number): number;
  /** Field i decoded (not trimmed). */
  text(i: number): string;
}

/** The name the CSV reader has always used. */
export type RecordView = DataRecord;

/** A problem a reader found itself (an encoding, a quote, a record too long). */
export interface RecordProblem {
  code: DiagnosticCode;
  severity: Severity;
  line: number;
  column: number;
  message: string;
  hint?: string;
}

/** Where a reader sends a file's records: the header first, then each record. */
export interface RecordSink {
  /** The header record. Return false to skip the rest of the file. */
  header(record: DataRecord): boolean;
  record(record: DataRecord): void;
  problem(p: RecordProblem): void;
}

const encoder = new TextEncoder();

/** A record made from strings (a spreadsheet row), encoded to UTF-8 into a buffer reused row after row. */
export class TextRecord implements DataRecord {
  src: Uint8Array = new Uint8Array(256);
  n = 0;
  starts = new Int32Array(16);
  ends = new Int32Array(16);
  line = 0;
  private fields: readonly string[] = [];
  private columns: readonly number[] = [];

  /** Fields as strings; line = the record's row (a spreadsheet row), columns[i] = the 1-based column of field i in its source. */
  set(fields: readonly string[], line: number, columns: readonly number[]): this {
    const n = fields.length;
    if (n > this.starts.length) {
      this.starts = new Int32Array(n * 2);
      this.ends = new Int32Array(n * 2);
    }
    let at = 0;
    for (let i = 0; i < n; i++) {
      const field = fields[i]!;
      // a UTF-16 code unit takes at most 3 bytes in UTF-8
      const room = at + field.length * 3;
      if (room > this.src.length) {
        const grown = new Uint8Array(Math.max(room, this.src.length * 2));
        grown.set(this.src.subarray(0, at));
        this.src = grown;
      }
      this.starts[i] = at;
      at += encoder.encodeInto(field, this.src.subarray(at)).written;
      this.ends[i] = at;
    }
    this.n = n;
    this.line = line;
    this.fields = fields;
    this.columns = columns;
    return this;
  }

  column(i: number): number {
    return this.columns[i] ?? i + 1;
  }

  text(i: number): string {
    return this.fields[i]!;
  }
}
