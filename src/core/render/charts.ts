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
  /** Series breaks within the x axis, after its first period (SPEC 6.1): the first period measured the new way. */
  breaks: { index: number; period: string; note: string }[];
  /** The latest point combines only some of the expected reporters (flag `partial`). */
  partialLatest: boolean;
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
  const breaks = (ind.breaks ?? [])
    .map((b) => ({ p: parsePeriod(b.period), note: b.note }))
    .filter((b) => b.p !== null && b.p.type === type && b.p.index > first && b.p.index <= last)
    .map((b) => ({ index: b.p!.index, period: b.p!.text, note: b.note }));
  const partialLatest = series.length > 0 && (ind.flags ?? []).includes('partial');
  return { periods, first, last, series, baseline, target, yMin, yMax, ticks, breaks, partialLatest };
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

/** What the SVG's description adds to the chart summary: series breaks and a partial latest figure. */
function flagSentences(data: ChartData): string {
  const parts = data.breaks.map((b) => ` Series break from ${b.period}${b.note ? `: ${b.note}` : ''}.`);
  if (data.partialLatest) parts.push(' The latest figure is on partial data (a reporter has not sent it).');
  return parts.join('');
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
    `<desc id="${escapeXml(id)}-d">${escapeXml(summary + flagSentences(data))}</desc>`,
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
  // Series breaks: a dashed vertical line just before the first period measured the new way.
  for (const b of data.breaks) {
    const bx = r(x(b.index - 0.5));
    out.push(`<g class="break"><title>${escapeXml(`Series break from ${b.period}${b.note ? `: ${b.note}` : ''}`)}</title><line class="break-line" x1="${bx}" x2="${bx}" y1="${M.top}" y2="${M.top + ph}"/><text class="break-label" x="${bx}" y="${M.top + 10}" dx="3">${escapeXml(`Break ${shortPeriod(b.period)}`)}</text></g>`);
  }
  if (data.series.length > 0) {
    const pts = data.series.map((p) => `${r(x(p.index))},${r(y(p.value))}`).join(' ');
    out.push(`<polyline class="series" points="${pts}"/>`);
    data.series.forEach((p, k) => {
      const label = `<title>${escapeXml(`${p.period}: ${v(p.value)}`)}</title>`;
      const px = x(p.index);
      const py = y(p.value);
      if (data.partialLatest && k === data.series.length - 1) {
        // A partial latest figure: a hollow diamond with a dashed outline, not a round point.
        out.push(`<polygon class="point point-partial" points="${r(px)},${r(py - 6)} ${r(px + 6)},${r(py)} ${r(px)},${r(py + 6)} ${r(px - 6)},${r(py)}">${label.replace('</title>', ' (partial data)</title>')}</polygon>`);
      } else out.push(`<circle class="point" cx="${r(px)}" cy="${r(py)}" r="3.5">${label}</circle>`);
    });
    const lastP = data.series[data.series.length - 1]!;
    labels.push({ y: y(lastP.value), text: `${data.partialLatest ? 'Partial' : 'Latest'} ${v(lastP.value)}`, cls: 'label-latest' });
  }
  labels.sort((a, b) => a.y - b.y);
  for (let k = 1; k < labels.length; k++) if (labels[k]!.y - labels[k - 1]!.y < 14) labels[k]!.y = labels[k - 1]!.y + 14;
  for (const l of labels) out.push(`<text class="${l.cls}" x="${W - M.right + 8}" y="${r(l.y + 4)}">${escapeXml(l.text)}</text>`);
  out.push('</svg>');
  return out.join('');
}

/**
 * The Markdown chart's colours, in line order (actual, path to target, target). Each has at
 * least 4.5:1 contrast on white (test/report/mermaid.test.ts computes it); Mermaid's default
 * palette draws the first line at about 1.2:1.
 */
export const MERMAID_PALETTE = { actual: '#1f4e79', path: '#b35c00', target: '#8e3b73' } as const;
/** Text and axes of the Markdown chart: GitHub's body text colour on a white card. */
const MERMAID_INK = '#1f2328';
/** Mermaid's default chart width, and the widest we ask for (GitHub scales a wider one down). */
const MERMAID_WIDTH_PX = 700;
const MERMAID_MAX_WIDTH_PX = 1200;

/** Mermaid x-axis labels, short enough not to collide: 2025-Q3 → Q3 '25, SY2024-25 → SY24-25. */
function mermaidPeriod(text: string): string {
  let m = /^SY\d\d(\d\d-\d\d)$/.exec(text);
  if (m) return `SY${m[1]}`;
  m = /^\d\d(\d\d)-([QH]\d)$/.exec(text);
  if (m) return `${m[2]} '${m[1]}`;
  m = /^\d\d(\d\d)-(\d\d)$/.exec(text);
  if (m) return `${m[2]}/${m[1]}`;
  return text;
}

/**
 * The `%%{init}%%` directive: the palette of the lines present, dark text on white, the path to
 * target dashed (line and legend marker), and room for the x labels. Flat labels need about
 * 8.5 px a character at Mermaid's 14 px; the y axis and the legend (recent Mermaid) take the rest.
 * When the labels do not fit in 700 px the chart is made wider, which works in every Mermaid
 * version (GitHub scales the picture to the page); past 1200 px they are turned 45°, which only
 * newer versions (`xyChart.xAxis.labelRotation`) do.
 */
function mermaidInit(palette: string[], dashed: number | null, labels: string[], names: string[]): string {
  const ink = MERMAID_INK;
  const widest = Math.max(...labels.map((l) => l.length)) * 8.5 + 8;
  const need = labels.length * widest + 120 + Math.max(...names.map((n) => n.length)) * 7.5;
  const width = Math.ceil(Math.min(Math.max(need, MERMAID_WIDTH_PX), MERMAID_MAX_WIDTH_PX));
  const xyChart = {
    ...(width > MERMAID_WIDTH_PX ? { width } : {}),
    ...(need > MERMAID_MAX_WIDTH_PX ? { xAxis: { labelRotation: -45 } } : {}),
  };
  const css = dashed === null ? '' : `.line-plot-${dashed} path, .legend .markers path:nth-of-type(${dashed + 1}) { stroke-dasharray: 7 4; }`;
  const config = {
    themeVariables: {
      xyChart: {
        backgroundColor: '#ffffff',
        titleColor: ink,
        legendTextColor: ink,
        xAxisTitleColor: ink,
        xAxisLabelColor: ink,
        xAxisTickColor: ink,
        xAxisLineColor: ink,
        yAxisTitleColor: ink,
        yAxisLabelColor: ink,
        yAxisTickColor: ink,
        yAxisLineColor: ink,
        plotColorPalette: palette.join(', '),
      },
    },
    ...(css ? { themeCSS: css } : {}),
    ...(Object.keys(xyChart).length > 0 ? { xyChart } : {}),
  };
  return `%%{init: ${JSON.stringify(config)}}%%`;
}

/** Text for Mermaid's `accTitle:`/`accDescr:` lines: one line, no `%%` (a comment or directive). */
function mermaidAcc(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/%{2,}/g, '%').trim();
}

/**
 * A Mermaid `xychart-beta` block (without the fences), opened by an init directive that sets a
 * palette readable on white. Named lines (recent Mermaid, e.g. the pinned 12.3, draws a legend from the names): "Actual"
 * (the data from the baseline on); "Path to target", dashed, when there is a baseline before the
 * target: where the straight path from baseline to target says the indicator should be at each of
 * those periods; and "Target …", a horizontal line at the target value. Every line has exactly one
 * value per x category (xychart has no missing values), so the categories are the periods with a
 * figure; the title and the target line's name say when the target is due. `accDescr` names the
 * lines by colour for screen readers and for renderers without a legend.
 */
export function mermaidChart(ind: ReportIndicator, fmt: Formatter): string | null {
  const data = chartData(ind);
  if (!data || data.series.length === 0) return null;
  const round = (n: number) => Number(n.toFixed(Math.min(Math.max(ind.decimals, 0), 6)));
  const points = new Map<number, number>(data.series.map((p) => [p.index, p.value]));
  if (data.baseline && data.baseline.index < data.series[0]!.index) points.set(data.baseline.index, data.baseline.value);
  const cats = [...points.keys()].sort((a, b) => a - b);
  const labels = cats.map((c) => mermaidPeriod(fromIndex(ind.frequency, c).text));
  const target = data.target;
  const targetText = target ? `${fmt.value(target.value, ind.unit, ind.decimals)} by ${target.period}` : '';
  const title = target ? `${ind.name} (target ${targetText})` : ind.name;
  const palette: string[] = [MERMAID_PALETTE.actual];
  const legend = ['Blue line: actual'];
  const names = ['Actual'];
  const plots = [`    line "Actual" [${cats.map((c) => round(points.get(c)!)).join(', ')}]`];
  let dashed: number | null = null;
  if (data.baseline && target && target.index > data.baseline.index) {
    const b = data.baseline;
    dashed = plots.length;
    palette.push(MERMAID_PALETTE.path);
    legend.push('orange dashed line: straight path from baseline to target');
    names.push('Path to target');
    plots.push(`    line "Path to target" [${cats.map((c) => round(pathValue(b, target, c))).join(', ')}]`);
  }
  if (target) {
    palette.push(MERMAID_PALETTE.target);
    legend.push(`purple line: target ${targetText}`);
    names.push(`Target ${targetText}`);
    plots.push(`    line ${mermaidString(names[names.length - 1])} [${cats.map(() => round(target.value)).join(', ')}]`);
  }
  return [
    mermaidInit(palette, dashed, labels, names),
    'xychart-beta',
    `    title ${mermaidString(title)}`,
    `    accTitle: ${mermaidAcc(`Chart: ${ind.name}`)}`,
    `    accDescr: ${mermaidAcc(`${legend.join('; ')}.`)}`,
    `    x-axis ${mermaidString(FREQUENCY_LABEL[ind.frequency] ?? ind.frequency)} [${labels.map((l) => mermaidString(l)).join(', ')}]`,
    `    y-axis ${mermaidString(UNIT_LABEL[ind.unit] + (ind.unit === 'percent' ? ' (%)' : ''))} ${data.yMin} --> ${data.yMax}`,
    ...plots,
  ].join('\n');
}

const BARS = '▁▂▃▄▅▆▇█';

/**
 * A word-sized sparkline of a series in Unicode block characters (the last `max` points, scaled
 * between their own minimum and maximum), for tables in Markdown and HTML. Decorative: the trend's
 * word stands beside it.
 */
export function sparkline(values: readonly number[], max = 12): string {
  const v = values.filter((x) => Number.isFinite(x)).slice(-max);
  if (v.length < 2) return '';
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  return v.map((x) => BARS[hi === lo ? 3 : Math.round(((x - lo) / (hi - lo)) * (BARS.length - 1))]).join('');
}
