/** Builders for progress tests: a minimal indicator, settings and merged data. */
import type { Cell, IndicatorData } from '../../src/core/data/types.js';
import type { Dimension, Indicator, InitiativeSettings } from '../../src/core/model/types.js';
import { parsePeriod, type Period } from '../../src/core/periods.js';

const at = { file: 'test.yaml', path: [] as (string | number)[] };

export function indicator(over: Partial<Indicator> = {}): Indicator {
  return {
    at,
    id: 'k-readiness',
    name: 'Kindergarten readiness',
    goal: 'ready',
    unit: 'percent',
    direction: 'increase',
    frequency: 'year',
    aggregation: 'mean',
    scale: 100,
    range: null,
    targets: [],
    progress: 'linear',
    reporters: [],
    disaggregate_by: [],
    ...over,
  };
}

export function settings(over: Partial<InitiativeSettings> & { thresholds?: [number, number, number]; min_count?: number } = {}): InitiativeSettings {
  const { thresholds, min_count, ...rest } = over;
  return {
    at,
    version: 1,
    id: 'test',
    name: 'Test',
    period: 'year',
    school_year_start: 8,
    fiscal_year_start: 1,
    backbone: { organization: 'backbone', staff: [] },
    reporting: { data_due_days: 30, locale: 'en', timezone: 'UTC', thresholds: thresholds ?? [0.95, 0.6, 0] },
    privacy: min_count === undefined ? {} : { min_count },
    ...rest,
  };
}

export function cell(value: number, extra: Partial<Cell> = {}): Cell {
  return { value, rows: 1, partners: ['p'], ...extra };
}

type CellSpec = number | Cell;

function cells(rows: Record<string, CellSpec>): Map<string, Cell> {
  return new Map(Object.entries(rows).map(([p, v]) => [p, typeof v === 'number' ? cell(v) : v]));
}

/** totals: period → value; groups: dimension → value id → period → value or cell. */
export function data(totals: Record<string, CellSpec>, groups: Record<string, Record<string, Record<string, CellSpec>>> = {}): IndicatorData {
  return {
    indicator: 'k-readiness',
    totals: cells(totals),
    groups: new Map(
      Object.entries(groups).map(([dim, byValue]) => [dim, new Map(Object.entries(byValue).map(([v, rows]) => [v, cells(rows)]))]),
    ),
  };
}

export function period(text: string | number, schoolYearStart = 8): Period {
  const p = parsePeriod(text, schoolYearStart);
  if (!p) throw new Error(`bad period in test: ${text}`);
  return p;
}

export function dimension(id: string, values: [string, string][]): Dimension {
  return { at, id, name: id, values: values.map(([vid, label]) => ({ id: vid, label })) };
}
