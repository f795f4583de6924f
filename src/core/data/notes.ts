/**
 * The texts of the notes of merged rows (SPEC 4.1 `note`). A drop often repeats one note over
 * many rows, so each distinct text is kept once and a merged row holds its number (RowTable's
 * notes); a Map from a million row keys to a million strings cost more than the rows themselves.
 */
import { isBlank } from './interner.js';
import type { DataRecord } from './record.js';

/** Distinct texts looked up before the rest are kept one per note (a column of unique remarks). */
const MAX_INTERNED = 1 << 16;
const NONE = -1;

export class NoteTexts {
  private readonly texts: string[] = [];
  private readonly numbers = new Map<string, number>();
  // the bytes of the last note read and its number: the next row often repeats them
  private lastBytes = new Uint8Array(64);
  private lastLength = -1;
  private lastNumber = NONE;

  /** A new file: the same bytes may decode otherwise there (another encoding). */
  beginFile(): void {
    this.lastLength = -1;
  }

  /** The number of the note in field `column` of `record` (trimmed), or -1 when the field is blank. */
  numberOf(record: DataRecord, column: number): number {
    const src = record.src;
    const start = record.starts[column]!;
    const end = record.ends[column]!;
    if (isBlank(src, start, end)) return NONE;
    const length = end - start;
    if (length === this.lastLength) {
      const last = this.lastBytes;
      let k = 0;
      while (k < length && last[k] === src[start + k]) k++;
      if (k === length) return this.lastNumber;
    }
    const n = this.add(record.text(column).trim());
    if (length > this.lastBytes.length) this.lastBytes = new Uint8Array(length * 2);
    this.lastBytes.set(src.subarray(start, end));
    this.lastLength = length;
    this.lastNumber = n;
    return n;
  }

  private add(text: string): number {
    let n = this.numbers.get(text);
    if (n === undefined) {
      n = this.texts.push(text) - 1;
      if (this.numbers.size < MAX_INTERNED) this.numbers.set(text, n);
    }
    return n;
  }

  /** The text of note number `n`. */
  text(n: number): string {
    return this.texts[n]!;
  }
}
