/**
 * Report helpers for SPEC 6.1 "What changed" and the flags on the figures (partial data, series
 * breaks, partners' notes). Text built here is escaped here: the HTML helpers return safe strings.
 */
import type Handlebars from 'handlebars';
import type { ReportIndicator, ReportModel } from '../../report/types.js';
import { chartData } from '../charts.js';
import { escapeXml } from '../escape.js';
import { args, type HelperSet } from './common.js';
import { count } from '../../words.js';

function isIndicator(x: unknown): x is ReportIndicator {
  return typeof x === 'object' && x !== null && Array.isArray((x as ReportIndicator).series) && typeof (x as ReportIndicator).unit === 'string';
}

const flagsOf = (x: unknown): string[] => (isIndicator(x) && Array.isArray(x.flags) ? x.flags : []);

export function changeHelpers(hb: typeof Handlebars, model: ReportModel): HelperSet {
  const safe = (s: string) => new hb.SafeString(s);
  const partners = new Map(model.partners.map((p) => [p.id, p.name]));
  const partnerName = (id: string) => (id === '' ? 'unattributed' : partners.get(id) ?? id);
  const noteCount = (ind: ReportIndicator) => (Array.isArray(ind.notes) ? ind.notes.length : 0);
  const breakNote = (ind: ReportIndicator) => (flagsOf(ind).includes('series-break') ? `⌇ series break${ind.breaks.length === 1 ? ` from ${ind.breaks[0]!.period}` : ''}` : '');

  return {
    /** {{#if (hasFlag this "partial")}}: whether the indicator carries a SPEC 6.1 flag. */
    hasFlag: (...a) => {
      const [ind, flag] = args(a);
      return flagsOf(ind).includes(String(flag));
    },
    /** " on partial data" after a status, when the latest figure is partial (SPEC 6.1). */
    partialSuffix: (...a) => (flagsOf(args(a)[0]).includes('partial') ? ' on partial data' : ''),
    /** Partner names for an id or a list of ids: "Eastside Schools and YMCA". */
    partnerNames: (...a) => {
      const [v] = args(a);
      const ids = Array.isArray(v) ? v.map(String) : v === undefined || v === null ? [] : [String(v)];
      const names = ids.map(partnerName);
      return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
    },
    /** The flags and notes of a Markdown table row, after the status (plain text, no user text). */
    mdFlags: (...a) => {
      const [ind] = args(a);
      if (!isIndicator(ind)) return '';
      const parts = [breakNote(ind), noteCount(ind) > 0 ? `✎ ${count(noteCount(ind), 'note')}` : ''].filter(Boolean);
      return parts.length ? ` · ${parts.join(' · ')}` : '';
    },
    /** The same for an HTML table cell. */
    htmlFlags: (...a) => {
      const [ind] = args(a);
      if (!isIndicator(ind)) return '';
      const parts: string[] = [];
      if (flagsOf(ind).includes('partial')) parts.push('<span class="flag flag-partial">⚠ partial data</span>');
      const b = breakNote(ind);
      if (b) parts.push(`<span class="flag flag-break">${escapeXml(b)}</span>`);
      if (noteCount(ind) > 0) parts.push(`<a class="flag flag-notes" href="#ind-${escapeXml(ind.id)}-notes">✎ ${count(noteCount(ind), 'note')}</a>`);
      return safe(parts.join(''));
    },
    /** Whether the SVG chart marks a series break (the legend then explains it). */
    chartHasBreak: (...a) => {
      const [ind] = args(a);
      return isIndicator(ind) && (chartData(ind)?.breaks.length ?? 0) > 0;
    },
  };
}
