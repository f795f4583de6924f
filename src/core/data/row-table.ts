/**
 * The merged rows: one 16-byte slot per distinct merge key — the value (float64), the key and
 * the line (uint32 each) — in one buffer, so an insert costs one cache line. Keys are small
 * integers (a dense id of the (indicator, period, partner) base × the dimension combination).
 * Weighted initiatives keep numerators and denominators in a side array; rows with notes keep
 * a note's number (see NoteTexts) in another, made when the first note comes.
 *
 * Base ids are handed out in arrival order, so the keys of most drops are dense and come
 * roughly in order: while they fill enough of their range, a key's slot is the key itself
 * (direct addressing) and rows arriving one after another are written one after another,
 * instead of missing the cache at a random place of a 100 MB table. Slots past the keys seen
 * are never touched, so they cost no memory. When the keys are too sparse for that (a drop of
 * totals only, with many dimension combinations), the table turns to hashing them.
 */

const LOAD = 0.75;
/** Least share of the key range (0 … largest key) in use for direct addressing to go on. */
const MIN_DIRECT_DENSITY = 0.4;
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
  /** note number + 1 per slot (0: none), once a row has a note */
  private notes: Int32Array | null = null;
  private cap = 0;
  /** Slot = key; else keys are hashed, with linear probing. */
  private direct = true;
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
    this.notes = this.notes ? new Int32Array(cap) : null;
    this.cap = cap;
  }

  get capacity(): number {
    return this.cap;
  }

  /** Whether slots are keys (see above); false once the keys were found too sparse. */
  get directlyAddressed(): boolean {
    return this.direct;
  }

  private home(key: number): number {
    return Math.floor((mix32(key) * this.cap) / 4294967296);
  }

  /** Read the slot of `key` (warms the cache before a batch of upserts). */
  touch(key: number): number {
    if (this.direct) return key < this.cap ? this.u32[key * 4 + 2]! : 0;
    return this.u32[this.home(key) * 4 + 2]!;
  }

  find(key: number): number {
    const u = this.u32;
    const k1 = key + 1;
    if (this.direct) return key < this.cap && u[key * 4 + 2] === k1 ? key : -1;
    const cap = this.cap;
    let i = this.home(key);
    for (;;) {
      const k = u[i * 4 + 2]!;
      if (k === k1) return i;
      if (k === 0) return -1;
      if (++i === cap) i = 0;
    }
  }

  upsert(key: number): number {
    if (this.direct) {
      if (key >= this.cap) this.makeRoomFor(key);
      if (this.direct) {
        const u = this.u32;
        if (u[key * 4 + 2] !== 0) {
          this.inserted = false;
          return key;
        }
        u[key * 4 + 2] = key + 1;
        this.size++;
        this.inserted = true;
        return key;
      }
    }
    if (this.size + 1 > this.cap * LOAD) this.rebuild(this.cap * 2, false);
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

  /** A key past the last slot of a direct table: grow while the keys fill enough of their range, else hash them. */
  private makeRoomFor(key: number): void {
    if ((this.size + 1) / (key + 1) >= MIN_DIRECT_DENSITY) this.rebuild(Math.max(this.cap * 2, Math.ceil((key + 1) * 1.5)), true);
    else this.rebuild(Math.max(this.cap, Math.ceil((this.size + 1) / LOAD)), false);
  }

  reserve(n: number): void {
    if (n > this.cap * LOAD) this.rebuild(Math.ceil(n / LOAD), this.direct);
  }

  /** Move every row into a table of `cap` slots, directly addressed or hashed. */
  private rebuild(cap: number, direct: boolean): void {
    const oldF = this.f64;
    const oldU = this.u32;
    const oldNd = this.nd;
    const oldNotes = this.notes;
    const oldCap = this.cap;
    this.alloc(cap);
    this.direct = direct;
    const u = this.u32;
    for (let s = 0; s < oldCap; s++) {
      const k1 = oldU[s * 4 + 2]!;
      if (k1 === 0) continue;
      let i = k1 - 1;
      if (!direct) {
        i = this.home(k1 - 1);
        while (u[i * 4 + 2] !== 0) if (++i === cap) i = 0;
      }
      this.f64[i * 2] = oldF[s * 2]!;
      u[i * 4 + 2] = k1;
      u[i * 4 + 3] = oldU[s * 4 + 3]!;
      if (oldNd) {
        this.nd![i * 2] = oldNd[s * 2]!;
        this.nd![i * 2 + 1] = oldNd[s * 2 + 1]!;
      }
      if (oldNotes) this.notes![i] = oldNotes[s]!;
    }
  }

  value(slot: number): number {
    return this.f64[slot * 2]!;
  }

  line(slot: number): number {
    return this.u32[slot * 4 + 3]!;
  }

  /** Whether any row has a note. */
  get hasNotes(): boolean {
    return this.notes !== null;
  }

  /** The note number of a slot, or -1. */
  note(slot: number): number {
    return this.notes ? this.notes[slot]! - 1 : -1;
  }

  /** Give a slot its note, unless it has one (the first note of a key is kept). */
  keepNote(slot: number, note: number): void {
    const notes = (this.notes ??= new Int32Array(this.cap));
    if (notes[slot] === 0) notes[slot] = note + 1;
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
