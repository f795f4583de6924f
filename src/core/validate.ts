/** The whole check of SPEC 3: YAML and schemas, rules, data drops, coverage. */
import { sortDiagnostics, countDiagnostics, type Diagnostic } from './diagnostics.js';
import type { MergedData } from './data/types.js';
import { loadInitiative } from './load.js';
import type { Initiative } from './model/types.js';
import { runRules } from './rules/index.js';

export interface ValidateOptions {
  /** Read data drops under data/ (default true; `--no-data` turns it off). */
  data?: boolean;
  /** 'YYYY-MM-DD', for completeness (which periods are due). */
  today: string;
  onProgress?: (p: { file: string; bytes: number; total: number }) => void;
}

export interface Validation {
  initiative: Initiative;
  /** The merged data table; null when data drops were skipped. */
  data: MergedData | null;
  /** Sorted by file, line, column. */
  diagnostics: Diagnostic[];
  /** Kinds whose YAML could not be read whole (loadInitiative's `incomplete`). */
  incomplete: ReadonlySet<string>;
  valid: boolean;
  errors: number;
  warnings: number;
}

export async function validateInitiative(root: string, options: ValidateOptions): Promise<Validation> {
  const { initiative, diagnostics, incomplete } = await loadInitiative(root);
  diagnostics.push(...runRules(initiative, incomplete));
  let data: MergedData | null = null;
  if (options.data !== false) {
    const dataModule = await import('./data/index.js');
    const read = await dataModule.loadData(initiative, { today: options.today, incomplete, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
    data = read.data;
    diagnostics.push(...read.diagnostics);
    diagnostics.push(...dataModule.completeness(initiative, data, { today: options.today, incomplete }).diagnostics);
  }
  const sorted = sortDiagnostics(diagnostics);
  const { errors, warnings } = countDiagnostics(sorted);
  return { initiative, data, diagnostics: sorted, incomplete, valid: errors === 0, errors, warnings };
}
