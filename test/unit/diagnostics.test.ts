/**
 * Every list of diagnostics goes out through sortDiagnostics: one line per message (SPEC 3), of a
 * bounded length however long the id or cell it quotes (BAD-INPUTS 39).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { sortDiagnostics, type Diagnostic } from '../../src/core/diagnostics.js';
import { FIXTURES, runCli } from '../helpers/run.js';

const at = { file: 'data/a.csv', line: 2, column: 1 } as const;

describe('sortDiagnostics', () => {
  test('a message quoting a line break shows it as ⏎, on one line', () => {
    const [d] = sortDiagnostics([{ ...at, code: 'data-bad-number', severity: 'error', message: "value 'x\r\ny\nz' is not a plain number", hint: 'a\nb' }]);
    expect(d!.message).toBe("value 'x⏎y⏎z' is not a plain number");
    expect(d!.hint).toBe('a⏎b');
  });

  test('a message of 500,000 characters is cut to 400, saying how much was left out', () => {
    const long: Diagnostic = { ...at, code: 'data-unknown-indicator', severity: 'error', message: `'${'x'.repeat(500000)}' is not an indicator`, related: [{ ...at, message: 'y'.repeat(1000) }] };
    const [d] = sortDiagnostics([long]);
    expect(d!.message.length).toBeLessThanOrEqual(400);
    expect(d!.message).toMatch(/^'x+… \(499,682 more characters\)$/);
    expect(d!.related![0]!.message.length).toBeLessThanOrEqual(400);
    // the input is left as it was
    expect(long.message.length).toBe(500022);
  });

  test('the cut never leaves half a character (a surrogate pair stays whole or goes)', () => {
    // 339 letters, then emoji: the cut at 340 falls inside the first emoji
    const [d] = sortDiagnostics([{ ...at, code: 'data-unknown-indicator', severity: 'error', message: `${'x'.repeat(339)}${'😀'.repeat(100)}` }]);
    expect(d!.message.startsWith(`${'x'.repeat(339)}…`)).toBe(true);
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(d!.message)).toBe(false);
  });

  test('short one-line diagnostics come back as they were', () => {
    const d: Diagnostic = { ...at, code: 'data-bad-number', severity: 'error', message: "value '12x' is not a plain number", hint: 'remove the letters' };
    expect(sortDiagnostics([d])[0]).toBe(d);
  });
});

const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

test('validate: a partner id of 500,000 characters gives messages of at most 400 (BAD-INPUTS 39)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'concert-long-id-'));
  temps.push(dir);
  cpSync(join(FIXTURES, 'valid-minimal'), dir, { recursive: true });
  const partners = join(dir, 'partners.yaml');
  writeFileSync(partners, readFileSync(partners, 'utf8').replace('- id: library', `- id: ${'x'.repeat(500000)}`));
  const r = await runCli(['validate', dir, '--no-data', '--format', 'json']);
  expect(r.code).toBe(1);
  const out = JSON.parse(r.stdout) as { diagnostics: Diagnostic[] };
  expect(out.diagnostics.map((d) => d.code)).toContain('partner-without-role');
  for (const d of out.diagnostics) {
    expect(d.message.length).toBeLessThanOrEqual(400);
    expect((d.hint ?? '').length).toBeLessThanOrEqual(400);
  }
});
