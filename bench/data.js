// `concert validate` on generated data of several shapes and sizes, against DuckDB and Miller
// doing the same work on the same files in the same run: group by the full merge key
// (indicator, period, partner, group) with a count and sums, and count the keys given twice.
// DuckDB's lighter three-key group-by (the earlier benchmark's query) is a second, labelled table.
// Every figure is one cold process: median wall time and median peak RSS.
//
//   BENCH_DATA_ROWS=1000000,5000000   sizes (rows per shape)
//   BENCH_SHAPES=current,partners,heavy,weighted,quoted,files
//   BENCH_RUNS=3                      runs per figure (the median is shown)
//   BENCH_THREADS=2                   threads for the second Concert column (CONCERT_THREADS)
//   BENCH_MILLER_MAX_ROWS=1000000     Miller is skipped above this (it takes minutes on 5M rows)
//   BENCH_INSTALL=1                   install DuckDB's Node API (--no-save) when it is missing
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { CONCERT, REPO, measure, table } from './lib.js';
import { SHAPES, generateShape } from './gen-data.js';
import { duckdbCommand, findDuckDB, findMiller, fullKeySql, millerCommand, threeKeySql } from './peers.js';

const log = (line) => process.stderr.write(`${line}\n`);
/** One figure; a failed run is shown as failed (and why, on stderr) instead of ending the matrix. */
const attempt = (what, fn) => {
  try {
    return fn();
  } catch (err) {
    log(`${what} failed: ${err.message}`);
    return { failed: true };
  }
};
const secs = (m) => (m.failed ? (m.failed === true ? 'failed' : m.failed) : `${(m.ms / 1000).toFixed(2)} s / ${m.rssMB === null ? 'n/a' : `${m.rssMB.toFixed(0)} MB`}`);
const ratio = (a, b) => (a.failed || b.failed ? '–' : `${(a.ms / b.ms).toFixed(2)}×`);
const rowsLabel = (n) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n));
const keysOf = (m) => {
  if (m.failed) return NaN;
  try {
    const o = JSON.parse(m.out);
    return Number(Array.isArray(o) ? o[0].count : o.keys);
  } catch {
    return NaN;
  }
};

export async function run() {
  const sizes = (process.env.BENCH_DATA_ROWS ?? '1000000,5000000').split(',').map(Number);
  const shapes = (process.env.BENCH_SHAPES ?? Object.keys(SHAPES).join(',')).split(',');
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const threads = Number(process.env.BENCH_THREADS ?? 2);
  const millerMax = Number(process.env.BENCH_MILLER_MAX_ROWS ?? 1000000);
  const unknown = shapes.filter((s) => !SHAPES[s]);
  if (unknown.length) {
    log(`unknown shape ${unknown.join(', ')} (shapes: ${Object.keys(SHAPES).join(', ')})`);
    process.exitCode = 2;
    return;
  }
  const hasDuck = findDuckDB(log);
  const hasMlr = findMiller(log);
  const main = [];
  const lighter = [];
  for (const shape of shapes) {
    for (const n of sizes) {
      log(`${shape} ${rowsLabel(n)}: generating (cached in bench/.cache)…`);
      const g = await generateShape(join(REPO, 'bench/.cache'), shape, n);
      const mb = g.csvs.reduce((s, f) => s + statSync(f).size, 0) / 1e6;
      log(`${shape} ${rowsLabel(n)}: concert validate…`);
      const validate = [CONCERT, 'validate', g.dir, '--format', 'json', '--today', '2026-01-31'];
      const concert = attempt('concert', () => measure(process.execPath, validate, { runs, env: { ...process.env, CONCERT_THREADS: '1' } }));
      log(`${shape} ${rowsLabel(n)}: concert validate, ${threads} threads…`);
      const threaded = attempt('concert', () => measure(process.execPath, validate, { runs, env: { ...process.env, CONCERT_THREADS: String(threads) } }));
      // the same report, or the figure means nothing
      if (!concert.failed && !threaded.failed && threaded.out !== concert.out) threaded.failed = 'output differs';
      let duck = null;
      let duck3 = null;
      let mlr = null;
      if (hasDuck) {
        log(`${shape} ${rowsLabel(n)}: DuckDB full key…`);
        duck = attempt('DuckDB', () => measure(...duckdbCommand(fullKeySql(g.glob, g.header, g.keys, g.sums)), { runs, okCodes: [0] }));
        log(`${shape} ${rowsLabel(n)}: DuckDB three keys…`);
        duck3 = attempt('DuckDB', () => measure(...duckdbCommand(threeKeySql(g.glob, g.header, g.sums)), { runs, okCodes: [0] }));
      }
      if (hasMlr && n <= millerMax) {
        log(`${shape} ${rowsLabel(n)}: Miller full key…`);
        mlr = attempt('Miller', () => measure(...millerCommand(g.csvs, g.keys, g.sums), { runs, okCodes: [0] }));
      }
      const keys = [duck, mlr].map((m) => (m ? keysOf(m) : NaN)).find((k) => !Number.isNaN(k)) ?? NaN;
      main.push([
        shape, rowsLabel(n), mb.toFixed(0), Number.isNaN(keys) ? '?' : keys.toLocaleString('en-US'),
        secs(concert), secs(threaded), ratio(threaded, concert),
        duck ? secs(duck) : 'not found', duck ? ratio(concert, duck) : '–',
        mlr ? secs(mlr) : hasMlr ? 'skipped (slow)' : 'not found', mlr ? ratio(concert, mlr) : '–',
      ]);
      if (duck3) lighter.push([shape, rowsLabel(n), secs(duck3), ratio(concert, duck3)]);
    }
  }
  console.log(`Same work: group by the full key (indicator, period, partner, group) with count and sum; median of ${runs} cold runs each, wall time / peak RSS. Ratio = Concert time ÷ peer time (below 1×: Concert is faster).\n`);
  table(['shape', 'rows', 'MB', 'distinct keys', 'Concert validate', `Concert, ${threads} threads`, 'threads÷one', 'DuckDB same work', 'Concert÷DuckDB', 'Miller same work', 'Concert÷Miller'], main);
  if (lighter.length) {
    console.log('\nLighter, not the same work: DuckDB grouping by three keys (indicator, period, group; no partner), the earlier benchmark\'s query.\n');
    table(['shape', 'rows', 'DuckDB 3-key', 'Concert÷DuckDB 3-key'], lighter);
  }
  console.log('\nShapes:');
  for (const shape of shapes) console.log(`- ${shape}: ${SHAPES[shape]?.about}`);
  console.log('\nDuckDB is told the columns and their types (no sniffing, which costs it ~10× on 10,000 files) and runs on every core; Miller reads the files one after another.');
}
