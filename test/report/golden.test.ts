/**
 * The committed example report is what Concert renders: re-render it and compare byte for byte,
 * with only the provenance line masked (it names the commit the test runs at). Regenerate it
 * after a change that shows: `npm run build && node bin/concert.js report examples/eastside-learns
 * --today 2026-11-23 --out examples/eastside-learns/reports/2026-Q3.md`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE, runCli } from '../helpers/run.js';

const COMMIT_LINE = /^Initiative commit .*$/m;

describe("the example's committed report", () => {
  it('reports/2026-Q3.md is what concert report renders today (provenance commit masked)', async () => {
    const r = await runCli(['report', EXAMPLE, '--today', '2026-11-23']);
    expect(r.code, r.stderr).toBe(0);
    const committed = await readFile(join(EXAMPLE, 'reports/2026-Q3.md'), 'utf8');
    expect(committed).toMatch(COMMIT_LINE);
    expect(r.stdout.replace(COMMIT_LINE, 'Initiative commit (masked)')).toBe(committed.replace(COMMIT_LINE, 'Initiative commit (masked)'));
  });
});
