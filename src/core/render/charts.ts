/**
 * Charts of an indicator's series with its baseline and target: an inline SVG line chart for
 * HTML and a Mermaid `xychart-beta` block for Markdown (GitHub renders these). Both are built
 * from the same chart data; every piece of text in them is escaped here.
 */
import { fromIndex, parsePeriod } from '../periods.js';
import type { ReportIndicator } from '../report/types.js';
import { escapeXml, mermaidString } from './escape.js';
import { UNIT_LABEL, type Formatter } from './format.js';

interface Point {
  index: number;
  period: string;
  value: number;
}

export interface ChartData {
  /** Every period on the x axis, in order (the indicator's frequency). */
  periods: string[];
  first: number;
  last: number;
  series: Point[];
  baseline: Point | null;
  target: Point | null;
  yMin: number;
  yMax: number;
  ticks: number[];
}

const FREQUENCY_LABEL: Record<string, string> = {
  year: 'Year',
  'school-year': 'School year',
  half: 'Half year',
  quarter: 'Quarter',
  month: 'Month',
};

function pointOf(p: { period: string; value: number } | null): Point | null {
  if (!p || !Number.isFinite(p.value)) return null;
  const parsed = parsePeriod(p.period);
  return parsed ? { index: parsed.index, period: parsed.text, value: p.value } : null;
}

function niceStep(range: number, count: number): number {
  const raw = range / Math.max(count, 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  return (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
}

/** The points, axes and ticks of an indicator's chart; null when there is nothing to draw. */
export function chartData(ind: ReportIndicator): ChartData | null {
  const series = ind.series.map(pointOf).filter((p): p is Point => p !== null);
  const baseline = pointOf(ind.baseline);
  const target = pointOf(ind.target);
  const all = [...series, ...(baseline ? [baseline] : []), ...(target ? [target] : [])];
  if (series.length === 0 && all.length < 2) return null;
  if (all.length === 0) return null;
  const type = ind.frequency;
  const first = Math.min(...all.map((p) => p.index));
  const last = Math.max(...all.map((p) => p.index));
  const periods: string[] = [];
  for (let i = first; i <= last; i++) periods.push(fromIndex(type, i).text);

  let lo = Math.min(...all.map((p) => p.value));
  let hi = Math.max(...all.map((p) => p.value));
  if (hi === lo) {
    const pad = Math.abs(hi) * 0.1 || 1;
    lo -= pad;
    hi += pad;
  }
  const step = niceStep(hi - lo, 4);
  let yMin = Math.floor(lo / step) * step;
  let yMax = Math.ceil(hi / step) * step;
  if (yMin === lo && lo > 0) yMin -= step;
  if (yMax === hi) yMax += step;
  if (ind.unit === 'percent') {
    yMin = Math.max(0, yMin);
    yMax = Math.min(100, yMax);
  } else if (lo >= 0) yMin = Math.max(0, yMin);
  const ticks: number[] = [];
  for (let v = yMin; v <= yMax + step / 1e6; v += step) ticks.push(Number(v.toPrecision(12)));
  return { periods, first, last, series, baseline, target, yMin, yMax, ticks };
}

/** The value on the straight path from baseline to target at period `index`. */
function pathValue(baseline: Point, target: Point, index: number): number {
  return baseline.value + ((target.value - baseline.value) * (index - baseline.index)) / (target.index - baseline.index);
}

/** One sentence describing the chart, for screen readers and the Markdown caption. */
export function chartSummary(ind: ReportIndicator, fmt: Formatter): string {
  const v = (x: number) => fmt.value(x, ind.unit, ind.decimals);
  const parts: string[] = [];
  if (ind.baseline) parts.push(`baseline ${v(ind.baseline.value)} in ${ind.baseline.period}`);
  if (ind.series.length > 0) {
    const pts = ind.series.map((p) => `${p.period} ${v(p.value)}`).join(', ');
    parts.push(`data: ${pts}`);
  } else parts.push('no data yet');
  if (ind.target) parts.push(`target ${v(ind.target.value)} by ${ind.target.period}`);
  return `${ind.name}: ${parts.join('; ')}.`;
}

/** Short x-axis labels: SY2024-25 → 24-25, 2025-Q3 → Q3 '25. */
function shortPeriod(text: string): string {
  let m = /^SY\d\d(\d\d)-(\d\d)$/.exec(text);
  if (m) return `${m[1]}–${m[2]}`;
  m = /^\d\d(\d\d)-([QH]\d)$/.exec(text);
  if (m) return `${m[2]} ’${m[1]}`;
  m = /^\d\d(\d\d)-(\d\d)$/.exec(text);
  if (m) return `${m[2]}/${m[1]}`;
  return text;
}

const W = 640;
const H = 270;
const M = { left: 62, right: 120, top: 18, bottom: 54 };

/**
 * An inline SVG line chart: the series (solid, with points), the baseline (dashed line), the
 * path from baseline to target (dotted) and the target (a ringed point), labelled axes, and a
 * <title>/<desc> pair for screen readers. `uid` keeps ids unique within a page.
 */
export function svgChart(ind: ReportIndicator, fmt: Formatter, uid: string): string {
  const data = chartData(ind);
  const id = `chart-${uid.replace(/[^a-z0-9-]/gi, '-')}`;
  const summary = chartSummary(ind, fmt);
  if (!data) {
    return `<p class="no-chart" id="${escapeXml(id)}">No data to chart yet.</p>`;
  }
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const span = Math.max(data.last - data.first, 1);
  const x = (index: number) => M.left + (data.last === data.first ? pw / 2 : ((index - data.first) / span) * pw);
  const y = (value: number) => M.top + ph - ((value - data.yMin) / (data.yMax - data.yMin)) * ph;
  const r = (n: number) => n.toFixed(1);
  const v = (n: number) => fmt.value(n, ind.unit, ind.decimals);
  // Tick labels carry as many decimals as the step needs (a step of 0.5 shows 42.5, not 43).
  const step = data.ticks.length > 1 ? Math.abs(data.ticks[1]! - data.ticks[0]!) : 1;
  const tickDecimals = Math.min(6, Math.max(0, -Math.floor(Math.log10(step) + 1e-9)));
  const tickV = (n: number) => (ind.unit === 'percent' ? fmt.percentOf100(n, tickDecimals) : fmt.number(n, tickDecimals));
  const out: string[] = [];
  out.push(
    `<svg class="chart" id="${escapeXml(id)}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="${escapeXml(id)}-t ${escapeXml(id)}-d" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="${escapeXml(id)}-t">${escapeXml(`Chart: ${ind.name}`)}</title>`,
    `<desc id="${escapeXml(id)}-d">${escapeXml(summary)}</desc>`,
  );
  // Grid and y axis.
  for (const t of data.ticks) {
    out.push(`<line class="grid" x1="${M.left}" x2="${M.left + pw}" y1="${r(y(t))}" y2="${r(y(t))}"/>`);
    out.push(`<text class="tick" x="${M.left - 6}" y="${r(y(t) + 4)}" text-anchor="end">${escapeXml(tickV(t))}</text>`);
  }
  out.push(`<line class="axis" x1="${M.left}" x2="${M.left + pw}" y1="${M.top + ph}" y2="${M.top + ph}"/>`);
  // X labels, thinned to at most 8.
  const n = data.periods.length;
  const every = Math.max(1, Math.ceil(n / 8));
  data.periods.forEach((p, k) => {
    if (k % every !== 0 && k !== n - 1) return;
    if (k !== n - 1 && n - 1 - k < every && k % every === 0 && k !== 0) return;
    const px = x(data.first + k);
    out.push(`<line class="axis" x1="${r(px)}" x2="${r(px)}" y1="${M.top + ph}" y2="${M.top + ph + 4}"/>`);
    out.push(`<text class="tick" x="${r(px)}" y="${M.top + ph + 17}" text-anchor="middle">${escapeXml(shortPeriod(p))}</text>`);
  });
  out.push(`<text class="axis-title" x="${r(M.left + pw / 2)}" y="${H - 8}" text-anchor="middle">${escapeXml(FREQUENCY_LABEL[ind.frequency] ?? ind.frequency)}</text>`);
  out.push(`<text class="axis-title" transform="translate(14 ${r(M.top + ph / 2)}) rotate(-90)" text-anchor="middle">${escapeXml(UNIT_LABEL[ind.unit])}</text>`);

  // Right-hand labels (baseline, target), nudged apart when they would overlap.
  const labels: { y: number; text: string; cls: string }[] = [];
  if (data.baseline) {
    const by = y(data.baseline.value);
    out.push(`<line class="baseline" x1="${M.left}" x2="${M.left + pw}" y1="${r(by)}" y2="${r(by)}"/>`);
    labels.push({ y: by, text: `Baseline ${v(data.baseline.value)}`, cls: 'label-baseline' });
  }
  if (data.baseline && data.target && data.target.index > data.baseline.index) {
    out.push(`<line class="path" x1="${r(x(data.baseline.index))}" y1="${r(y(data.baseline.value))}" x2="${r(x(data.target.index))}" y2="${r(y(data.target.value))}"/>`);
  }
  if (data.target) {
    const tx = x(data.target.index);
    const ty = y(data.target.value);
    out.push(`<circle class="target" cx="${r(tx)}" cy="${r(ty)}" r="7"/><circle class="target-core" cx="${r(tx)}" cy="${r(ty)}" r="2.5"/>`);
    labels.push({ y: ty, text: `Target ${v(data.target.value)}`, cls: 'label-target' });
  }
  if (data.series.length > 0) {
    const pts = data.series.map((p) => `${r(x(p.index))},${r(y(p.value))}`).join(' ');
    out.push(`<polyline class="series" points="${pts}"/>`);
    for (const p of data.series) {
      out.push(`<circle class="point" cx="${r(x(p.index))}" cy="${r(y(p.value))}" r="3.5"><title>${escapeXml(`${p.period}: ${v(p.value)}`)}</title></circle>`);
    }
    const lastP = data.series[data.series.length - 1]!;
    labels.push({ y: y(lastP.value), text: `Latest ${v(lastP.value)}`, cls: 'label-latest' });
  }
  labels.sort((a, b) => a.y - b.y);
  for (let k = 1; k < labels.length; k++) if (labels[k]!.y - labels[k - 1]!.y < 14) labels[k]!.y = labels[k - 1]!.y + 14;
  for (const l of labels) out.push(`<text class="${l.cls}" x="${W - M.right + 8}" y="${r(l.y + 4)}">${escapeXml(l.text)}</text>`);
  out.push('</svg>');
  return out.join('');
}

/**
 * A Mermaid `xychart-beta` block (without the fences). Line 1 is the data (from the baseline on);
 * line 2, when there is a target, is where the straight path from baseline to target says the
 * indicator should be at each of those periods. Every line has exactly one value per x category
 * (Mermaid draws nothing sensible for missing values), so the categories are the periods with a
 * figure; the target itself is in the title and inside the y range.
 */
export function mermaidChart(ind: ReportIndicator, fmt: Formatter): string | null {
  const data = chartData(ind);
  if (!data || data.series.length === 0) return null;
  const round = (n: number) => Number(n.toFixed(Math.min(Math.max(ind.decimals, 0), 6)));
  const points = new Map<number, number>(data.series.map((p) => [p.index, p.value]));
  if (data.baseline && data.baseline.index < data.series[0]!.index) points.set(data.baseline.index, data.baseline.value);
  const cats = [...points.keys()].sort((a, b) => a - b);
  const title = data.target ? `${ind.name} (target ${fmt.value(data.target.value, ind.unit, ind.decimals)} by ${data.target.period})` : ind.name;
  const lines = [
    'xychart-beta',
    `    title ${mermaidString(title)}`,
    `    x-axis [${cats.map((c) => mermaidString(fromIndex(ind.frequency, c).text)).join(', ')}]`,
    `    y-axis ${mermaidString(UNIT_LABEL[ind.unit] + (ind.unit === 'percent' ? ' (%)' : ''))} ${data.yMin} --> ${data.yMax}`,
    `    line [${cats.map((c) => round(points.get(c)!)).join(', ')}]`,
  ];
  if (data.baseline && data.target && data.target.index > data.baseline.index) {
    const b = data.baseline;
    const t = data.target;
    lines.push(`    line [${cats.map((c) => round(pathValue(b, t, c))).join(', ')}]`);
  }
  return lines.join('\n');
}
