/**
 * The example's agenda and minutes in a real browser: headless Chromium (playwright-core) with
 * axe-core, at desktop and phone width, and printed to A4 and Letter. Skipped, with a printed
 * reason, only where no Chromium exists.
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

warnIfNoChromium('test/agenda/browser.test.ts');

describe.skipIf(!CHROMIUM)('the HTML agenda and minutes in headless Chromium', () => {
  let browser: import('playwright-core').Browser;
  let tmp: string;
  const urls: Record<string, string> = {};

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'concert-agenda-browser-'));
    for (const [name, argv] of [
      ['agenda', ['agenda', 'examples/eastside-learns', '--meeting', '2026-12-steering']],
      ['minutes', ['minutes', 'examples/eastside-learns', '--meeting', '2026-11-steering']],
    ] as const) {
      const file = join(tmp, `${name}.html`);
      const r = await runCli([...argv, '--today', '2026-11-23', '--format', 'html', '--out', file]);
      expect(r.code, r.stderr).toBe(0);
      urls[name] = pathToFileURL(file).href;
    }
    browser = await launchChromium();
    await mkdir(SHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  for (const name of ['agenda', 'minutes']) {
    it(`${name}: no console error or request, no axe violation at 1280 px and 390 px, nothing wider than the page`, async () => {
      const page = await browser.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('request', (req) => !req.url().startsWith('file:') && requests.push(req.url()));
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(urls[name]!, { waitUntil: 'load' });
        await page.addScriptTag({ path: AXE });
        const violations = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run: (c: Document, o: object) => Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe;
          const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
          return r.violations.map((v) => `${v.id} (${v.nodes.length})`);
        });
        expect(violations, `${name} at ${width}px`).toEqual([]);
        const scroll = await page.evaluate(() => ({ limit: document.documentElement.clientWidth, width: document.documentElement.scrollWidth }));
        expect(scroll.width, `${name} at ${width}px`).toBeLessThanOrEqual(scroll.limit);
        await page.screenshot({ path: join(SHOTS, `${name}-example-${width}.png`), fullPage: true });
      }
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      await page.close();
    }, 60_000);
  }

  it('the agenda prints on at most two A4 pages and two Letter pages, every table within the page width', async () => {
    const page = await browser.newPage({ viewport: { width: 690, height: 1000 } });
    await page.goto(urls['agenda']!);
    await page.emulateMedia({ media: 'print' });
    const wide = await page.evaluate(() => {
      const limit = document.documentElement.clientWidth;
      return [...document.querySelectorAll('table')].filter((t) => t.getBoundingClientRect().right > limit + 0.5).length;
    });
    expect(wide).toBe(0);
    expect(pageCount(await page.pdf({ format: 'A4' }))).toBeLessThanOrEqual(2);
    expect(pageCount(await page.pdf({ format: 'Letter' }))).toBeLessThanOrEqual(2);
    await page.close();
  }, 60_000);

  it('the roll call flags show a word and a shape, and every agenda item has a time and minutes', async () => {
    const page = await browser.newPage();
    await page.goto(urls['agenda']!);
    expect(await page.locator('h1').count()).toBe(1);
    expect(await page.locator('.flag-absent').allTextContents()).toEqual(['✕ Missed the last two']);
    expect(await page.locator('.flag-delegate').first().textContent()).toBe('⇄ Sent a delegate twice or more');
    const minutes = (await page.locator('table.items tbody td.mins').allTextContents()).map(Number);
    expect(minutes.reduce((a, b) => a + b, 0)).toBe(90);
    expect(await page.locator('table.items tbody td.time').allTextContents()).not.toContain('—');
    await page.close();
  });
});
