// Shared helpers for the benchmark parts: run a whole process several times, report medians.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../', import.meta.url));
export const CONCERT = fileURLToPath(new URL('../bin/concert.js', import.meta.url));
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** Run `cmd args` `runs` times; median wall time (ms), median peak RSS (MB, when /usr/bin/time exists), the last run's stdout. */
export function measure(cmd, args, { runs = 5, cwd = REPO, okCodes = [0, 1], env = process.env } = {}) {
  const times = [];
  const rss = [];
  let out = '';
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const r = TIME ? spawnSync(TIME, ['-f', '%M', cmd, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30 }) : spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (!okCodes.includes(r.status ?? -1)) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${(r.stderr ?? '').slice(0, 500)}`);
    times.push(ms);
    out = r.stdout ?? '';
    if (TIME) {
      const kb = Number((r.stderr ?? '').trim().split('\n').pop());
      if (Number.isFinite(kb)) rss.push(kb / 1024);
    }
  }
  return { ms: median(times), rssMB: rss.length ? median(rss) : null, runs, out };
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Print rows as a Markdown table (so the figures paste straight into notes). */
export function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  console.log(line(headers));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

export const fmtMs = (ms) => `${ms.toFixed(0)} ms`;
export const fmtMB = (mb) => (mb === null ? 'n/a' : `${mb.toFixed(0)} MB`);
