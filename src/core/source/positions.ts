/** Where an entity (or a field of it) stands in its YAML file, for any later stage's diagnostics. */
import type { Diagnostic, Severity } from '../diagnostics.js';
import type { Initiative, Located } from '../model/types.js';
import { locate, type PathSegment, type Target } from './locate.js';
import type { ParsedYaml } from './yaml.js';

/**
 * Attach the parsed files to the initiative they were loaded into, as its `sources` field. Not
 * enumerable, so the model still serialises as plain data (JSON, snapshots) without the YAML trees.
 */
export function attachSources(initiative: Initiative, sources: ReadonlyMap<string, ParsedYaml>): void {
  Object.defineProperty(initiative, 'sources', { value: sources, enumerable: false });
}

export function sourceOf(initiative: Initiative, file: string): ParsedYaml | undefined {
  return initiative.sources?.get(file);
}

/** 1-based line and column of `at` (plus `subpath` inside it) in the initiative's sources. */
export function positionOf(initiative: Initiative, at: Located, subpath: readonly PathSegment[] = [], target: Target = 'value'): { file: string; line: number; column: number } {
  const parsed = sourceOf(initiative, at.file);
  const pos = parsed ? locate(parsed, [...at.path, ...subpath], target) : { line: 1, column: 1 };
  return { file: at.file, ...pos };
}

/** A diagnostic pointing at `at` + `subpath`. */
export function diagnosticAt(
  initiative: Initiative,
  code: Diagnostic['code'],
  severity: Severity,
  at: Located,
  subpath: readonly PathSegment[],
  message: string,
  hint?: string,
  target: Target = 'value',
): Diagnostic {
  return { code, severity, ...positionOf(initiative, at, subpath, target), message, ...(hint ? { hint } : {}) };
}
