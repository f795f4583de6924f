import { CODES, DOCS_URL, docsLink, type DiagnosticCode } from '../core/codes.js';
import { VERSION } from '../core/version.js';
import type { Formatter } from './types.js';

/** The catalogue's Markdown description as plain text (SARIF's shortDescription is plain). */
function plain(text: string): string {
  return text.replace(/`([^`]*)`/g, "'$1'").replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
}

/** The catalogue's Markdown with its in-page links (`(#periods)`) made absolute: the help is shown away from the docs. */
function markdown(text: string): string {
  return text.replace(/\]\(#([^)]*)\)/g, `](${DOCS_URL}#$1)`);
}

/**
 * A rule's descriptor, every word from the catalogue (codes.ts): GitHub code scanning requires
 * `fullDescription` and `help` (Multitool's GH2012), and shows `help` beside each alert.
 */
function rule(id: DiagnosticCode) {
  const { when, severity } = CODES[id];
  return {
    id,
    shortDescription: { text: plain(when) },
    fullDescription: { text: `${plain(when)} (${severity})`, markdown: `${markdown(when)} (${severity})` },
    help: { text: `${plain(when)} (${severity}): ${docsLink(id)}`, markdown: `${markdown(when)} (${severity}): [\`${id}\`](${docsLink(id)})` },
    helpUri: docsLink(id),
    defaultConfiguration: { level: severity === 'warning' ? 'warning' : 'error' },
  };
}

/** SARIF 2.1.0, for GitHub code scanning and other static-analysis viewers. */
export const sarif: Formatter = (diagnostics, ctx) => {
  const used = [...new Set(diagnostics.map((d) => d.code))].sort();
  const ruleIndex = new Map(used.map((id, i) => [id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'concert',
            version: VERSION,
            semanticVersion: VERSION,
            informationUri: 'https://github.com/concert-tools/concert',
            rules: used.map(rule),
          },
        },
        // How many problems were found, also those a capped list leaves out (SPEC 9).
        properties: { errors: ctx.errors, warnings: ctx.warnings },
        results: diagnostics.map((d) => ({
          ruleId: d.code,
          ruleIndex: ruleIndex.get(d.code)!,
          level: d.severity,
          message: { text: d.hint ? `${d.message} (${d.hint})` : d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: ctx.rootRelative ? `${ctx.rootRelative}/${d.file}` : d.file },
                region: { startLine: d.line, startColumn: d.column },
              },
            },
          ],
          ...(d.related?.length
            ? {
                relatedLocations: d.related.map((r, i) => ({
                  id: i,
                  message: { text: r.message },
                  physicalLocation: { artifactLocation: { uri: ctx.rootRelative ? `${ctx.rootRelative}/${r.file}` : r.file }, region: { startLine: r.line, startColumn: r.column } },
                })),
              }
            : {}),
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
};
