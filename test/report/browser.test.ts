/**
 * A real browser looks at the HTML report of the example (issue item 9): headless Chromium,
 * driven by playwright-core. Skipped, with a printed reason, only where no Chromium exists.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run.js';
import { CHROMIUM, SHOTS, pageCount, launchChromium, warnIfNoChromium } from '../helpers/browser.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Runs in the page: pairs of visible boxes (tables, figures, cards, group blocks) that overlap, none inside the other. */
function overlaps(): string[] {
  const els = [...document.querySelectorAll('table, figure, .figures, .groups > div, .table-wrap, .chart-wrap, article.indicator, .cards li')].filter((e) => e.checkVisibility());
  const boxes = els.map((e) => ({ e, r: e.getBoundingClientRect() }));
  const name = (e: Element): string => `${e.tagName.toLowerCase()}${e.className ? '.' + String(e.className).split(' ')[0] : ''} in #${e.closest('[id]')?.id ?? '?'}`;
  const out: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      if (a.e.contains(b.e) || b.e.contains(a.e)) continue;
      const x = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
      const y = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
      if (x > 1 && y > 1) out.push(`${name(a.e)} × ${name(b.e)}: ${Math.round(x)}×${Math.round(y)} px`);
    }
  }
  return out;
}

warnIfNoChromium('test/report/browser.test.ts');

describe.skipIf(!CHROMIUM)('the HTML report in headless Chromium', () => {
  // Typed loosely on purpose: playwright-core is loaded only when Chromium exists.
  let browser: import('playwright-core').Browser;
  let url: string;
  let tmp: string;

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'concert-browser-'));
    const file = join(tmp, 'report.html');
    const r = await runCli(['report', 'examples/eastside-learns', '--today', '2026-11-23', '--format', 'html', '--out', file]);
    expect(r.code).toBe(0);
    url = pathToFileURL(file).href;
    browser = await launchChromium();
    await mkdir(SHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('renders without console errors or network requests, every chart has a box, no table overflows', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 1400 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (req) => !req.url().startsWith('file:') && requests.push(req.url()));
    await page.goto(url, { waitUntil: 'load' });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);

    const articles = await page.$$('article.indicator');
    expect(articles.length).toBe(11);
    for (const a of articles) {
      const box = await (await a.$('svg.chart'))!.boundingBox();
      expect(box, await a.getAttribute('id') ?? '').not.toBeNull();
      expect(box!.width).toBeGreaterThan(100);
      expect(box!.height).toBeGreaterThan(50);
    }
    await page.screenshot({ path: join(SHOTS, 'report-example.png'), fullPage: true });
    await (await page.$('#ind-k-readiness'))!.screenshot({ path: join(SHOTS, 'report-example-indicator.png') });

    // Screen, then print at the narrower A4 text width (210 mm − margins ≈ 690 CSS px).
    for (const [media, width] of [['screen', 1024], ['print', 690], ['screen', 420]] as const) {
      await page.setViewportSize({ width, height: 1200 });
      await page.emulateMedia({ media });
      const overflow = await page.evaluate(() => {
        const limit = document.documentElement.clientWidth;
        const wide = [...document.querySelectorAll('table, svg.chart, pre, .figures')]
          .map((el) => ({ el: (el.closest('[id]') as HTMLElement | null)?.id ?? el.tagName, right: el.getBoundingClientRect().right }))
          .filter((x) => x.right > limit + 0.5);
        return { limit, scroll: document.documentElement.scrollWidth, wide };
      });
      // On a phone, wide tables may scroll inside their box; the page itself must not.
      if (width >= 690) expect(overflow.wide, `${media} at ${width}px`).toEqual([]);
      expect(overflow.scroll, `${media} at ${width}px`).toBeLessThanOrEqual(overflow.limit);
    }
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.byteLength).toBeGreaterThan(10_000);
    const letter = await page.pdf({ format: 'Letter' });
    expect(letter.byteLength).toBeGreaterThan(10_000);
    await page.close();
  }, 60_000);

  for (const width of [1280, 768, 390]) {
    it(`at ${width} px: no axe violation, no page overflow or overlap, the status column in view, every scrolling region focusable`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(url, { waitUntil: 'load' });
      await page.addScriptTag({ path: AXE });
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (c: Document, o: object) => Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe;
        const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
        return r.violations.map((v) => `${v.id} (${v.nodes.length})`);
      });
      expect(violations, `axe at ${width}px`).toEqual([]);
      const geo = await page.evaluate(() => {
        const limit = document.documentElement.clientWidth;
        // The at-a-glance status column: the 6th cell of every row, within the viewport.
        const status = [...document.querySelectorAll('table.glance tr')].map((tr) => tr.children[5]!.getBoundingClientRect().right).filter((r) => r > limit + 0.5);
        // Any element that scrolls sideways must be reachable by keyboard (tabindex) and named.
        const unreachable = [...document.querySelectorAll('body *')]
          .filter((e) => e.scrollWidth > e.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
          .filter((e) => e.getAttribute('tabindex') !== '0' || !e.getAttribute('aria-label'))
          .map((e) => `${e.tagName} in #${e.closest('[id]')?.id ?? '?'}`);
        const wraps = [...document.querySelectorAll('.table-wrap')].filter((w) => w.getAttribute('tabindex') !== '0' || w.getAttribute('role') !== 'region' || !w.getAttribute('aria-label')).length;
        return { limit, scroll: document.documentElement.scrollWidth, status, unreachable, wraps };
      });
      expect(geo.scroll, `page width at ${width}px`).toBeLessThanOrEqual(geo.limit);
      expect(geo.status, `status column at ${width}px`).toEqual([]);
      expect(geo.unreachable, `scrolling regions at ${width}px`).toEqual([]);
      expect(geo.wraps).toBe(0);
      expect(await page.evaluate(overlaps), `overlaps at ${width}px`).toEqual([]);
      if (width === 390) {
        // Chart labels stay legible on a phone (the chart scrolls sideways in its focusable box).
        const smallest = await page.evaluate(() => Math.min(...[...document.querySelectorAll('svg.chart text')].filter((t) => t.checkVisibility()).map((t) => t.getBoundingClientRect().height)));
        expect(smallest).toBeGreaterThanOrEqual(10);
      }
      await page.screenshot({ path: join(SHOTS, `report-example-${width}.png`), fullPage: true });
      await page.close();
    }, 60_000);
  }

  for (const [format, size] of [['A4', { width: 688, height: 1009 }], ['Letter', { width: 710, height: 941 }]] as const) {
    it(`prints on ${format}: few pages, nothing overlapping or wider than the page, headings kept with what follows, the at-a-glance table on page 1`, async () => {
      // The viewport is the printable area (page less the 15 mm × 14 mm margins of @page) in CSS px.
      const page = await browser.newPage({ viewport: size });
      await page.goto(url, { waitUntil: 'load' });
      await page.emulateMedia({ media: 'print' });
      expect(await page.evaluate(overlaps), `print overlaps on ${format}`).toEqual([]);
      const geo = await page.evaluate(() => {
        const limit = document.documentElement.clientWidth;
        const wide = [...document.querySelectorAll('table, svg.chart, .figures, .groups > div')].filter((e) => e.checkVisibility() && e.getBoundingClientRect().right > limit + 0.5).length;
        // No heading or caption may end a page: the CSS keeps each with what follows it.
        const loose = [...document.querySelectorAll('h2, h3, h4, caption, .status-line')].filter((h) => h.checkVisibility() && !['avoid', 'avoid-page'].includes(getComputedStyle(h).breakAfter)).map((h) => h.textContent?.slice(0, 40));
        const blocks = [...document.querySelectorAll('.groups > div, figure, table:not(.glance):not(.rollup)')].filter((e) => e.checkVisibility() && getComputedStyle(e).breakInside !== 'avoid').length;
        const glance = document.querySelector('table.glance')!.getBoundingClientRect().top + window.scrollY;
        return { wide, loose, blocks, glance };
      });
      expect(geo.wide).toBe(0);
      expect(geo.loose).toEqual([]);
      expect(geo.blocks).toBe(0);
      // The summary and the at-a-glance table start on page 1 (its caption, header row and a first row fit).
      expect(geo.glance).toBeLessThan(size.height - 120);
      const pages = pageCount(await page.pdf({ format, path: join(SHOTS, `report-example-${format}.pdf`) }));
      // 11 indicators with charts, group tables and stories: 13 A4 or 14 Letter pages (23 of each before issue 10 item 6).
      expect(pages, `${format} pages`).toBeLessThanOrEqual(format === 'A4' ? 13 : 14);
      await page.close();
    }, 60_000);
  }

  it('is accessible in outline: one h1, headings per goal and indicator, header cells, chart names', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    expect(await page.locator('h1').count()).toBe(1);
    expect(await page.locator('section.goal > h2').count()).toBe(5);
    expect(await page.locator('article.indicator > h3').count()).toBe(11);
    const tablesWithoutHeaders = await page.evaluate(() => [...document.querySelectorAll('table')].filter((t) => !t.querySelector('th')).length);
    expect(tablesWithoutHeaders).toBe(0);
    const unnamedCharts = await page.evaluate(() => [...document.querySelectorAll('svg.chart')].filter((s) => !s.querySelector('title')?.textContent || !s.querySelector('desc')?.textContent).length);
    expect(unnamedCharts).toBe(0);
    // Statuses (of indicators and of activities) are words next to shapes, whatever the colours.
    const badges = await page.locator('.status').allTextContents();
    expect(badges.filter((b) => !/^[★●◐▲▼○◌✕‖✓] \S/.test(b.trim()))).toEqual([]);
    await page.close();
  });
});
