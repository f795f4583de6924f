import { placeText } from '../core/intake/receipt.js';
import type { Formatter } from './types.js';

/** Workflow command escaping (data and properties differ: see actions/toolkit's command.ts). */
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * GitHub Actions annotations, in SPEC 3's shape `::error file=…,line=…,col=…::message`; the
 * message ends with the hint in parentheses and the code in brackets, as actionlint does.
 */
export const github: Formatter = (diagnostics, ctx) =>
  diagnostics
    .map((d) => {
      const file = ctx.rootRelative ? `${ctx.rootRelative}/${d.file}` : d.file;
      const props = `file=${escapeProperty(file)},line=${d.line},col=${d.column}`;
      // A spreadsheet has no lines: the annotation names the sheet and cell (`'Survey results'!C5`).
      const text = d.cell !== undefined ? `${placeText(d)}: ${d.message}` : d.message;
      const message = `${d.hint ? `${text} (${d.hint})` : text} [${d.code}]`;
      return `::${d.severity} ${props}::${escapeData(message)}\n`;
    })
    .join('');
