/** The check every fixture table makes of one `concert validate --format json` run. */
import { expect } from 'vitest';
import type { RunResult } from './run.js';

export type Expected = [code: string, file: string, line: number, column: number];

export interface DiagnosticCase {
  exit: number;
  /** Exactly these diagnostics (order-insensitive), by code and position. */
  diagnostics: Expected[];
  /** A fragment each message (in the order of `diagnostics`) must contain; undefined skips one. */
  messages?: (string | undefined)[];
  /** The exact hint of each (in the order of `diagnostics`); undefined skips one. */
  hints?: (string | undefined)[];
  /** The severity of each, when the table states it. */
  severities?: (string | undefined)[];
}

export interface JsonDiagnostic {
  code: string;
  severity: string;
  file: string;
  line: number;
  column: number;
  message: string;
  hint?: string;
}

export interface JsonReport {
  valid: boolean;
  errors: number;
  warnings: number;
  diagnostics: JsonDiagnostic[];
}

/** Nothing on stderr, exactly the expected diagnostics with their messages and hints, the exit code. */
export function expectDiagnostics(r: RunResult, c: DiagnosticCase): JsonReport {
  expect(r.stderr).toBe('');
  const report = JSON.parse(r.stdout) as JsonReport;
  const got = report.diagnostics.map((d) => [d.code, d.file, d.line, d.column]);
  expect(got).toEqual(expect.arrayContaining(c.diagnostics));
  expect(got).toHaveLength(c.diagnostics.length);
  c.diagnostics.forEach(([code, file, line, column], i) => {
    const fragment = c.messages?.[i] ?? '';
    const d = report.diagnostics.find((x) => x.code === code && x.file === file && x.line === line && x.column === column && x.message.includes(fragment));
    expect(d, `a ${code} at ${file}:${line}:${column} saying "${fragment}"; got ${JSON.stringify(report.diagnostics.map((x) => x.message))}`).toBeDefined();
    const hint = c.hints?.[i];
    if (hint !== undefined) expect(d!.hint).toBe(hint);
    const severity = c.severities?.[i];
    if (severity !== undefined) expect(d!.severity).toBe(severity);
  });
  expect(report.valid).toBe(report.errors === 0);
  expect(r.code).toBe(c.exit);
  return report;
}
