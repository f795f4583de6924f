/** What every rule gets: the model, and one way to report a problem at a place in the YAML. */
import { CODES, type DiagnosticCode } from '../codes.js';
import type { Diagnostic, Severity } from '../diagnostics.js';
import type { Initiative, Located } from '../model/types.js';
import type { PathSegment, Target } from '../source/locate.js';
import { diagnosticAt } from '../source/positions.js';

export interface ReportOptions {
  hint?: string;
  target?: Target;
  related?: Diagnostic['related'];
  /** Only for codes the catalogue lists as "error or warning"; otherwise the catalogue decides. */
  severity?: Severity;
  /** Point here instead of at `at` + `subpath` (a file's name: line 1, column 1). */
  position?: { line: number; column: number };
}

export interface RuleContext {
  initiative: Initiative;
  /** File kinds that could not be read whole: references into them are not judged. */
  incomplete: ReadonlySet<string>;
  report(code: DiagnosticCode, at: Located, subpath: readonly PathSegment[], message: string, options?: ReportOptions): void;
}

/** What a rule is and may report, as ESLint's rules carry `meta`: listed in the docs, checked when it runs. */
export interface RuleMeta {
  /** One line: what the rule makes sure of. */
  description: string;
  /** The codes it may report (their severities and descriptions are in codes.ts). */
  codes: readonly DiagnosticCode[];
}

export interface Rule {
  name: string;
  meta: RuleMeta;
  run(ctx: RuleContext): void;
}

/** The severity of a report: the catalogue's, or the one given for a code that can be either. */
export function severityOf(code: DiagnosticCode, given?: Severity): Severity {
  const fixed = CODES[code].severity;
  return fixed === 'error or warning' ? (given ?? 'error') : fixed;
}

export function makeContext(initiative: Initiative, out: Diagnostic[], incomplete: ReadonlySet<string> = new Set(), rule?: Rule): RuleContext {
  return {
    initiative,
    incomplete,
    report(code, at, subpath, message, options = {}) {
      // A rule reporting a code it does not declare is a bug in Concert; the fixture corpus runs every rule.
      if (rule && !rule.meta.codes.includes(code)) throw new Error(`rule '${rule.name}' reported '${code}', which its meta does not list`);
      const found = diagnosticAt(initiative, code, severityOf(code, options.severity), at, subpath, message, options.hint, options.target);
      const d = options.position ? { ...found, ...options.position } : found;
      out.push(options.related ? { ...d, related: options.related } : d);
    },
  };
}
