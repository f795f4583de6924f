/** `concert data status` and `concert export`, end to end through main() in-process. */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLE, FIXTURES, runCli } from '../helpers/run.js';

const tmp = mkdtempSync(join(tmpdir(), 'concert-export-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const valid = join(FIXTURES, 'data-valid');

describe('concert data status', () => {
  it('prints expected vs received as a table', async () => {
    const r = await runCli(['data', 'status', valid, '--today', '2026-01-15']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^partner\s+indicator\s+period\s+due\s+status/);
    expect(r.stdout).toMatch(/schools\s+reading\s+SY2024-25\s+2025-08-30\s+received/);
    expect(r.stdout).toMatch(/library\s+seats\s+2025-Q4\s+2026-01-30\s+not yet due|library\s+seats\s+2025-Q3\s+2025-10-30\s+missing, 77 days late/);
    expect(r.stderr).toBe('');
  });

  it('prints JSON, honours --period and is deterministic', async () => {
    const args = ['data', 'status', valid, '--today', '2026-01-15', '--format', 'json', '--period', '2025-Q1'];
    const r = await runCli(args);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ today: '2026-01-15', period: '2025-Q1' });
    expect(json.rows).toContainEqual({ partner: 'library', indicator: 'seats', period: '2025-Q1', due: '2025-04-30', received: true, daysLate: null, file: 'data/library/seats.csv' });
    expect((await runCli(args)).stdout).toBe(r.stdout);
  });

  it('refuses a bad --period or --today with exit 2', async () => {
    expect((await runCli(['data', 'status', valid, '--period', '2025-13'])).code).toBe(2);
    expect((await runCli(['data', 'status', valid, '--today', '2025-02-30'])).code).toBe(2);
    expect((await runCli(['data', 'status', join(FIXTURES, 'no-such-folder')])).code).toBe(2);
  });

  it('works on the example', async () => {
    const r = await runCli(['data', 'status', EXAMPLE, '--today', '2026-03-01', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).expected).toBeGreaterThan(0);
  });
});

describe('concert export', () => {
  it('writes the tidy CSV with suppression, to stdout', async () => {
    const r = await runCli(['export', valid, '--today', '2026-01-15']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('indicator,period,partner,race,value,numerator,denominator,note');
    expect(lines).toContain('reading,SY2024-25,schools,,50,50,100,Fall test');
    expect(lines).toContain('seats,2025-Q1,library,other,suppressed,,,');
    expect(lines).toContain('reading,SY2024-25,schools,other,50,5,10,');
    const open = await runCli(['export', valid, '--no-suppress', '--today', '2026-01-15']);
    expect(open.stdout).toContain('seats,2025-Q1,library,other,5,,,');
  });

  it('writes JSON atomically to --out, leaving no temp file', async () => {
    const out = join(tmp, 'tidy.json');
    const r = await runCli(['export', valid, '--format', 'json', '--out', out, '--today', '2026-01-15']);
    expect(r).toMatchObject({ code: 0, stdout: '' });
    const rows = JSON.parse(readFileSync(out, 'utf8'));
    expect(rows).toHaveLength(11);
    expect(readdirSync(tmp)).toEqual(['tidy.json']);
    const bad = await runCli(['export', valid, '--out', join(tmp, 'missing', 'x.csv'), '--today', '2026-01-15']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cannot write/);
  });

  it('exits 1 when the data has errors (rows with errors are left out)', async () => {
    const r = await runCli(['export', join(FIXTURES, 'data-conflict'), '--today', '2026-01-15']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/1 error/);
    expect(r.stdout.trim().split('\n')).toHaveLength(3);
  });

  it('exports the example', async () => {
    const r = await runCli(['export', EXAMPLE, '--today', '2026-03-01']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').length).toBeGreaterThan(10);
  });
});

describe('concert validate with data', () => {
  it('reports data problems with file and line, and shows progress only on a TTY', async () => {
    const r = await runCli(['validate', join(FIXTURES, 'data-bad-numbers'), '--format', 'json', '--today', '2026-01-15']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.diagnostics.filter((d: { code: string }) => d.code === 'data-bad-number').map((d: { line: number }) => d.line)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(r.stderr).toBe('');
    const tty = await runCli(['validate', valid, '--today', '2026-01-15'], { tty: true, env: { CONCERT_PROGRESS_AFTER_MS: '0' } });
    expect(tty.stderr).toMatch(/reading data\//);
    // without that, a read this short shows nothing (test/cli/progress-pty.test.ts: the line itself)
    expect((await runCli(['validate', valid, '--today', '2026-01-15'], { tty: true })).stderr).toBe('');
  });
});
