/** The library API (src/core/index.ts) on its own: the pipeline the CLI runs, stage by stage. */
import { describe, expect, test } from 'vitest';
import * as concert from '../../src/core/index.js';
import { EXAMPLE, FIXTURES } from '../helpers/run.js';

describe('public API', () => {
  test('load → rules → data → progress → report model, on the example', async () => {
    const { initiative, diagnostics, incomplete } = await concert.loadInitiative(EXAMPLE);
    expect(diagnostics).toEqual([]);
    expect(incomplete.size).toBe(0);
    expect(concert.runRules(initiative, incomplete)).toEqual([]);

    const today = '2026-11-23';
    const { data, diagnostics: dataProblems } = await concert.loadData(initiative, { today });
    expect(dataProblems.filter((d) => d.severity === 'error')).toEqual([]);
    expect(data.files.length).toBe(15);

    const period = concert.defaultReportPeriod(initiative.settings, today);
    expect(period.text).toBe('2026-Q3');
    const kReadiness = initiative.indicators.find((i) => i.id === 'k-readiness')!;
    const progress = concert.computeProgress(kReadiness, data.indicators.get('k-readiness'), period, initiative.settings, initiative.dimensions);
    expect(progress).toMatchObject({ status: 'on-track', latest: { period: 'SY2025-26' }, baseline: { period: 'SY2022-23', value: 44 } });

    const rows = concert.completeness(initiative, data, { today, period: period.text }).rows;
    const model = concert.buildReport({ initiative, data, completeness: rows, today, period, provenance: { commit: null, dirty: null, files: [] } });
    expect(model.indicators.map((i) => i.id)).toContain('k-readiness');
    expect(model.summary.submissions).toMatchObject({ expected: 23, received: 22, missing: 1 });
  });

  test('validateInitiative sorts diagnostics and counts them', async () => {
    const v = await concert.validateInitiative(FIXTURES + 'unknown-reference', { data: false, today: '2026-11-23' });
    expect(v).toMatchObject({ valid: false, errors: 1, warnings: 1, data: null });
    expect(v.diagnostics).toEqual(concert.sortDiagnostics(v.diagnostics));
  });
});
