/**
 * A real browser looks at the HTML report of the example (issue item 9): headless Chromium,
 * driven by playwright-core. Skipped, with a printed reason, only where no Chromium exists.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run.js';

const CHROMIUM = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p): p is string => !!p && existsSync(p));
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** Where the screenshots go (CI can upload this folder). */
const SHOTS = process.env['CONCERT_SCREENSHOT_DIR'] ?? join(tmpdir(), 'concert-screenshots');

if (!CHROMIUM) console.warn('test/report/browser.test.ts skipped: no Chromium at /usr/bin/chromium (apt-get install -y chromium, or set CHROMIUM_PATH)');

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
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM!, args: FLAGS, headless: true });
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
