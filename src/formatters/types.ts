import type { Diagnostic } from '../core/diagnostics.js';

export interface FormatContext {
  /** Colour escape codes allowed (a TTY, and neither NO_COLOR nor --no-color). */
  color: boolean;
  /** The initiative folder as the user named it, for display. */
  root: string;
  /** Paths in diagnostics are relative to the initiative; CI annotations want them relative to the repo/cwd. */
  rootRelative: string;
  valid: boolean;
  /** Every problem found, also those a capped list leaves out (the summary states these). */
  errors: number;
  warnings: number;
  /** `--strict`: warnings fail the run (JUnit then marks them as failures). */
  strict?: boolean;
}

/** A pure function from diagnostics to the text to print. */
export type Formatter = (diagnostics: readonly Diagnostic[], ctx: FormatContext) => string;
