/**
 * Ids (indicators, partners, dimension values, periods) interned to small integers, looked up
 * straight from the bytes of a CSV field so the hot path never builds a string.
 */

const encoder = new TextEncoder();

export class ByteInterner {
  readonly values: string[] = [];
  private bytes: Uint8Array[] = [];
  private hashes: number[] = [];
  private slots: Int32Array = new Int32Array(64);
  private mask = 63;

  constructor(values: Iterable<string> = []) {
    for (const v of values) this.add(v);
  }

  get size(): number {
    return this.values.length;
  }

  private static hash(src: Uint8Array, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ src[i]!, 0x01000193);
    return h >>> 0;
  }

  /** Add `value` (if new) and return its id. */
  add(value: string): number {
    const b = encoder.encode(value);
    const existing = this.lookupExact(b, 0, b.length);
    if (existing >= 0) return existing;
    const id = this.values.length;
    this.values.push(value);
    this.bytes.push(b);
    this.hashes.push(ByteInterner.hash(b, 0, b.length));
    if (this.values.length * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(id);
    return id;
  }

  private place(id: number): void {
    let i = this.hashes[id]! & this.mask;
    while (this.slots[i] !== 0) i = (i + 1) & this.mask;
    this.slots[i] = id + 1;
  }

  private rehash(cap: number): void {
    this.slots = new Int32Array(cap);
    this.mask = cap - 1;
    for (let id = 0; id < this.values.length; id++) this.place(id);
  }

  /** The id of bytes [start, end) exactly, or -1. */
  lookupExact(src: Uint8Array, start: number, end: number): number {
    const len = end - start;
    let i = ByteInterner.hash(src, start, end) & this.mask;
    for (;;) {
      const e = this.slots[i]!;
      if (e === 0) return -1;
      const b = this.bytes[e - 1]!;
      if (b.length === len) {
        let k = 0;
        while (k < len && b[k] === src[start + k]) k++;
        if (k === len) return e - 1;
      }
      i = (i + 1) & this.mask;
    }
  }

  private last = -1;

  /** The id of bytes [start, end) with surrounding spaces and tabs trimmed, or -1. */
  lookup(src: Uint8Array, start: number, end: number): number {
    // consecutive rows usually repeat the previous id; this test is kept small enough for the
    // compiler to inline into the row checks (`last` never has surrounding blanks to trim)
    const last = this.last;
    if (last >= 0 && this.is(last, src, start, end)) return last;
    return this.search(src, start, end);
  }

  private search(src: Uint8Array, start: number, end: number): number {
    while (start < end && (src[start] === 32 || src[start] === 9)) start++;
    while (end > start && (src[end - 1] === 32 || src[end - 1] === 9)) end--;
    const last = this.last;
    if (last >= 0 && this.is(last, src, start, end)) return last;
    // groups are often listed in order: try the id after the previous one
    const next = last + 1;
    if (next > 0 && next < this.bytes.length && this.is(next, src, start, end)) return (this.last = next);
    const id = this.lookupExact(src, start, end);
    if (id >= 0) this.last = id;
    return id;
  }

  private is(id: number, src: Uint8Array, start: number, end: number): boolean {
    const b = this.bytes[id]!;
    const len = end - start;
    if (b.length !== len) return false;
    let k = 0;
    while (k < len && b[k] === src[start + k]) k++;
    return k === len;
  }
}

/** True when bytes [start, end) are empty or only spaces and tabs. */
export function isBlank(src: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (src[i] !== 32 && src[i] !== 9) return false;
  return true;
}
