/** Shared helpers for the data tests: load a fixture folder, run loadData both ways. */
import { join } from 'node:path';
import { loadInitiative } from '../../src/core/load.js';
import { loadData, type LoadDataOptions } from '../../src/core/data/index.js';
import type { Initiative } from '../../src/core/model/types.js';
import { FIXTURES } from '../helpers/run.js';

export const TODAY = '2026-01-15';

export async function fixture(name: string): Promise<Initiative> {
  const { initiative } = await loadInitiative(join(FIXTURES, name));
  return initiative;
}

export async function load(initiative: Initiative, options: Partial<LoadDataOptions> = {}) {
  return loadData(initiative, { today: TODAY, ...options });
}

/** [code, file:line] of each diagnostic, sorted like the output. */
export function brief(diags: { code: string; file: string; line: number; severity: string }[]): string[] {
  return diags.map((d) => `${d.severity} ${d.code} ${d.file}:${d.line}`);
}
