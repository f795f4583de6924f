/**
 * Property (SPEC 4.5): whatever the disaggregated data, no figure hidden by the export or the
 * report can be recovered by adding or subtracting the shown figures of one additive set. Each
 * run writes a small initiative's data drops to a temp folder and runs the real merge, the real
 * report model builder (what `report --format json` prints) and the real export.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadData } from '../../src/core/data/index.js';
import type { Indicator, Initiative } from '../../src/core/model/types.js';
import { parsePeriod } from '../../src/core/periods.js';
import { buildReport } from '../../src/core/report/build.js';
import { leaks } from './suppression-check.js';

const tmp = mkdtempSync(join(tmpdir(), 'concert-suppress-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const at = { file: 'x.yaml', path: [] };
const PERIODS = ['2024', '2025'];
const PARTNERS = ['p1', 'p2', 'p3', 'p4'];

const KIDS = { id: 'kids', aggregation: 'sum', unit: 'count', scale: 1 } as const;
const READY = { id: 'ready', aggregation: 'weighted', unit: 'percent', scale: 100 } as const;

/** A partner's figures for one dimension: counts, or [numerator, denominator] pairs. */
const groupsOf = (n: number, weighted: boolean) =>
  weighted
    ? fc.array(fc.integer({ min: 1, max: 200 }).chain((den) => fc.tuple(fc.integer({ min: 0, max: den }), fc.constant(den))), { minLength: n, maxLength: n })
    : fc.array(fc.integer({ min: 0, max: 200 }).map((c) => [c, c] as [number, number]), { minLength: n, maxLength: n });

const scenario = fc
  .record({
    minCount: fc.integer({ min: 1, max: 20 }),
    partners: fc.integer({ min: 1, max: 4 }),
    sizes: fc.array(fc.integer({ min: 2, max: 6 }), { minLength: 1, maxLength: 2 }),
    periods: fc.integer({ min: 1, max: 2 }),
  })
  .chain((shape) => {
    const block = (weighted: boolean) =>
      fc.option(
        fc.record({
          // Per dimension: the partner's groups, or none (it reports only its total).
          groups: fc.tuple(...shape.sizes.map((n) => fc.option(groupsOf(n, weighted), { nil: null, freq: 3 }))),
          total: groupsOf(1, weighted),
        }),
        { nil: null, freq: 6 },
      );
    const cells = [KIDS, READY].flatMap((ix) =>
      PERIODS.slice(0, shape.periods).flatMap((period) => PARTNERS.slice(0, shape.partners).map((partner) => ({ ix, period, partner }))));
    return fc.record({ shape: fc.constant(shape), blocks: fc.tuple(...cells.map((c) => block(c.ix === READY).map((b) => ({ ...c, b })))) });
  });

function initiative(root: string, minCount: number, sizes: number[]): Initiative {
  const dims = sizes.map((n, d) => ({ id: `d${d + 1}`, name: `D${d + 1}`, values: Array.from({ length: n }, (_, v) => ({ id: `v${v}`, label: `V${v}` })), at }));
  const indicators = [KIDS, READY].map((x) => ({
    ...x, name: x.id, goal: 'g', direction: 'increase', frequency: 'year', range: null, targets: [], progress: 'linear', reporters: [],
    disaggregate_by: dims.map((d) => d.id), at,
  })) as unknown as Indicator[];
  return {
    root,
    settings: {
      version: 1, id: 't', name: 'T', period: 'year', school_year_start: 8, fiscal_year_start: 1,
      backbone: { organization: 'B', staff: [] },
      reporting: { data_due_days: 30, locale: 'en-US', timezone: 'UTC', thresholds: [0.95, 0.6, 0] },
      privacy: { min_count: minCount }, at,
    },
    agenda: { goals: [], glossary: [], at },
    indicators,
    partners: PARTNERS.map((id) => ({ id, name: id, sector: 'nonprofit', commitments: [], at })),
    activities: [], series: [], meetings: [],
    dimensions: dims,
  } as unknown as Initiative;
}

let run = 0;

describe('complementary suppression, property (SPEC 4.5)', () => {
  it('no hidden figure can be recovered from one additive set of the export and the reports together', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ shape, blocks }) => {
        const root = join(tmp, String(run++));
        const dimIds = shape.sizes.map((_, d) => `d${d + 1}`);
        const count = ['indicator,period,partner,' + dimIds.join(',') + ',value'];
        const rate = ['indicator,period,partner,' + dimIds.join(',') + ',numerator,denominator'];
        for (const { ix, period, partner, b } of blocks) {
          if (!b) continue;
          const line = (dims: string[], [num, den]: [number, number]) =>
            ix === READY ? rate.push(`ready,${period},${partner},${dims.join(',')},${num},${den}`) : count.push(`kids,${period},${partner},${dims.join(',')},${num}`);
          // The partner's total: its first dimension's groups added up (else a figure of its own).
          const first = b.groups.find((g) => g !== null);
          line(dimIds.map(() => ''), first ? first.reduce(([n, d], [gn, gd]) => [n + gn, d + gd], [0, 0]) : b.total[0]!);
          b.groups.forEach((groups, d) => groups?.forEach((g, v) => line(dimIds.map((_, k) => (k === d ? `v${v}` : '')), g)));
        }
        mkdirSync(join(root, 'data'), { recursive: true });
        writeFileSync(join(root, 'data', 'count.csv'), count.join('\n') + '\n');
        writeFileSync(join(root, 'data', 'rate.csv'), rate.join('\n') + '\n');
        try {
          const ini = initiative(root, shape.minCount, shape.sizes);
          const { data, diagnostics } = await loadData(ini, { today: '2026-06-01' });
          expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
          const reports = PERIODS.slice(0, shape.periods).map((p) =>
            buildReport({ initiative: ini, data, completeness: [], today: '2026-06-01', period: parsePeriod(p)!, provenance: { commit: null, dirty: null, files: [] } }));
          expect(leaks(ini, data, reports)).toEqual([]);
        } finally {
          rmSync(root, { recursive: true, force: true });
        }
      }),
      { numRuns: 200 },
    );
  });
});
