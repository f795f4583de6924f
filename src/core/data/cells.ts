/**
 * The combined figures (SPEC 4.2): per (indicator, period), a block of cells — the total, then
 * each value of each dimension — holding the sum, row count, min, max, numerator and denominator
 * sums of the rows that fell in it, and which partners gave them (a bitset).
 */
import type { Aggregation } from '../model/types.js';
import { MAX_PERIODS } from './keys.js';
import { NumTable } from './num-table.js';
import type { Cell } from './types.js';

/** Float64 fields per cell: [present, sum, rows, min, max, numerator sum, denominator sum, partner bitset index]. */
const FIELDS = 8;

export class CellTable {
  /** (indicator, period) → [key, block number] */
  private readonly blocks = new NumTable(2, 1024);
  private blockCount = 0;
  /**
   * Blocks of `cellsPerBlock` cells in one array, so the rows of one partner's (indicator,
   * period) update neighbouring memory.
   */
  private pool = new Float64Array(FIELDS * 1024);
  private cellCount = 0;
  private partnerBits = new Uint32Array(1024);
  /** Uint32 words per partner bitset. */
  private readonly words: number;
  private lastKey = -1;
  private lastBlock = 0;

  /** `cellsPerBlock`: 1 (the total) + the values of every dimension; `partners` counts "no partner". */
  constructor(readonly cellsPerBlock: number, partners: number) {
    this.words = Math.ceil(partners / 32);
  }

  /** Add a row's figures (at `figures[at]`: value, numerator, denominator) to a cell. */
  add(indicator: number, period: number, cell: number, partner: number, figures: Float64Array, at: number): void {
    const key = indicator * MAX_PERIODS + period;
    // consecutive rows usually share their (indicator, period); the rest stays small enough to inline
    if (key !== this.lastKey) this.useBlock(key);
    const value = figures[at]!;
    const p = this.pool;
    const c = (this.lastBlock * this.cellsPerBlock + cell) * FIELDS;
    let bits: number;
    if (p[c] === 0) {
      p[c] = 1;
      p[c + 1] = value;
      p[c + 2] = 1;
      p[c + 3] = value;
      p[c + 4] = value;
      p[c + 5] = figures[at + 1]!;
      p[c + 6] = figures[at + 2]!;
      bits = this.newPartnerSet();
      p[c + 7] = bits;
    } else {
      p[c + 1] += value;
      p[c + 2]++;
      if (value < p[c + 3]!) p[c + 3] = value;
      if (value > p[c + 4]!) p[c + 4] = value;
      p[c + 5] += figures[at + 1]!;
      p[c + 6] += figures[at + 2]!;
      bits = p[c + 7]!;
    }
    this.partnerBits[bits + (partner >>> 5)]! |= 1 << (partner & 31);
  }

  private useBlock(key: number): void {
    const blocks = this.blocks;
    const slot = blocks.upsert(key);
    if (blocks.inserted) {
      const block = this.blockCount++;
      blocks.data[slot * 2 + 1] = block;
      const need = this.blockCount * this.cellsPerBlock * FIELDS;
      if (need > this.pool.length) {
        const grown = new Float64Array(Math.max(need, this.pool.length * 2));
        grown.set(this.pool);
        this.pool = grown;
      }
      this.lastBlock = block;
    } else this.lastBlock = blocks.data[slot * 2 + 1]!;
    this.lastKey = key;
  }

  /** Index of a new cell's partner bitset. */
  private newPartnerSet(): number {
    const need = ++this.cellCount * this.words;
    if (need > this.partnerBits.length) {
      const grown = new Uint32Array(Math.max(need, this.partnerBits.length * 2));
      grown.set(this.partnerBits);
      this.partnerBits = grown;
    }
    return (this.cellCount - 1) * this.words;
  }

  /** Visit every cell that has rows, unordered by (indicator, period); `cell` is a handle for `combine`. */
  forEach(visit: (indicator: number, period: number, position: number, cell: number) => void): void {
    this.blocks.forEachSlot((slot, key) => {
      const period = key % MAX_PERIODS;
      const indicator = (key - period) / MAX_PERIODS;
      const block = this.blocks.data[slot * 2 + 1]!;
      for (let position = 0; position < this.cellsPerBlock; position++) {
        const cell = block * this.cellsPerBlock + position;
        if (this.pool[cell * FIELDS] !== 0) visit(indicator, period, position, cell);
      }
    });
  }

  /** The combined figure of a cell. */
  combine(cell: number, aggregation: Aggregation, scale: number, partnerNames: string[]): Cell {
    const p = this.pool;
    const c = cell * FIELDS;
    const rows = p[c + 2]!;
    let value: number;
    switch (aggregation) {
      case 'sum': value = p[c + 1]!; break;
      case 'mean': value = p[c + 1]! / rows; break;
      case 'min': value = p[c + 3]!; break;
      case 'max': value = p[c + 4]!; break;
      case 'weighted': value = (p[c + 5]! / p[c + 6]!) * scale; break;
    }
    const bits = p[c + 7]!;
    const combined = new MergedCell(value, rows, this.partnerBits.slice(bits, bits + this.words), partnerNames);
    if (aggregation === 'weighted') {
      combined.numerator = p[c + 5]!;
      combined.denominator = p[c + 6]!;
    }
    return combined;
  }
}

/** A combined figure; the contributing partners are kept as a bitset and listed on demand. */
class MergedCell implements Cell {
  numerator?: number;
  denominator?: number;
  #bits: Uint32Array;
  #names: string[];
  constructor(public value: number, public rows: number, bits: Uint32Array, names: string[]) {
    this.#bits = bits;
    this.#names = names;
  }
  get partners(): string[] {
    const out: string[] = [];
    for (let p = 0; p < this.#bits.length * 32; p++) {
      if (this.#bits[p >>> 5]! & (1 << (p & 31))) out.push(p === 0 ? '' : this.#names[p - 1]!);
    }
    return out.sort();
  }
  toJSON(): Cell {
    const c: Cell = { value: this.value, rows: this.rows, partners: this.partners };
    if (this.numerator !== undefined) c.numerator = this.numerator;
    if (this.denominator !== undefined) c.denominator = this.denominator;
    return c;
  }
}
