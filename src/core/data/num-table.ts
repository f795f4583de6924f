/**
 * An open-addressing hash table from non-negative integer keys (< 2^53) to slots, with typed-array
 * columns that move with the keys on growth. The merged table lives in these: about 20 bytes per
 * distinct key instead of an object and a Map entry per row.
 */

type Column = Float64Array | Uint32Array | Int32Array | Uint16Array;
type ColumnCtor = Float64ArrayConstructor | Uint32ArrayConstructor | Int32ArrayConstructor | Uint16ArrayConstructor;

const EMPTY = -1;

export class NumTable {
  keys: Float64Array;
  cols: Column[] = [];
  private ctors: ColumnCtor[] = [];
  private mask: number;
  size = 0;

  constructor(capacityHint = 1024) {
    let cap = 1024;
    while (cap * 0.7 < capacityHint) cap *= 2;
    this.keys = new Float64Array(cap).fill(EMPTY);
    this.mask = cap - 1;
  }

  get capacity(): number {
    return this.keys.length;
  }

  /** Add a column (one value per slot); returns its index in `cols`. */
  addColumn(ctor: ColumnCtor): number {
    this.ctors.push(ctor);
    this.cols.push(new ctor(this.keys.length));
    return this.cols.length - 1;
  }

  private static hash(key: number): number {
    const lo = key >>> 0;
    const hi = (key - lo) / 4294967296;
    let h = Math.imul(lo ^ Math.imul(hi | 0, 0x85ebca6b), 0x9e3779b1);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 13;
    return h >>> 0;
  }

  /** The slot holding `key`, or -1. */
  find(key: number): number {
    const keys = this.keys;
    const mask = this.mask;
    let i = NumTable.hash(key) & mask;
    for (;;) {
      const k = keys[i]!;
      if (k === key) return i;
      if (k === EMPTY) return -1;
      i = (i + 1) & mask;
    }
  }

  /**
   * The slot for `key`, inserting it when absent. `inserted` tells which happened. Column arrays
   * may be replaced by a growth: read `cols` again after calling this.
   */
  inserted = false;
  upsert(key: number): number {
    if ((this.size + 1) > this.keys.length * 0.7) this.grow();
    const keys = this.keys;
    const mask = this.mask;
    let i = NumTable.hash(key) & mask;
    for (;;) {
      const k = keys[i]!;
      if (k === key) {
        this.inserted = false;
        return i;
      }
      if (k === EMPTY) {
        keys[i] = key;
        this.size++;
        this.inserted = true;
        return i;
      }
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldCols = this.cols;
    const cap = oldKeys.length * 2;
    this.keys = new Float64Array(cap).fill(EMPTY);
    this.mask = cap - 1;
    this.cols = this.ctors.map((c) => new c(cap));
    const keys = this.keys;
    const mask = this.mask;
    for (let s = 0; s < oldKeys.length; s++) {
      const key = oldKeys[s]!;
      if (key === EMPTY) continue;
      let i = NumTable.hash(key) & mask;
      while (keys[i] !== EMPTY) i = (i + 1) & mask;
      keys[i] = key;
      for (let c = 0; c < oldCols.length; c++) this.cols[c]![i] = oldCols[c]![s]!;
    }
  }

  /** Occupied slots, in key order (deterministic whatever the insertion order). */
  sortedSlots(): Uint32Array {
    const keys = new Float64Array(this.size);
    let n = 0;
    for (let s = 0; s < this.keys.length; s++) if (this.keys[s] !== EMPTY) keys[n++] = this.keys[s]!;
    keys.sort();
    const slots = new Uint32Array(n);
    for (let j = 0; j < n; j++) slots[j] = this.find(keys[j]!);
    return slots;
  }

  /** Visit every occupied slot (unordered). */
  forEachSlot(fn: (slot: number, key: number) => void): void {
    const keys = this.keys;
    for (let s = 0; s < keys.length; s++) if (keys[s] !== EMPTY) fn(s, keys[s]!);
  }
}
