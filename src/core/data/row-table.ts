/**
 * The merged rows: one 16-byte slot per distinct merge key — the value (float64), the key and
 * the line (uint32 each) — in one buffer, so an insert costs one cache line. Keys are small
 * integers (a dense id of the (indicator, period, partner) base × the dimension combination).
 * Weighted initiatives keep numerators and denominators in a side array.
 */

const LOAD = 0.75;
/** Largest key + 1 that fits (0 marks an empty slot). */
export const MAX_ROW_KEY = 0xfffffffe;

function mix32(key: number): number {
  let h = Math.imul(key ^ (key >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) >>> 0;
}

export class RowTable {
  f64!: Float64Array;
  u32!: Uint32Array;
  /** numerator, denominator per slot (weighted initiatives only) */
  nd: Float64Array | null = null;
  private cap = 0;
  size = 0;
  inserted = false;

  constructor(capacityHint: number, private readonly weighted: boolean) {
    this.alloc(Math.max(1024, Math.ceil(capacityHint / LOAD)));
  }

  private alloc(cap: number): void {
    const buf = new ArrayBuffer(cap * 16);
    this.f64 = new Float64Array(buf);
    this.u32 = new Uint32Array(buf);
    this.nd = this.weighted ? new Float64Array(cap * 2) : null;
    this.cap = cap;
  }

  get capacity(): number {
    return this.cap;
  }

  private home(key: number): number {
    return Math.floor((mix32(key) * this.cap) / 4294967296);
  }

  touch(key: number): number {
    return this.u32[this.home(key) * 4 + 2]!;
  }

  find(key: number): number {
    const u = this.u32;
    const cap = this.cap;
    const k1 = key + 1;
    let i = this.home(key);
    for (;;) {
      const k = u[i * 4 + 2]!;
      if (k === k1) return i;
      if (k === 0) return -1;
      if (++i === cap) i = 0;
    }
  }

  upsert(key: number): number {
    if (this.size + 1 > this.cap * LOAD) this.grow(this.cap * 2);
    const u = this.u32;
    const cap = this.cap;
    const k1 = key + 1;
    let i = this.home(key);
    for (;;) {
      const k = u[i * 4 + 2]!;
      if (k === k1) {
        this.inserted = false;
        return i;
      }
      if (k === 0) {
        u[i * 4 + 2] = k1;
        this.size++;
        this.inserted = true;
        return i;
      }
      if (++i === cap) i = 0;
    }
  }

  reserve(n: number): void {
    if (n > this.cap * LOAD) this.grow(Math.ceil(n / LOAD));
  }

  private grow(to: number): void {
    const oldF = this.f64;
    const oldU = this.u32;
    const oldNd = this.nd;
    const oldCap = this.cap;
    this.alloc(to);
    const u = this.u32;
    for (let s = 0; s < oldCap; s++) {
      const k1 = oldU[s * 4 + 2]!;
      if (k1 === 0) continue;
      let i = this.home(k1 - 1);
      while (u[i * 4 + 2] !== 0) if (++i === to) i = 0;
      this.f64[i * 2] = oldF[s * 2]!;
      u[i * 4 + 2] = k1;
      u[i * 4 + 3] = oldU[s * 4 + 3]!;
      if (oldNd) {
        this.nd![i * 2] = oldNd[s * 2]!;
        this.nd![i * 2 + 1] = oldNd[s * 2 + 1]!;
      }
    }
  }

  value(slot: number): number {
    return this.f64[slot * 2]!;
  }

  line(slot: number): number {
    return this.u32[slot * 4 + 3]!;
  }

  /** Visit every occupied slot (unordered). */
  forEachSlot(fn: (slot: number, key: number) => void): void {
    const u = this.u32;
    for (let s = 0; s < this.cap; s++) {
      const k1 = u[s * 4 + 2]!;
      if (k1 !== 0) fn(s, k1 - 1);
    }
  }
}
