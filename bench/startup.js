// Cold start: `concert --help` against a bare `node -e 0` (goal: within 2.5×).
import { CONCERT, fmtMB, fmtMs, measure, table } from './lib.js';

export async function run() {
  const bare = measure(process.execPath, ['-e', '0'], { runs: 9 });
  const help = measure(process.execPath, [CONCERT, '--help'], { runs: 9 });
  const version = measure(process.execPath, [CONCERT, '--version'], { runs: 9 });
  table(
    ['command', 'median', 'peak RSS', 'vs node -e 0'],
    [
      ['node -e 0', fmtMs(bare.ms), fmtMB(bare.rssMB), '1.00×'],
      ['concert --help', fmtMs(help.ms), fmtMB(help.rssMB), `${(help.ms / bare.ms).toFixed(2)}×`],
      ['concert --version', fmtMs(version.ms), fmtMB(version.rssMB), `${(version.ms / bare.ms).toFixed(2)}×`],
    ],
  );
}
