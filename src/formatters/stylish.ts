import { Chalk } from 'chalk';
import { placeText } from '../core/intake/receipt.js';
import { groupByFile } from './group.js';
import type { Formatter } from './types.js';
import { count } from '../core/words.js';

/** Grouped by file, one aligned line per problem, ESLint-style. */
export const stylish: Formatter = (diagnostics, ctx) => {
  const c = new Chalk({ level: ctx.color ? 1 : 0 });
  const lines: string[] = [];
  for (const [file, list] of groupByFile(diagnostics)) {
    lines.push(c.underline(ctx.rootRelative ? `${ctx.rootRelative}/${file}` : file));
    // A loop, not Math.max(...list): a spread of 100,000 arguments overflows the stack.
    let posWidth = 0;
    for (const d of list) posWidth = Math.max(posWidth, placeText(d).length);
    for (const d of list) {
      const pos = placeText(d).padEnd(posWidth);
      const sev = d.severity === 'error' ? c.red('error  ') : c.yellow('warning');
      lines.push(`  ${c.dim(pos)}  ${sev}  ${d.message}  ${c.dim(d.code)}`);
      if (d.hint) lines.push(`  ${' '.repeat(posWidth)}           ${c.cyan('hint:')} ${d.hint}`);
      for (const r of d.related ?? []) lines.push(`  ${' '.repeat(posWidth)}           ${c.dim(`see ${r.file}:${placeText(r)} (${r.message})`)}`);
    }
    lines.push('');
  }
  const total = ctx.errors + ctx.warnings;
  if (total === 0) {
    lines.push(c.green(`✔ ${ctx.root}: no problems`));
  } else {
    const summary = `${count(ctx.errors, 'error')}, ${count(ctx.warnings, 'warning')}`;
    lines.push(ctx.errors > 0 ? c.red.bold(`✖ ${summary}`) : c.yellow.bold(`⚠ ${summary}`));
  }
  return lines.join('\n') + '\n';
};
