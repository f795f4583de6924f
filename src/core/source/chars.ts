/**
 * Characters a data manager cannot see, or cannot tell from the ones they meant: named in
 * messages (YAML values and CSV cells alike) and cleaned from ids.
 */

/** Characters a data manager cannot see, or cannot tell from the ones they meant (SPEC 1 ids are ASCII slugs). */
const CHAR_NAMES: Record<number, string> = {
  0x00: 'NUL', 0x09: 'tab', 0x0a: 'line break', 0x0d: 'carriage return', 0x1b: 'escape', 0x20: 'space', 0x7f: 'delete',
  0xa0: 'no-break space', 0xad: 'soft hyphen', 0x034f: 'combining grapheme joiner', 0x061c: 'Arabic letter mark',
  0x180e: 'Mongolian vowel separator', 0x2007: 'figure space', 0x200b: 'zero-width space', 0x200c: 'zero-width non-joiner',
  0x200d: 'zero-width joiner', 0x200e: 'left-to-right mark', 0x200f: 'right-to-left mark', 0x2028: 'line separator',
  0x2029: 'paragraph separator', 0x202f: 'narrow no-break space', 0x205f: 'medium mathematical space', 0x2060: 'word joiner',
  0x3000: 'ideographic space', 0xfeff: 'byte order mark', 0xfffd: 'replacement character',
  0x2010: 'hyphen', 0x2011: 'non-breaking hyphen', 0x2012: 'figure dash', 0x2013: 'en dash', 0x2014: 'em dash', 0x2212: 'minus sign',
};

/** Letters from other scripts that look like Latin ones, and dashes that look like a hyphen. */
const LOOKALIKES: Record<string, string> = {
  // Cyrillic
  'а': 'a', 'е': 'e', 'һ': 'h', 'і': 'i', 'ј': 'j', 'к': 'k', 'о': 'o', 'р': 'p', 'с': 'c', 'ѕ': 's', 'у': 'y', 'х': 'x',
  'ԁ': 'd', 'ԛ': 'q', 'ԝ': 'w', 'ӏ': 'l',
  // Greek
  'α': 'a', 'ι': 'i', 'κ': 'k', 'ν': 'v', 'ο': 'o', 'ρ': 'p', 'υ': 'u', 'χ': 'x',
  // dashes
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2212': '-', '\ufe63': '-', '\uff0d': '-',
};

/** The ASCII letter, digit or hyphen `ch` passes for (full-width and mathematical forms too), if any. */
function lookalikeOf(ch: string): string | undefined {
  if (LOOKALIKES[ch] !== undefined) return LOOKALIKES[ch];
  const k = ch.normalize('NFKC');
  return k !== ch && /^[a-z0-9-]$/.test(k) ? k : undefined;
}

const SCRIPT_OF: [RegExp, string][] = [
  [/\p{Script=Cyrillic}/u, 'Cyrillic'],
  [/\p{Script=Greek}/u, 'Greek'],
];

/** Invisible: control and format characters, and every space but the plain one. */
export function isInvisible(ch: string): boolean {
  return /^[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]$/u.test(ch) || (/^\p{Zs}$/u.test(ch) && ch !== ' ') || ch === '\u034f' || ch === '\u180e';
}

/** 'U+200B' */
export function codePoint(ch: string): string {
  return 'U+' + ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
}

/** "an invisible character, U+200B (zero-width space)", "'а' (U+0430, a Cyrillic letter), which looks like the Latin 'a'". */
export function describeChar(ch: string): string {
  const cp = ch.codePointAt(0)!;
  const name = CHAR_NAMES[cp];
  if (ch === ' ') return 'a space';
  if (ch === '\t') return 'a tab';
  const lookalike = lookalikeOf(ch);
  if (lookalike === '-') return `'${ch}' (${codePoint(ch)}${name ? `, ${name}` : ''}), which looks like a hyphen`;
  if (lookalike !== undefined) {
    const script = SCRIPT_OF.find(([re]) => re.test(ch))?.[1];
    return `'${ch}' (${codePoint(ch)}${script ? `, a ${script} letter` : ''}), which looks like the Latin '${lookalike}'`;
  }
  if (isInvisible(ch)) {
    const kind = /^\p{Zs}$/u.test(ch) ? 'a space character' : /^\p{Cc}$/u.test(ch) ? 'a control character' : 'an invisible character';
    return `${kind}, ${codePoint(ch)}${name ? ` (${name})` : ''}`;
  }
  return `'${ch}' (${codePoint(ch)})`;
}

/** The text with invisible characters written out as <U+200B>, so a message shows what is there. */
export function visible(text: string): string {
  let out = '';
  for (const ch of text) out += isInvisible(ch) && ch !== ' ' ? `<${codePoint(ch)}>` : ch;
  return out;
}

/**
 * What an id most likely meant: invisible characters removed, surrounding spaces trimmed,
 * look-alike letters and dashes replaced. Anything else is left as it is.
 */
export function cleanId(text: string): string {
  if (/^[a-z0-9-]*$/.test(text)) return text; // a well-formed id, the common case: nothing to clean
  let out = '';
  for (const ch of text) {
    const lookalike = lookalikeOf(ch);
    if (lookalike !== undefined) out += lookalike;
    else if (!isInvisible(ch) || /^\p{Zs}$/u.test(ch) || ch === '\t') out += ch;
  }
  return out.replace(/^[\s\p{Zs}]+|[\s\p{Zs}]+$/gu, '');
}

/** The first character of `text` an id may not hold (index in UTF-16 units), or null. */
export function firstStrangeChar(text: string): { index: number; ch: string } | null {
  let index = 0;
  for (const ch of text) {
    if (isInvisible(ch) || ch === ' ' || lookalikeOf(ch) !== undefined || (/^\p{L}$/u.test(ch) && !/^[\x00-\x7f]$/.test(ch))) return { index, ch };
    index += ch.length;
  }
  return null;
}

