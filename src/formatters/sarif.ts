import { CODES, docsLink } from '../core/codes.js';
import type { Formatter } from './types.js';

/** The catalogue's Markdown description as plain text (SARIF's shortDescription is plain). */
function plain(text: string): string {
  return text.replace(/`([^`]*)`/g, "'$1'").replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
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
            informationUri: 'https://github.com/concert-tools/concert',
            rules: used.map((id) => ({
              id,
              shortDescription: { text: plain(CODES[id].when) },
              helpUri: docsLink(id),
              defaultConfiguration: { level: CODES[id].severity === 'warning' ? 'warning' : 'error' },
            })),
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
