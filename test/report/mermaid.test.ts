/**
 * The Markdown report's charts drawn by Mermaid itself (vendored and hash-checked, see
 * test/fixtures/vendor/README.md) in headless
 * Chromium, as GitHub would draw them: every ```mermaid block of the example's report must parse
 * and render, name its lines, use the palette (readable on white) and keep its x labels apart.
 * The browser part is skipped, with a printed reason, only where no Chromium exists.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MERMAID_PALETTE } from '../../src/core/render/charts.js';
import { FIXTURES, runCli } from '../helpers/run.js';
import { CHROMIUM, launchChromium, warnIfNoChromium } from '../helpers/browser.js';

/** Mermaid's browser build, as vendored: the version and hash its README names. */
const MERMAID_JS = gunzipSync(readFileSync(join(FIXTURES, 'vendor/mermaid-12.3.0.min.js.gz'))).toString('utf8');
const MERMAID_SHA256 = '336df803d87a38b70a01e736e666c8f7601d2ce42f5e47c8fafe5d721074b9a3';

warnIfNoChromium('test/report/mermaid.test.ts');

/** WCAG 2.x relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = m.slice(1).map((h) => {
    const c = parseInt(h, 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two colours. */
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

interface Block {
  text: string;
  /** The names of the `line "…"` statements, in order. */
  lines: string[];
  palette: string[];
  categories: number;
}

/** The ```mermaid blocks of a Markdown report (the example by default). */
async function exampleBlocks(argv = ['report', 'examples/eastside-learns', '--today', '2026-11-23']): Promise<Block[]> {
  const r = await runCli(argv);
  expect(r.code, r.stderr).toBe(0);
  return [...r.stdout.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => {
    const text = m[1]!;
    const init = /^%%\{init: (.*)\}%%$/m.exec(text);
    const config = init ? (JSON.parse(init[1]!) as { themeVariables?: { xyChart?: { plotColorPalette?: string } } }) : {};
    return {
      text,
      lines: [...text.matchAll(/^ {4}line "([^"]*)" \[/gm)].map((l) => l[1]!),
      palette: (config.themeVariables?.xyChart?.plotColorPalette ?? '').split(',').map((c) => c.trim()).filter(Boolean),
      categories: /x-axis (?:"[^"]*" )?\[(.*)\]/.exec(text)![1]!.split(', ').length,
    };
  });
}

describe('the vendored Mermaid', () => {
  it('is the build its README names (SHA-256 of the unzipped file)', () => {
    expect(createHash('sha256').update(MERMAID_JS).digest('hex')).toBe(MERMAID_SHA256);
  });
});

describe('the Markdown charts\u2019 palette', () => {
  it('every colour has at least 4.5:1 contrast on white (WCAG relative luminance)', () => {
    const ratios = Object.fromEntries(Object.entries(MERMAID_PALETTE).map(([k, c]) => [k, Number(contrast(c, '#ffffff').toFixed(2))]));
    for (const r of Object.values(ratios)) expect(r).toBeGreaterThanOrEqual(4.5);
    // Sanity of the formula: black on white is 21:1, Mermaid's default first line (#ECECFF) ~1.17:1.
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#ECECFF', '#ffffff')).toBeLessThan(1.2);
  });

  it('every chart of the example sets it, one colour per line, in the order actual, path, target', async () => {
    const blocks = await exampleBlocks();
    expect(blocks.length).toBe(11);
    for (const b of blocks) {
      expect(b.palette.length, b.text).toBe(b.lines.length);
      for (const c of b.palette) expect(contrast(c, '#ffffff'), c).toBeGreaterThanOrEqual(3);
      expect(b.lines[0]).toBe('Actual');
      expect(b.palette[0]).toBe(MERMAID_PALETTE.actual);
      const path = b.lines.indexOf('Path to target');
      if (path >= 0) expect(b.palette[path]).toBe(MERMAID_PALETTE.path);
      const target = b.lines.findIndex((l) => l.startsWith('Target '));
      if (target >= 0) expect(b.palette[target]).toBe(MERMAID_PALETTE.target);
    }
    // In the example every indicator has a baseline and a target: three named lines each.
    expect(blocks.every((b) => b.lines.length === 3)).toBe(true);
  });
});

describe.skipIf(!CHROMIUM)('the Markdown charts drawn by Mermaid in headless Chromium', () => {
  let browser: import('playwright-core').Browser;
  let page: import('playwright-core').Page;
  let blocks: Block[];
  /** Names with quotes, | and markup, de-DE numbers: the charts must still parse. */
  let tricky: Block[];
  const errors: string[] = [];

  beforeAll(async () => {
    blocks = await exampleBlocks();
    tricky = await exampleBlocks(['report', join(FIXTURES, 'report-tricky'), '--today', '2025-11-20', '--format', 'md']);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1012, height: 800 } });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body style="background:#fff"></body></html>');
    await page.addScriptTag({ content: MERMAID_JS });
    await page.evaluate(() => (window as unknown as { mermaid: { initialize(c: object): void } }).mermaid.initialize({ startOnLoad: false }));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  /** Renders each block into the page as #<prefix>-<k>; fails on a parse or render error. */
  async function renderAll(list: Block[], prefix: string): Promise<void> {
    for (const [k, b] of list.entries()) {
      const result = await page.evaluate(
        async ({ id, text }) => {
          const m = (window as unknown as { mermaid: { render(id: string, text: string): Promise<{ svg: string }> } }).mermaid;
          try {
            const { svg } = await m.render(id, text);
            const holder = document.createElement('div');
            holder.style.width = '700px';
            holder.innerHTML = svg;
            document.body.appendChild(holder);
            return { ok: true, error: '' };
          } catch (e) {
            return { ok: false, error: String(e) };
          }
        },
        { id: `${prefix}-${k}`, text: b.text },
      );
      expect(result, b.text).toEqual({ ok: true, error: '' });
      // Mermaid draws a "Syntax error" picture instead of throwing in some setups.
      expect(await page.locator(`#${prefix}-${k}`).getAttribute('aria-roledescription')).toBe('xychart');
    }
    expect(errors).toEqual([]);
  }

  it('renders every chart without a parse or render error', async () => {
    expect(blocks.length).toBe(11);
    await renderAll(blocks, 'chart');
  }, 60_000);

  it('renders the tricky fixture\u2019s charts too, one legend entry per named line', async () => {
    expect(tricky.length).toBeGreaterThan(0);
    await renderAll(tricky, 'tricky');
    for (const [k, b] of tricky.entries()) {
      const legend = await page.locator(`#tricky-${k} g.legend g.label text`).allTextContents();
      expect(legend, b.text).toEqual(b.lines);
      expect(await page.locator(`#tricky-${k} g.plot > g[class^="line-plot-"] > path`).count()).toBe(b.lines.length);
    }
  }, 60_000);

  it('each SVG has one coloured path per named line, a legend naming them, the palette, the path to target dashed', async () => {
    for (const [k, b] of blocks.entries()) {
      const svg = await page.evaluate((id) => {
        const root = document.getElementById(id)!;
        const plots = [...root.querySelectorAll('g.plot > g[class^="line-plot-"] > path')].map((p) => ({
          stroke: p.getAttribute('stroke') ?? '',
          dash: getComputedStyle(p).strokeDasharray,
          width: p.getBoundingClientRect().width,
        }));
        const legend = [...root.querySelectorAll('g.legend g.label text')].map((t) => t.textContent ?? '');
        return { plots, legend, title: root.querySelector('g.chart-title text')?.textContent ?? '', desc: root.querySelector('desc')?.textContent ?? '' };
      }, `chart-${k}`);
      expect(svg.plots.length, b.text).toBe(b.lines.length);
      expect(svg.plots.map((p) => p.stroke.toLowerCase())).toEqual(b.palette.map((c) => c.toLowerCase()));
      for (const p of svg.plots) expect(p.width).toBeGreaterThan(50);
      expect(svg.legend).toEqual(b.lines);
      const path = b.lines.indexOf('Path to target');
      svg.plots.forEach((p, i) => (i === path ? expect(p.dash).not.toBe('none') : expect(p.dash).toBe('none')));
      expect(svg.title).toMatch(/\(target .+ by .+\)$/);
      expect(svg.desc).toMatch(/^Blue line: actual; orange dashed line: .*; purple line: target .+\.$/);
    }
  });

  it('x-axis labels do not overlap (rotated boxes, separating axis test)', async () => {
    for (const [k, b] of blocks.entries()) {
      const res = await page.evaluate((id) => {
        type P = { x: number; y: number };
        const texts = [...document.getElementById(id)!.querySelectorAll<SVGTextElement>('g.bottom-axis g.label text')];
        const quads = texts.map((t) => {
          const bb = t.getBBox();
          const m = t.getScreenCTM()!;
          return [
            { x: bb.x, y: bb.y },
            { x: bb.x + bb.width, y: bb.y },
            { x: bb.x + bb.width, y: bb.y + bb.height },
            { x: bb.x, y: bb.y + bb.height },
          ].map((p) => new DOMPoint(p.x, p.y).matrixTransform(m)).map((p) => ({ x: p.x, y: p.y }));
        });
        const overlap = (a: P[], c: P[]) => {
          for (const poly of [a, c]) {
            for (let i = 0; i < 4; i++) {
              const p = poly[i]!;
              const q = poly[(i + 1) % 4]!;
              const n = { x: q.y - p.y, y: p.x - q.x };
              const proj = (s: P[]) => s.map((v) => v.x * n.x + v.y * n.y);
              const [pa, pc] = [proj(a), proj(c)];
              // Touching within 0.5 px counts as apart.
              const len = Math.hypot(n.x, n.y);
              if (Math.max(...pa) <= Math.min(...pc) + 0.5 * len || Math.max(...pc) <= Math.min(...pa) + 0.5 * len) return false;
            }
          }
          return true;
        };
        const clashes: string[] = [];
        for (let i = 0; i + 1 < quads.length; i++) if (overlap(quads[i]!, quads[i + 1]!)) clashes.push(`${texts[i]!.textContent} / ${texts[i + 1]!.textContent}`);
        return { count: texts.length, clashes };
      }, `chart-${k}`);
      expect(res.count, b.text).toBe(b.categories);
      expect(res.clashes, b.text).toEqual([]);
      // Flat labels, made room for by the chart's width: older Mermaid (GitHub may run one)
      // ignores `labelRotation` and has no legend, so the example must not need them.
      expect(b.text).not.toContain('labelRotation');
    }
  });
});
