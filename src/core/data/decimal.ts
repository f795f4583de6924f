/**
 * Strict plain-decimal numbers (SPEC 4.1): `-3`, `0.5`, `1234.5`, surrounding spaces trimmed.
 * Never parseFloat/Number on raw input: `1,234.5`, `12%`, `0x10`, `1e3`, `N/A` are all rejected.
 */

const POW10: number[] = [];
for (let i = 0; i <= 22; i++) POW10.push(10 ** i);

const TWO53 = 2 ** 53;

/**
 * Parse bytes [start, end) of `src` as a plain decimal (spaces and tabs around it allowed).
 * Returns NaN when the field is not one, and also for an empty field (the caller tells those apart
 * with `isBlank`). The result equals what `Number()` gives for the same accepted text.
 */
export function parseDecimalBytes(src: Uint8Array, start: number, end: number): number {
  while (start < end && (src[start] === 32 || src[start] === 9)) start++;
  while (end > start && (src[end - 1] === 32 || src[end - 1] === 9)) end--;
  if (start === end) return NaN;
  let i = start;
  let negative = false;
  if (src[i] === 45) {
    negative = true;
    i++;
  }
  let mantissa = 0;
  let intDigits = 0;
  while (i < end) {
    const d = src[i]! - 48;
    if (d < 0 || d > 9) break;
    mantissa = mantissa * 10 + d;
    intDigits++;
    i++;
  }
  if (intDigits === 0) return NaN;
  let fracDigits = 0;
  if (i < end) {
    if (src[i] !== 46) return NaN;
    i++;
    while (i < end) {
      const d = src[i]! - 48;
      if (d < 0 || d > 9) return NaN;
      mantissa = mantissa * 10 + d;
      fracDigits++;
      i++;
    }
    if (fracDigits === 0) return NaN;
  }
  let value: number;
  if (mantissa < TWO53 && fracDigits <= 22) {
    // Both operands exact, so the quotient is correctly rounded: the same double as Number(text).
    value = fracDigits === 0 ? mantissa : mantissa / POW10[fracDigits]!;
  } else {
    let text = '';
    for (let k = start; k < end; k++) text += String.fromCharCode(src[k]!);
    return Number(text);
  }
  return negative ? (value === 0 ? 0 : -value) : value;
}

const encoder = new TextEncoder();

/** The same rules for a string (used for YAML-side values and tests). */
export function parseDecimal(text: string): number {
  const bytes = encoder.encode(text);
  return parseDecimalBytes(bytes, 0, bytes.length);
}

/** A hint for a value that is not a plain number, in the data manager's words. */
export function badNumberHint(raw: string): string | undefined {
  const t = raw.trim();
  if (/%/.test(t)) return 'percent sign? write 12.5, not 12.5%';
  if (/^[-+]?[$€£¥]|[$€£¥]$/.test(t)) return 'currency symbol? write the plain number, like 1200';
  if (/^-?\d{1,3}(\.\d{3})+,\d+$/.test(t)) return 'decimal comma and thousands separator? write 1234.5, not 1.234,5';
  if (/^-?\d{1,3}([,.' \u00a0]\d{3})+([.,]\d+)?$/.test(t) && /[,' \u00a0]/.test(t)) return 'thousands separator? write 1234.5, not 1,234.5';
  if (/^-?\d+,\d+$/.test(t)) return 'decimal comma? write 0.5, not 0,5';
  if (/^(n\/?a|na|null|none|-+|\?|x|\*)$/i.test(t)) return 'leave the cell empty when there is no figure';
  if (/^[-+]?\d*\.?\d+e[-+]?\d+$/i.test(t)) return 'scientific notation? write the plain number';
  if (/^\+\d/.test(t)) return 'drop the plus sign';
  if (/^-?\.\d+$/.test(t)) return 'write a digit before the point, like 0.5';
  if (/^-?\d+\.$/.test(t)) return 'drop the trailing point';
  return undefined;
}
