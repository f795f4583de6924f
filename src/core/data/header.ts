/** Header names of a data drop: normalised, then mapped to the canonical columns (SPEC 4.1). */

const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const ODD_SPACES = /[\u00A0\u2000-\u200A\u202F\u205F\u3000]/g;

/** NFC, invisible characters stripped, odd spaces made plain, trimmed, lower-cased. */
export function normaliseHeader(name: string): string {
  return name.normalize('NFC').replace(INVISIBLE, '').replace(ODD_SPACES, ' ').trim().toLowerCase();
}

export const CANONICAL_COLUMNS = ['indicator', 'period', 'value', 'numerator', 'denominator', 'partner', 'note'] as const;
export type CanonicalColumn = (typeof CANONICAL_COLUMNS)[number];
