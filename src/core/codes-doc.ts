/**
 * `npm run docs`: write the tables of diagnostic codes and of rules into docs/format.md, between
 * its `<!-- codes:… -->` and `<!-- rules:… -->` markers, from the catalogue (codes.ts) and the
 * rules' own `meta`. A test checks the committed file is in step.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { codesTable, docsAnchor } from './codes.js';
import { RULES } from './rules/index.js';

export const FORMAT_DOC = fileURLToPath(new URL('../../docs/format.md', import.meta.url));

function rulesTable(): string {
  const rows = RULES.map((r) => `| \`${r.name}\` | ${r.meta.description} | ${r.meta.codes.map((c) => `[\`${c}\`](#${docsAnchor(c)})`).join(', ')} |`);
  return ['| rule | makes sure that | codes |', '|------|-----------------|-------|', ...rows].join('\n');
}

function between(doc: string, name: string, table: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  if (i < 0 || j < i) throw new Error(`docs/format.md has no ${start} … ${end} markers`);
  return `${doc.slice(0, i + start.length)}\n${table}\n${doc.slice(j)}`;
}

/** docs/format.md with both generated tables replaced by what the code says. */
export function withGeneratedTables(doc: string): string {
  return between(between(doc, 'codes', codesTable()), 'rules', rulesTable());
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(FORMAT_DOC, withGeneratedTables(readFileSync(FORMAT_DOC, 'utf8')));
}
