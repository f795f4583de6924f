/**
 * Concert's version, read once from package.json: the one place it lives. `concert --version` and
 * SARIF's `tool.driver.version` both use it. (From src/core/ under vitest and from dist/core/ once
 * built, package.json is two folders up.)
 */
import { readFileSync } from 'node:fs';

export const VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
