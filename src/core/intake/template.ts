/**
 * The request form a data manager sends a partner (SPEC 8, `concert data template`), as plain
 * data: which indicators and periods it asks for, its canonical columns and rows, and what each
 * figure cell accepts. The CSV and `.xlsx` writers only lay this out.
 */
import { addDays, isValidDate } from '../dates.js';
import { completeness, duePeriodOf, isMemberFor, type NotExpected } from '../data/completeness.js';
import type { MergedData } from '../data/types.js';
import type { Indicator, Initiative, Partner, Unit } from '../model/types.js';
import { parsePeriod, shiftPeriod, type Period, type PeriodType } from '../periods.js';
import { closest } from '../suggest.js';

/** What a figure cell accepts: a number of this kind between `min` and `max` (null: no bound). */
export interface FigureCheck {
  kind: 'whole' | 'decimal';
  min: number | null;
  max: number | null;
}

export interface FormDimension {
  id: string;
  name: string;
  values: { id: string; label: string }[];
}

export interface FormIndicator {
  id: string;
  name: string;
  unit: Unit;
  definition?: string;
  source?: string;
  /** `ratio`: a weighted indicator, asked as numerator and denominator; else one `value`. */
  figures: 'value' | 'ratio';
  /** The periods asked for, oldest first, each with its due date. */
  periods: { period: string; due: string }[];
  dimensions: FormDimension[];
  /** The check on `value` (figures `value`) or on `numerator` and `denominator` (figures `ratio`). */
  check: { value?: FigureCheck; numerator?: FigureCheck; denominator?: FigureCheck; numeratorAtMostDenominator?: boolean };
  /** How to fill the figure in, in plain words. */
  guidance: string;
}

/** One row of the form: the identifying cells; its figures are left empty. */
export interface FormRow {
  indicator: string;
  period: string;
  partner: string;
  /** The group the row is for; absent on the total row. */
  group?: { dimension: string; value: string };
  figures: 'value' | 'ratio';
}

export interface RequestForm {
  initiative: { id: string; name: string };
  partner: { id: string; name: string };
  /** The period the form is for (`--period`, else the latest due period of the initiative's cadence). */
  period: string;
  /** When the form's period is due: its end plus `data_due_days`. */
  due: string;
  /** The backbone's data manager, if it has one: who the form goes back to. */
  returnTo?: { name: string; email?: string };
  /** Canonical column names (SPEC 4.1), in order: what `concert data import` reads without a map. */
  columns: string[];
  /** The dimension columns among `columns`. */
  dimensions: string[];
  indicators: FormIndicator[];
  rows: FormRow[];
}

export type RequestFormResult = { ok: true; form: RequestForm } | { ok: false; reason: string };

const NO_DATA: MergedData = { indicators: new Map(), files: [], submissions: [] };

/**
 * The request form for `partner`: every indicator that names it among its `reporters`, for the
 * periods `data status` expects of it (SPEC 3.1 membership and start date included). `period`
 * defaults to the latest due period of the initiative's cadence, as for the report. An indicator
 * measured more often than the form's period (monthly in a quarterly form) is asked for every
 * one of its periods inside the form's period.
 */
export function requestForm(initiative: Initiative, options: { partner: string; period?: string; today: string }): RequestFormResult {
  const settings = initiative.settings;
  const sys = settings.school_year_start;
  const partner = initiative.partners.find((p) => p.id === options.partner);
  if (!partner) {
    const near = closest(options.partner, initiative.partners.map((p) => p.id));
    return { ok: false, reason: `no partner '${options.partner}' in this initiative${near ? ` — did you mean '${near}'?` : ''}` };
  }
  const reported = initiative.indicators.filter((ix) => ix.reporters.includes(partner.id));
  if (reported.length === 0) {
    return { ok: false, reason: `partner '${partner.id}' reports no indicator (no indicator lists it in 'reporters'), so there is no form to send` };
  }
  let asked: Period;
  if (options.period !== undefined) {
    const p = parsePeriod(options.period, sys);
    if (!p) return { ok: false, reason: `--period '${options.period}' is not a period (like 2025-Q3, 2025, SY2024-25, 2025-H2 or 2025-07)` };
    asked = p;
  } else asked = duePeriodOf(settings.period, settings, options.today);

  const status = completeness(initiative, NO_DATA, { today: options.today, period: asked.text });
  const owed = status.rows.filter((r) => r.partner === partner.id);
  if (owed.length === 0) return { ok: false, reason: nothingOwed(partner.id, asked.text, status.notExpected) };

  const dueDays = settings.reporting.data_due_days;
  const indicators: FormIndicator[] = [];
  for (const ix of reported) {
    const row = owed.find((r) => r.indicator === ix.id);
    if (!row) continue;
    const periods = periodsAsked(ix.frequency, parsePeriod(row.period, sys)!, asked, sys)
      .filter((p) => isOwed(partner, p, addDays(p.end, dueDays), settings.started))
      .map((p) => ({ period: p.text, due: addDays(p.end, dueDays) }));
    indicators.push(formIndicator(ix, initiative, periods));
  }

  const used = new Set(indicators.flatMap((i) => i.dimensions.map((d) => d.id)));
  const dimensions = initiative.dimensions.filter((d) => used.has(d.id)).map((d) => d.id);
  const columns = [
    'indicator', 'period', 'partner', ...dimensions,
    ...(indicators.some((i) => i.figures === 'value') ? ['value'] : []),
    ...(indicators.some((i) => i.figures === 'ratio') ? ['numerator', 'denominator'] : []),
    'note',
  ];
  const rows: FormRow[] = [];
  for (const ix of indicators) {
    for (const { period } of ix.periods) {
      const base = { indicator: ix.id, period, partner: partner.id };
      rows.push({ ...base, figures: ix.figures });
      for (const d of ix.dimensions) for (const v of d.values) rows.push({ ...base, group: { dimension: d.id, value: v.id }, figures: ix.figures });
    }
  }
  const dataManager = settings.backbone.staff.find((s) => s.role === 'data-manager');
  return {
    ok: true,
    form: {
      initiative: { id: settings.id, name: settings.name },
      partner: { id: partner.id, name: partner.name },
      period: asked.text,
      due: addDays(asked.end, dueDays),
      ...(dataManager ? { returnTo: { name: dataManager.name, ...(dataManager.email ? { email: dataManager.email } : {}) } } : {}),
      columns,
      dimensions,
      indicators,
      rows,
    },
  };
}

/**
 * The periods of `type` asked for: the one `data status` expects (`expected`) and, when `type`
 * is shorter than the form's period, the earlier ones that also lie inside it.
 */
function periodsAsked(type: PeriodType, expected: Period, asked: Period, sys: number): Period[] {
  const out = [expected];
  if (type === asked.type) return out;
  for (let p = shiftPeriod(expected, -1, sys); p.start >= asked.start; p = shiftPeriod(p, -1, sys)) out.unshift(p);
  return out;
}

/** SPEC 3.1: owed while a member, and only for periods that end on or after `started`. */
function isOwed(partner: Partner, p: Period, due: string, started: string | undefined): boolean {
  if (started !== undefined && isValidDate(started) && p.end < started) return false;
  return isMemberFor(partner, p, due);
}

function nothingOwed(partner: string, period: string, notExpected: NotExpected[]): string {
  const mine = notExpected.find((n) => n.reason === 'not-member' && n.partner === partner);
  if (mine?.reason === 'not-member') {
    const why = mine.joined ? `it joined on ${mine.joined}` : mine.left ? `it left on ${mine.left}` : 'it was not a member then';
    return `partner '${partner}' owes nothing for ${period}: ${why}`;
  }
  const before = notExpected.find((n) => n.reason === 'before-start');
  if (before?.reason === 'before-start') return `partner '${partner}' owes nothing for ${period}: the initiative started on ${before.started}, after that period ended`;
  return `partner '${partner}' owes nothing for ${period}`;
}

function formIndicator(ix: Indicator, initiative: Initiative, periods: FormIndicator['periods']): FormIndicator {
  const dimensions: FormDimension[] = ix.disaggregate_by.flatMap((id) => {
    const d = initiative.dimensions.find((x) => x.id === id);
    return d ? [{ id: d.id, name: d.name, values: d.values.map((v) => ({ id: v.id, label: v.label })) }] : [];
  });
  const figures = ix.aggregation === 'weighted' ? 'ratio' : 'value';
  const out: FormIndicator = {
    id: ix.id, name: ix.name, unit: ix.unit, figures, periods, dimensions,
    check: figures === 'ratio' ? ratioCheck(ix) : { value: valueCheck(ix) },
    guidance: guidanceFor(ix),
  };
  if (ix.definition !== undefined) out.definition = ix.definition;
  if (ix.source !== undefined) out.source = ix.source;
  return out;
}

/** A count is whole and (unless its range says otherwise) not negative (SPEC 4.1); else the range bounds it. */
function valueCheck(ix: Indicator): FigureCheck {
  const [min, max] = ix.range ?? [null, null];
  if (ix.unit === 'count') return { kind: 'whole', min: min ?? 0, max };
  return { kind: 'decimal', min, max };
}

/**
 * Numerator and denominator are whole counts; the denominator is more than 0 (the merge refuses
 * 0). The numerator cannot exceed the denominator when the indicator's range stops at its scale
 * (a percent: at most 100%); a rate per 1,000 may well have more events than people.
 */
function ratioCheck(ix: Indicator): FormIndicator['check'] {
  return {
    numerator: { kind: 'whole', min: 0, max: null },
    denominator: { kind: 'whole', min: 1, max: null },
    numeratorAtMostDenominator: ix.range !== null && ix.range[1] <= ix.scale,
  };
}

function between(range: [number, number] | null): string {
  return range ? ` between ${range[0]} and ${range[1]}` : '';
}

/** How to fill the indicator's figure in, in plain words. */
export function guidanceFor(ix: Indicator): string {
  if (ix.aggregation === 'weighted') {
    const what = ix.unit === 'percent' ? 'the percentage' : 'the figure';
    return `Two whole numbers: the numerator (how many meet the definition) and the denominator (how many were counted, more than 0). Leave value empty: Concert works out ${what}.`;
  }
  switch (ix.unit) {
    case 'count': {
      const [min, max] = ix.range ?? [0, null];
      return max === null ? `A whole number${min === 0 ? ', 0 or more' : ` of at least ${min}`}.` : `A whole number between ${min} and ${max}.`;
    }
    case 'percent':
      return `A percentage${between(ix.range ?? [0, 100])}, without the % sign (write 45.5 for 45.5%).`;
    case 'currency':
      return `An amount of money${between(ix.range)}: digits only, with a point for decimals, no currency sign and no thousands separators.`;
    default:
      return `A number${between(ix.range)}, with a point for decimals (12.5).`;
  }
}
