/**
 * Helpers every document's templates may use: numbers, dates and times in the initiative's
 * locale, status words and shapes, escaping, small logic. Their names are chosen not to shadow a
 * field of any model (a helper wins over a field of the same name in Handlebars).
 */
import type Handlebars from 'handlebars';
import type { Unit } from '../../model/types.js';
import type { Status, Trend } from '../../progress/types.js';
import { escapeMarkdown, mdCell, safeUrl } from '../escape.js';
import { Formatter, STATUS_LOOK, TREND_LABEL, UNIT_LABEL } from '../format.js';

export type TemplateFormat = 'md' | 'html';
export type Helper = (...a: unknown[]) => unknown;
export type HelperSet = Record<string, Helper>;

/** Handlebars passes its options object last; strip it from a helper's arguments. */
export function args(list: unknown[]): unknown[] {
  return list.slice(0, -1);
}

/** Anything that carries an indicator's unit and display decimals (a report indicator, a data-review entry). */
interface Measured {
  unit: Unit;
  decimals: number;
}

function isMeasured(x: unknown): x is Measured {
  return typeof x === 'object' && x !== null && typeof (x as Measured).unit === 'string';
}

export function commonHelpers(hb: typeof Handlebars, fmt: Formatter, format: TemplateFormat): HelperSet {
  const safe = (s: string) => new hb.SafeString(s);
  return {
    fmtNumber: (...a) => {
      const [v, d] = args(a);
      return fmt.number(v, typeof d === 'number' ? d : 0);
    },
    /** A figure of an indicator, in its unit and decimals: {{ival this latest.value}}. */
    ival: (...a) => {
      const [ind, v] = args(a);
      return isMeasured(ind) ? fmt.value(v, ind.unit, ind.decimals) : fmt.number(v, 1);
    },
    /** A signed difference in an indicator's unit (percentage points for percents). */
    idiff: (...a) => {
      const [ind, v] = args(a);
      return isMeasured(ind) ? fmt.difference(v, ind.unit, ind.decimals) : fmt.number(v, 1, true);
    },
    /** An unsigned gap in an indicator's unit (percentage points for percents). */
    igap: (...a) => {
      const [ind, v] = args(a);
      if (typeof v !== 'number') return '—';
      return isMeasured(ind) ? fmt.difference(v, ind.unit, ind.decimals).replace(/^[+]/, '') : fmt.number(v, 1);
    },
    fmtPercent: (...a) => {
      const [v, d] = args(a);
      return fmt.percent(v, typeof d === 'number' ? d : 0);
    },
    fmtDate: (...a) => fmt.date(args(a)[0]),
    /** 'YYYY-MM-DD' with its weekday: "Wednesday, December 9, 2026". */
    fmtDay: (...a) => fmt.day(args(a)[0]),
    /** 'HH:MM' in the locale's clock: "9:00 AM". */
    fmtTime: (...a) => fmt.time(args(a)[0]),
    unitLabel: (...a) => UNIT_LABEL[args(a)[0] as Unit] ?? String(args(a)[0] ?? ''),

    // Statuses: a word and a shape, never colour alone.
    statusLabel: (...a) => STATUS_LOOK[args(a)[0] as Status]?.label ?? String(args(a)[0] ?? ''),
    statusShape: (...a) => STATUS_LOOK[args(a)[0] as Status]?.shape ?? '',
    statusTone: (...a) => STATUS_LOOK[args(a)[0] as Status]?.tone ?? 'none',
    trendLabel: (...a) => (args(a)[0] ? TREND_LABEL[args(a)[0] as Trend] ?? String(args(a)[0]) : '—'),

    // Escaping for Markdown: inline text and table cells (Markdown first, then HTML).
    md: (...a) => safe(escapeMarkdown(args(a)[0])),
    mdCell: (...a) => safe(mdCell(args(a)[0])),
    /** An http(s)/mailto URL, or '' for anything else (javascript:, data:). */
    safeUrl: (...a) => safeUrl(args(a)[0]) ?? '',

    // Small logic.
    eq: (...a) => args(a)[0] === args(a)[1],
    gt: (...a) => Number(args(a)[0]) > Number(args(a)[1]),
    or: (...a) => args(a).some(Boolean),
    and: (...a) => args(a).every(Boolean),
    not: (...a) => !args(a)[0],
    count: (...a) => (Array.isArray(args(a)[0]) ? (args(a)[0] as unknown[]).length : 0),
    plural: (...a) => {
      const [n, one, many] = args(a);
      return `${fmt.number(n, 0)} ${Number(n) === 1 ? String(one) : String(many ?? `${String(one)}s`)}`;
    },
    join: (...a) => {
      const [list, sep] = args(a);
      return Array.isArray(list) ? list.map(String).join(typeof sep === 'string' ? sep : ', ') : '';
    },
    /** 1-based position in an {{#each}}: {{inc @index}}. */
    inc: (...a) => Number(args(a)[0]) + 1,
    shortSha: (...a) => (typeof args(a)[0] === 'string' ? String(args(a)[0]).slice(0, 12) : ''),
    isMarkdown: () => format === 'md',
  };
}
