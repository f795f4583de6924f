/**
 * SARIF that GitHub code scanning accepts (issue 9 item 6): Microsoft's SARIF Multitool, with
 * the SARIF rules and GitHub's ingestion rules (`--rule-kind "Sarif;Gh"`), reports no error and
 * no warning on what `concert validate --format sarif` prints. The tool (a .NET binary, ~100 MB)
 * is not a dependency of Concert: `.ci/run` installs it outside node_modules and exports
 * SARIF_MULTITOOL; without it these tests say they are skipped.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLE, FIXTURES, runCli } from '../helpers/run.js';

const CACHED = join(homedir(), '.cache/concert-ci-tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool');
const TOOL = [process.env['SARIF_MULTITOOL'], CACHED].find((p): p is string => !!p && existsSync(p));
if (!TOOL) console.warn(`SARIF Multitool not found (SARIF_MULTITOOL or ${CACHED}): the SARIF validation tests are skipped; .ci/run installs it`);

const dir = mkdtempSync(join(tmpdir(), 'concert-sarif-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The Multitool's findings on Concert's SARIF for one initiative, as `level RULE` lines. */
async function findings(name: string, initiative: string): Promise<{ output: string; problems: string[] }> {
  const r = await runCli(['validate', initiative, '--format', 'sarif', '--today', '2026-11-23']);
  expect(r.stderr).toBe('');
  const file = join(dir, `${name}.sarif`);
  writeFileSync(file, r.stdout);
  const run = spawnSync(TOOL!, ['validate', file, '--rule-kind', 'Sarif;Gh', '--level', 'Error;Warning'], {
    encoding: 'utf8',
    // No ICU needed (CI images may lack libicu); the tool's own telemetry off.
    env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
    timeout: 60_000,
  });
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
  expect(run.error, output).toBeUndefined();
  // The tool exits 0 even when it finds errors: read what it says.
  expect(output, output).toContain('1 files scanned');
  expect(output, output).toContain('Analysis completed successfully');
  const problems = [...output.matchAll(/: (error|warning) ([A-Z]+\d+):/g)].map((m) => `${m[1]} ${m[2]}`);
  return { output, problems };
}

describe.skipIf(!TOOL)('SARIF Multitool accepts --format sarif (GitHub code scanning rules)', () => {
  it('a broken initiative (errors, warnings, hints): zero errors, zero warnings', async () => {
    const { output, problems } = await findings('unknown-reference', join(FIXTURES, 'unknown-reference'));
    expect(problems, output).toEqual([]);
  });

  it('related locations (a data conflict names both places): zero errors, zero warnings', async () => {
    const { output, problems } = await findings('data-conflict', join(FIXTURES, 'data-conflict'));
    expect(problems, output).toEqual([]);
  });

  it('the bundled example: zero errors, zero warnings', async () => {
    const { output, problems } = await findings('example', EXAMPLE);
    expect(problems, output).toEqual([]);
  });
});
