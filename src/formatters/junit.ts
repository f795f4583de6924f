import type { Formatter } from './types.js';

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** JUnit XML: one test case per file, a failure per diagnostic (CI dashboards read this). */
export const junit: Formatter = (diagnostics, ctx) => {
  const byFile = new Map<string, typeof diagnostics[number][]>();
  for (const d of diagnostics) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
  const cases = [...byFile].map(([file, list]) => {
    const failures = list
      .map((d) => `      <failure type="${xml(d.code)}" message="${xml(d.message)}">${xml(`${d.severity} ${file}:${d.line}:${d.column} ${d.message}${d.hint ? ` (${d.hint})` : ''}`)}</failure>`)
      .join('\n');
    return `    <testcase classname="concert" name="${xml(file)}">\n${failures}\n    </testcase>`;
  });
  if (cases.length === 0) cases.push(`    <testcase classname="concert" name="${xml(ctx.root)}"/>`);
  const total = diagnostics.length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="concert validate" tests="${Math.max(byFile.size, 1)}" failures="${total}">`,
    `  <testsuite name="${xml(ctx.root)}" tests="${Math.max(byFile.size, 1)}" failures="${total}" errors="0">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
};
