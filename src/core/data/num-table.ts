/**
 * An open-addressing hash table from non-negative integer keys (< 2^53) to slots. Each slot holds
 * its key and `stride - 1` float64 fields interleaved in one array (one cache line per probe),
 * plus optional narrow columns. Keys that share `key / lowRadix` land in neighbouring slots, so
 * the rows of one partner, indicator and period (which usually arrive together) stay together.
 * Used for the merge's indexes and accumulators (the merged rows themselves live in RowTable,
 * whose packed 16-byte slots suit their fixed shape better).
 */

type Column = Uint32Array | Uint16Array;
type ColumnCtor = Uint32ArrayConstructor | Uint16ArrayConstructor;

const EMPTY = -1;
const LOAD = 0.75;

function mix(key: number): number {
  const lo = key >>> 0;
  const hi = (key - lo) / 4294967296;
  let h = Math.imul(lo ^ Math.imul(hi | 0, 0x85ebca6b), 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 13;
  return h >>> 0;
}

export class NumTable {
  /** [key, field1, field2, …] per slot; key -1 = empty. */
  data: Float64Array;
  cols: Column[] = [];
  private ctors: ColumnCtor[] = [];
  private cap: number;
  size = 0;
  /** Set by `upsert`: whether the key was new. */
  inserted = false;

  constructor(readonly stride: number, capacityHint = 1024, private readonly lowRadix = 1) {
    this.cap = Math.max(1024, Math.ceil(capacityHint / LOAD));
    this.data = NumTable.alloc(this.cap, stride);
  }

  private static alloc(cap: number, stride: number): Float64Array {
    const d = new Float64Array(cap * stride);
    for (let s = 0; s < d.length; s += stride) d[s] = EMPTY;
    return d;
  }

  get capacity(): number {
    return this.cap;
  }

  /** Add a narrow column (one value per slot); returns its index in `cols`. */
  addColumn(ctor: ColumnCtor): number {
    this.ctors.push(ctor);
    this.cols.push(new ctor(this.cap));
    return this.cols.length - 1;
  }

  private home(key: number): number {
    const lr = this.lowRadix;
    if (lr === 1) return Math.floor((mix(key) * this.cap) / 4294967296);
    const low = key % lr;
    const h = Math.floor((mix((key - low) / lr) * this.cap) / 4294967296) + low;
    return h >= this.cap ? h % this.cap : h;
  }

  /** Read the home slot of `key` (warms the cache before a batch of upserts). */
  touch(key: number): number {
    const h = this.home(key);
    return this.data[h * this.stride]! + (this.cols.length ? this.cols[0]![h]! : 0);
  }

  /** The slot holding `key`, or -1. */
  find(key: number): number {
    const data = this.data;
    const stride = this.stride;
    const cap = this.cap;
    let i = this.home(key);
    for (;;) {
      const k = data[i * stride]!;
      if (k === key) return i;
      if (k === EMPTY) return -1;
      if (++i === cap) i = 0;
    }
  }

  /** The slot for `key`, inserting it when absent (see `inserted`). Re-read `data`/`cols` after. */
  upsert(key: number): number {
    if (this.size + 1 > this.cap * LOAD) this.grow(this.cap * 2);
    const data = this.data;
    const stride = this.stride;
    const cap = this.cap;
    let i = this.home(key);
    for (;;) {
      const k = data[i * stride]!;
      if (k === key) {
        this.inserted = false;
        return i;
      }
      if (k === EMPTY) {
        data[i * stride] = key;
        this.size++;
        this.inserted = true;
        return i;
      }
      if (++i === cap) i = 0;
    }
  }

  /** Grow now so that `n` keys fit without further growth. */
  reserve(n: number): void {
    if (n > this.cap * LOAD) this.grow(Math.ceil(n / LOAD));
  }

  private grow(to: number): void {
    const old = this.data;
    const oldCols = this.cols;
    const oldCap = this.cap;
    const stride = this.stride;
    this.cap = to;
    this.data = NumTable.alloc(to, stride);
    this.cols = this.ctors.map((c) => new c(to));
    const data = this.data;
    for (let s = 0; s < oldCap; s++) {
      const key = old[s * stride]!;
      if (key === EMPTY) continue;
      let i = this.home(key);
      while (data[i * stride] !== EMPTY) if (++i === to) i = 0;
      for (let f = 0; f < stride; f++) data[i * stride + f] = old[s * stride + f]!;
      for (let c = 0; c < oldCols.length; c++) this.cols[c]![i] = oldCols[c]![s]!;
    }
  }

  /** Visit every occupied slot (unordered). */
  forEachSlot(fn: (slot: number, key: number) => void): void {
    const data = this.data;
    const stride = this.stride;
    for (let s = 0; s < this.cap; s++) {
      const k = data[s * stride]!;
      if (k !== EMPTY) fn(s, k);
    }
  }
}
