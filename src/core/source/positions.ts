/** Where an entity (or a field of it) stands in its YAML file, for any later stage's diagnostics. */
import type { Diagnostic, Severity } from '../diagnostics.js';
import type { Initiative, Located } from '../model/types.js';
import { locate, type PathSegment, type Target } from './locate.js';
import type { ParsedYaml } from './yaml.js';

const sourcesOf = new WeakMap<Initiative, Map<string, ParsedYaml>>();

export function registerSources(initiative: Initiative, sources: Map<string, ParsedYaml>): void {
  sourcesOf.set(initiative, sources);
}

export function sourceOf(initiative: Initiative, file: string): ParsedYaml | undefined {
  return sourcesOf.get(initiative)?.get(file);
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
