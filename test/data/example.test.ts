import { describe, expect, it } from 'vitest';
import { loadInitiative } from '../../src/core/load.js';
import { completeness, loadData } from '../../src/core/data/index.js';
import { EXAMPLE } from '../helpers/run.js';

describe('the bundled example', () => {
  it('merges cleanly, with both parsers giving the same result', async () => {
    const { initiative } = await loadInitiative(EXAMPLE);
    expect(initiative).not.toBeNull();
    const fast = await loadData(initiative!, { today: '2026-03-01' });
    expect(fast.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(fast.diagnostics.filter((d) => d.code !== 'data-missing')).toEqual([]);
    expect(fast.data.files.length).toBeGreaterThan(0);
    const full = await loadData(initiative!, { today: '2026-03-01', fullParser: true });
    expect(full.diagnostics).toEqual(fast.diagnostics);
    expect([...full.data.tidy!.rows()]).toEqual([...fast.data.tidy!.rows()]);
    const k = fast.data.indicators.get('k-readiness')!;
    expect(k.totals.size).toBeGreaterThan(0);
    expect(k.groups.get('race-ethnicity')?.size).toBeGreaterThan(0);
    const c = completeness(initiative!, fast.data, { today: '2026-03-01' });
    expect(c.rows.length).toBeGreaterThan(0);
  });
});
