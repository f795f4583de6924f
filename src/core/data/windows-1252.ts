/**
 * Windows-1252 as the WHATWG Encoding Standard (and every browser and spreadsheet) reads it.
 * Node's TextDecoder('windows-1252') decodes like latin1, turning 0x80–0x9F into C1 control
 * characters where the file meant €, ‚, „, …, – and the like.
 */

/** Code points of bytes 0x80–0x9F; the five bytes Windows-1252 leaves undefined keep their own. */
const HIGH = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
  0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
];

/** Decode bytes [start, end) of `src` as Windows-1252. */
export function decodeWindows1252(src: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let k = start; k < end; k++) {
    const b = src[k]!;
    s += String.fromCharCode(b >= 0x80 && b < 0xa0 ? HIGH[b - 0x80]! : b);
  }
  return s;
}
