/** The formatter registry: adding an output format is one file and one entry here. */
import { github } from './github.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';
import type { Formatter } from './types.js';

export const FORMATTERS = { stylish, json, github, junit, sarif } satisfies Record<string, Formatter>;
export type FormatName = keyof typeof FORMATTERS;
export type { Formatter, FormatContext } from './types.js';
