/**
 * A spreadsheet cell's figure as a canonical plain decimal (SPEC 4.1): numbers the spreadsheet
 * stores are written out exactly (to Excel's 15 significant digits); numbers typed as text are
 * read by the map's number style (decimal comma, `%`, currency, thousands separators).
 */
import { parseDecimal } from '../data/decimal.js';
import type { GridCell } from './grid.js';
import type { NumberStyle } from './map.js';

/** Already a canonical decimal: no leading zeros, no trailing fractional zeros. */
const CANONICAL = /^-?(0|[1-9]\d{0,14})(\.\d{0,14}[1-9])?$/;
const CURRENCY = /^([-+]?)\s*[$€£¥]\s*|\s*[$€£¥]$/g;

/**
 * The figure in `cell` as plain decimal text, or undefined when it is not a number in the map's
 * style (the merge then reports it, at the cell). `percentIndicator`: the row's indicator has unit
 * `percent`, so a cell formatted as a percentage (a fraction) is scaled to 0–100 and `%` is stripped.
 */
export function figureOf(cell: GridCell, style: NumberStyle, percentIndicator: boolean): string | undefined {
  if (cell.number !== undefined) return plainDecimal(cell.number, cell.percent && percentIndicator ? 2 : 0);
  return figureOfText(cell.text, style, percentIndicator);
}

/** Text typed by a partner, read by the map's number style. */
export function figureOfText(raw: string, style: NumberStyle, percentIndicator: boolean): string | undefined {
  let t = raw.trim();
  if (style.decimal === 'point' && CANONICAL.test(t)) return t;
  if (style.percent ?? percentIndicator) t = t.replace(/\s*%$/, '');
  if (style.currency) t = t.replace(CURRENCY, '$1');
  if (style.thousands) {
    const grouped = style.decimal === 'comma' ? /^-?\d{1,3}([. '\u00a0\u202f])\d{3}(\1\d{3})*(,\d+)?$/ : /^-?\d{1,3}([, '\u00a0\u202f])\d{3}(\1\d{3})*(\.\d+)?$/;
    const m = grouped.exec(t);
    if (m) t = t.split(m[1]!).join('');
  }
  if (style.decimal === 'comma') {
    if (t.includes('.')) return undefined;
    t = t.replace(',', '.');
  }
  const n = parseDecimal(t);
  return Number.isNaN(n) ? undefined : t.replace(/^(-?)0+(?=\d)/, '$1').replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

/**
 * Which `numbers:` setting of the map would read `raw`, said as a hint; undefined when none
 * would (the text is not a number in any style: `N/A`, `about 40`).
 */
export function numberStyleHint(raw: string, style: NumberStyle): string | undefined {
  const tries: [Partial<NumberStyle>, string][] = [
    [{ percent: true }, 'percent: true'],
    [{ currency: true }, 'currency: true'],
    [{ thousands: true }, 'thousands: true'],
    [{ decimal: 'comma' }, 'decimal: comma'],
    [{ decimal: 'comma', thousands: true }, 'decimal: comma, thousands: true'],
    [{ decimal: 'comma', percent: true }, 'decimal: comma, percent: true'],
    [{ percent: true, thousands: true }, 'percent: true, thousands: true'],
    [{ currency: true, thousands: true }, 'currency: true, thousands: true'],
    [{ currency: true, decimal: 'comma', thousands: true }, 'currency: true, decimal: comma, thousands: true'],
  ];
  for (const [change, words] of tries) {
    if (figureOfText(raw, { ...style, ...change }, false) !== undefined) return `if the sheet writes numbers this way, say so in the map: numbers: { ${words} }`;
  }
  return undefined;
}

/**
 * `n` × 10^shift as plain decimal text, never in exponent form: 0.125 shifted by 2 is `12.5`
 * (not 12.500000000000002), 1e21 is `1000000000000000000000`.
 */
export function plainDecimal(n: number, shift = 0): string {
  if (!Number.isFinite(n)) return String(n);
  const s = String(Number(n.toPrecision(15)));
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(s)!;
  const sign = m[1]!;
  let digits = m[2]! + (m[3] ?? '');
  let point = m[2]!.length + Number(m[4] ?? 0) + shift;
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  } else if (point > digits.length) digits += '0'.repeat(point - digits.length);
  const int = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  const frac = digits.slice(point).replace(/0+$/, '');
  const text = frac ? `${int}.${frac}` : int;
  return sign && /[1-9]/.test(text) ? `-${text}` : text;
}
