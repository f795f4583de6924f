/** What every rule gets: the model, and one way to report a problem at a place in the YAML. */
import type { Diagnostic, Severity } from '../diagnostics.js';
import type { Initiative, Located } from '../model/types.js';
import type { PathSegment, Target } from '../source/locate.js';
import { diagnosticAt } from '../source/positions.js';

export interface RuleContext {
  initiative: Initiative;
  /** File kinds that could not be read whole: references into them are not judged. */
  incomplete: ReadonlySet<string>;
  report(code: Diagnostic['code'], severity: Severity, at: Located, subpath: readonly PathSegment[], message: string, options?: { hint?: string; target?: Target; related?: Diagnostic['related'] }): void;
}

export interface Rule {
  name: string;
  run(ctx: RuleContext): void;
}

export function makeContext(initiative: Initiative, out: Diagnostic[], incomplete: ReadonlySet<string> = new Set()): RuleContext {
  return {
    initiative,
    incomplete,
    report(code, severity, at, subpath, message, options = {}) {
      const d = diagnosticAt(initiative, code, severity, at, subpath, message, options.hint, options.target);
      out.push(options.related ? { ...d, related: options.related } : d);
    },
  };
}
