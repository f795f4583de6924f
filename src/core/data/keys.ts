/**
 * Merge keys as numbers: (indicator, period, partner) make a base key, and the dimension values
 * of a row make its combination — a mixed-radix number when every combination fits, else a
 * number handed out per combination seen. Keys stay below 2^53 so they are exact doubles.
 */
import type { Dimension } from '../model/types.js';

/** Distinct periods one run can hold. */
export const MAX_PERIODS = 4096;
/** Dimension combinations beyond this are numbered as they come (row keys must stay below 2^32). */
const MAX_COMBINATIONS = 4096;

export interface BaseKeyParts {
  indicator: number;
  period: number;
  partner: number;
}

export class KeySpace {
  /** Partner numbers: 0 is "no partner", partner i is i + 1. */
  readonly partners: number;
  /** Combination numbers: 0 is the total (no dimension value). */
  readonly combinations: number;
  /** Place value of each dimension in a mixed-radix combination. */
  readonly radix: number[] = [];
  /** Combinations numbered as they come (tuple text → number), when mixed radix would not fit. */
  private readonly numbered: Map<string, number> | null;
  private readonly tuples: Int32Array[] = [];

  constructor(private readonly dimensions: readonly Dimension[], indicators: number, partners: number) {
    this.partners = partners + 1;
    const baseKeys = Math.max(1, indicators) * MAX_PERIODS * this.partners;
    const room = Math.floor(2 ** 53 / baseKeys);
    let product = 1;
    for (const d of dimensions) {
      this.radix.push(product);
      product *= d.values.length + 1;
    }
    if (product <= Math.min(room, MAX_COMBINATIONS)) {
      this.combinations = product;
      this.numbered = null;
    } else {
      this.combinations = Math.min(room, MAX_COMBINATIONS);
      this.numbered = new Map();
    }
  }

  /** Whether combinations are numbered as they come (see `number`) rather than computed. */
  get numbersCombinations(): boolean {
    return this.numbered !== null;
  }

  baseKey(indicator: number, period: number, partner: number): number {
    return (indicator * MAX_PERIODS + period) * this.partners + partner;
  }

  decodeBase(base: number): BaseKeyParts {
    const partner = base % this.partners;
    const rest = (base - partner) / this.partners;
    const period = rest % MAX_PERIODS;
    return { indicator: (rest - period) / MAX_PERIODS, period, partner };
  }

  /**
   * The number of a combination given as value index + 1 per dimension (0 = none), numbering it
   * if new; -1 when there are too many.
   */
  number(tuple: Int32Array): number {
    const text = tuple.join(',');
    let c = this.numbered!.get(text);
    if (c === undefined) {
      c = this.numbered!.size + 1;
      if (c >= this.combinations) return -1;
      this.numbered!.set(text, c);
      this.tuples[c] = Int32Array.from(tuple);
    }
    return c;
  }

  /** Value index + 1 per dimension (0 = total) of a combination. */
  values(combination: number): number[] {
    if (this.numbered) {
      const t = this.tuples[combination];
      return t ? Array.from(t) : this.dimensions.map(() => 0);
    }
    return this.dimensions.map((d, i) => Math.floor(combination / this.radix[i]!) % (d.values.length + 1));
  }

  isTotal(combination: number): boolean {
    return this.values(combination).every((x) => x === 0);
  }

  /** Dimension id → value id of a combination (empty for a total). */
  groups(combination: number): Record<string, string> {
    const out: Record<string, string> = {};
    this.values(combination).forEach((x, d) => {
      if (x > 0) out[this.dimensions[d]!.id] = this.dimensions[d]!.values[x - 1]!.id;
    });
    return out;
  }
}
