// Runs validate, export and report over initiative folders with the built CLI (dist), in one
// process, and prints what each printed as JSON: threads.test.ts runs it once per thread setting.
import { main } from '../../dist/cli/main.js';

const dirs = JSON.parse(process.argv[2]);
const commands = [
  ['validate', '--format', 'json'],
  ['export'],
  ['report', '--format', 'json'],
];
const out = {};
for (const dir of dirs) {
  for (const command of commands) {
    let stdout = '';
    let stderr = '';
    const io = {
      stdout: (t) => void (stdout += typeof t === 'string' ? t : Buffer.from(t).toString('latin1')),
      stderr: (t) => void (stderr += t),
      cwd: process.cwd(), env: { ...process.env }, stdoutIsTTY: false, stderrIsTTY: false,
    };
    const code = await main([command[0], dir, ...command.slice(1), '--today', '2026-06-30'], io);
    out[`${dir} ${command.join(' ')}`] = { code, stdout, stderr };
  }
}
// how the ranges were read, when threads ran (the module is loaded only then)
const { rangeCounts } = await import('../../dist/core/data/threads.js');
process.stdout.write(JSON.stringify({ out, rangeCounts }));
