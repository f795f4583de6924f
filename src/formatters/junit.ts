import type { Diagnostic } from '../core/diagnostics.js';
import { placeText } from '../core/intake/receipt.js';
import { groupByFile } from './group.js';
import type { Formatter } from './types.js';
import { count } from '../core/words.js';

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');


/**
 * JUnit XML: one test case per file. A file with errors fails, with every problem in the
 * failure's text; a file with only warnings passes, each warning a `<property>`, unless
 * `--strict` (then warnings fail too). The suite's properties state how many errors and
 * warnings were found, including those a capped list does not show.
 */
export const junit: Formatter = (diagnostics, ctx) => {
  const byFile = groupByFile(diagnostics);
  let failed = 0;
  const cases: string[] = [];
  for (const [file, list] of byFile) {
    let errors = 0;
    let warnings = 0;
    for (const d of list) d.severity === 'error' ? (errors += d.count ?? 1) : (warnings += d.count ?? 1);
    const fails = errors > 0 || (ctx.strict === true && warnings > 0);
    const line = (d: Diagnostic) => `${d.severity} ${file}:${placeText(d)} ${d.code}: ${d.message}${d.hint ? ` (${d.hint})` : ''}`;
    const open = `    <testcase classname="concert" name="${xml(file)}"`;
    if (fails) {
      failed++;
      const first = list.find((d) => d.severity === 'error') ?? list[0]!;
      const summary = [errors ? count(errors, 'error') : '', warnings ? count(warnings, 'warning') : ''].filter(Boolean).join(', ');
      cases.push(`${open}>\n      <failure type="${xml(first.code)}" message="${xml(summary)}">${xml(list.map(line).join('\n'))}</failure>\n    </testcase>`);
    } else {
      const props = list.map((d) => `        <property name="warning" value="${xml(line(d))}"/>`);
      cases.push(`${open}>\n      <properties>\n${props.join('\n')}\n      </properties>\n    </testcase>`);
    }
  }
  if (cases.length === 0) cases.push(`    <testcase classname="concert" name="${xml(ctx.root)}"/>`);
  const tests = Math.max(byFile.size, 1);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="concert validate" tests="${tests}" failures="${failed}" errors="0">`,
    `  <testsuite name="${xml(ctx.root)}" tests="${tests}" failures="${failed}" errors="0" skipped="0">`,
    '    <properties>',
    `      <property name="concert.errors" value="${ctx.errors}"/>`,
    `      <property name="concert.warnings" value="${ctx.warnings}"/>`,
    `      <property name="concert.valid" value="${ctx.valid}"/>`,
    '    </properties>',
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
};
