// Runs validate, export and report over initiative folders with the built CLI (dist), in one
// process, and prints as JSON what each printed and how its ranges were read (by workers, by the
// main thread, read again, streamed): threads.test.ts runs it once per thread setting.
import { main } from '../../dist/cli/main.js';
// the module the data load imports when threads are on: the same instance, so its counts are these
import { rangeCounts } from '../../dist/core/data/threads.js';

const dirs = JSON.parse(process.argv[2]);
const commands = [
  ['validate', '--format', 'json'],
  ['export'],
  ['report', '--format', 'json'],
];
const out = {};
const ranges = {};
for (const dir of dirs) {
  for (const command of commands) {
    let stdout = '';
    let stderr = '';
    const io = {
      stdout: (t) => void (stdout += typeof t === 'string' ? t : Buffer.from(t).toString('latin1')),
      stderr: (t) => void (stderr += t),
      cwd: process.cwd(), env: { ...process.env }, stdoutIsTTY: false, stderrIsTTY: false,
    };
    for (const k of Object.keys(rangeCounts)) rangeCounts[k] = 0;
    const code = await main([command[0], dir, ...command.slice(1), '--today', '2026-06-30'], io);
    const key = `${dir} ${command.join(' ')}`;
    out[key] = { code, stdout, stderr };
    ranges[key] = { ...rangeCounts };
  }
}
process.stdout.write(JSON.stringify({ out, ranges }));
