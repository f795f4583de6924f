/** What every headless-Chromium test shares: where Chromium is, how it starts, where pictures go. */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's Chromium (`apt-get install chromium`), or CHROMIUM_PATH; undefined where there is none. */
export const CHROMIUM = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p): p is string => !!p && existsSync(p));

export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Where screenshots and PDFs go (CI can upload this folder). */
export const SHOTS = process.env['CONCERT_SCREENSHOT_DIR'] ?? join(tmpdir(), 'concert-screenshots');

/** Say once, on stderr, why a browser test file is skipped. */
export function warnIfNoChromium(file: string): void {
  if (!CHROMIUM) console.warn(`${file}: browser tests skipped: no Chromium at /usr/bin/chromium (apt-get install -y chromium, or set CHROMIUM_PATH)`);
}

/** A headless Chromium, loaded only when one exists (playwright-core is imported lazily). */
export async function launchChromium(): Promise<import('playwright-core').Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM!, args: CHROMIUM_FLAGS, headless: true });
}

/** Pages in a PDF: its page objects (not the /Pages tree node). */
export function pageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
}
