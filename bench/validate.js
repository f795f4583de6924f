// `concert validate` on the example and on a generated large initiative (goal: under 1.5 s).
import { join } from 'node:path';
import { CONCERT, REPO, fmtMB, fmtMs, measure, table } from './lib.js';
import { generateLargeInitiative } from './gen-initiative.js';

export async function run() {
  const large = join(REPO, 'bench/.cache/large-initiative');
  generateLargeInitiative(large);
  const example = measure(process.execPath, [CONCERT, 'validate', 'examples/eastside-learns', '--today', '2026-11-23', '--quiet'], { runs: 5 });
  const big = measure(process.execPath, [CONCERT, 'validate', large, '--no-data', '--today', '2026-11-23', '--quiet'], { runs: 5 });
  table(
    ['command', 'median', 'peak RSS'],
    [
      ['validate examples/eastside-learns', fmtMs(example.ms), fmtMB(example.rssMB)],
      ['validate large (2,000 indicators, 500 partners, 1,000 activities)', fmtMs(big.ms), fmtMB(big.rssMB)],
    ],
  );
}
