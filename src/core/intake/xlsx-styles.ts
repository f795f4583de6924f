/**
 * A workbook's cell formats (`styles.xml`): which of them show a number as a percentage and which
 * as a date, by built-in format id or by the custom format's code.
 */
import { attr, scanTags } from './xlsx-xml.js';


export interface Styles {
  /** Indexed by a cell's `s` attribute. */
  percent: boolean[];
  date: boolean[];
}

/** Built-in number formats (ECMA-376 18.8.30) that are dates or times. */
const BUILTIN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);
const BUILTIN_PERCENT = new Set([9, 10]);

/** A format's live part: quoted text, escaped characters and bracketed colours/conditions removed. */
function formatCodeShape(code: string): string {
  return code.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/\[[^\]]*\]/g, '').replace(/_./g, '').replace(/\*./g, '');
}

export function readStyles(xml: string): Styles {
  const custom = new Map<number, string>();
  const styles: Styles = { percent: [], date: [] };
  let inCellXfs = false;
  scanTags(xml, 0, (t) => {
    if (t.name === 'numFmt' && !t.close) custom.set(Number(attr(t.attrs, 'numFmtId')), attr(t.attrs, 'formatCode') ?? '');
    else if (t.name === 'cellXfs') inCellXfs = !t.close && !t.empty;
    else if (t.name === 'xf' && inCellXfs && !t.close) {
      const id = Number(attr(t.attrs, 'numFmtId') ?? 0);
      const code = custom.get(id);
      const shape = code === undefined ? '' : formatCodeShape(code);
      styles.percent.push(code === undefined ? BUILTIN_PERCENT.has(id) : shape.includes('%'));
      styles.date.push(code === undefined ? BUILTIN_DATES.has(id) : /[ymdhs]/i.test(shape.replace(/General/gi, '')));
    }
  });
  return styles;
}
