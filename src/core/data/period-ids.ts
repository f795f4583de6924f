/**
 * The periods named in the data: each distinct text is interned once (straight from the bytes)
 * and parsed once; valid periods get a dense index, which is what merge keys hold.
 */
import { comparePeriods, parsePeriod, type Period } from '../periods.js';
import { decodeBytes } from './csv-reader.js';
import { ByteInterner } from './interner.js';

/** Distinct texts that are not periods kept before the rest are refused (hostile data). */
const MAX_BAD_TEXTS = 10000;
/** What `idOf` returns once too many distinct non-periods were seen. */
export const TOO_MANY_PERIOD_TEXTS = -2;

export class PeriodIds {
  private readonly texts = new ByteInterner();
  /** text id → index in `list`, or -1 when the text is not a period */
  private readonly indexOfText: number[] = [];
  readonly list: Period[] = [];

  constructor(private readonly schoolYearStart: number) {}

  /** The text id of the field src[start, end), or TOO_MANY_PERIOD_TEXTS. */
  idOf(src: Uint8Array, start: number, end: number): number {
    const id = this.texts.lookup(src, start, end);
    return id >= 0 ? id : this.add(src, start, end);
  }

  private add(src: Uint8Array, start: number, end: number): number {
    const text = decodeBytes(src, start, end, false).trim();
    const p = parsePeriod(text, this.schoolYearStart);
    if (!p && this.texts.size > MAX_BAD_TEXTS) return TOO_MANY_PERIOD_TEXTS;
    const id = this.texts.add(text);
    if (p) {
      this.indexOfText[id] = this.list.length;
      this.list.push(p);
    } else this.indexOfText[id] = -1;
    return id;
  }

  /** The period index of a text id, or -1 when the text is not a period. */
  index(id: number): number {
    return this.indexOfText[id]!;
  }

  /** The period index of a period's text, or -1. */
  indexOf(text: string): number {
    const id = this.texts.lookupExact(Buffer.from(text), 0, Buffer.byteLength(text));
    return id < 0 ? -1 : (this.indexOfText[id] ?? -1);
  }

  /** Period indexes in chronological order (ties in the order they were first seen). */
  chronological(): number[] {
    return this.list.map((_, i) => i).sort((a, b) => comparePeriods(this.list[a]!, this.list[b]!));
  }

  /** Chronological rank of each period index; periods that compare equal share a rank. */
  ranks(): Int32Array {
    const rank = new Int32Array(this.list.length);
    const order = this.chronological();
    let r = 0;
    order.forEach((p, i) => {
      if (i > 0 && comparePeriods(this.list[order[i - 1]!]!, this.list[p]!) !== 0) r++;
      rank[p] = r;
    });
    return rank;
  }
}
