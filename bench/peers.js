// The peers of `npm run bench data`, doing Concert's work on the same files: group every row by
// the full merge key (indicator, period, partner, group) with a count and sums, and count the keys
// given more than once (Concert keeps every key to find duplicates and conflicts). Neither peer is
// part of Concert's install: DuckDB's Node API and Miller are found here, or installed on request.
import { spawnSync } from 'node:child_process';
import { REPO } from './lib.js';

export const DUCKDB_PACKAGE = '@duckdb/node-api@1.5.6-r.1';

const quote = (name) => `"${name.replace(/"/g, '""')}"`;

/** `node -e` program running the SQL in argv[1] and printing its one row as JSON. */
const DUCKDB = `
import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const r = await con.runAndReadAll(process.argv[1]);
console.log(JSON.stringify(r.getRowObjectsJson()[0]));`;

/**
 * DuckDB's reader told the columns (as Concert knows them from the header): sniffing each of
 * 10,000 small files costs DuckDB about ten times the query.
 */
function readCsv(source, header, sums) {
  const columns = header.map((c) => `'${c}': '${sums.includes(c) ? 'DOUBLE' : 'VARCHAR'}'`).join(', ');
  return `read_csv('${source.replace(/'/g, "''")}', auto_detect = false, header = true, delim = ',', quote = '"', escape = '"', columns = {${columns}})`;
}

/** The SQL of the same work: full key, count and sums, then the keys given twice or more. */
export function fullKeySql(source, header, keys, sums) {
  const q = keys.map(quote).join(', ');
  const s = sums.map((c, i) => `sum(${quote(c)}) AS s${i}`).join(', ');
  return `WITH g AS (SELECT ${q}, count(*) AS n, ${s} FROM ${readCsv(source, header, sums)} GROUP BY ALL)
SELECT count(*) AS keys, count(*) FILTER (WHERE n > 1) AS repeated, ${sums.map((_, i) => `sum(s${i}) AS s${i}`).join(', ')} FROM g`;
}

/** The lighter query of the earlier benchmark: three keys (no partner), not the same work. */
export function threeKeySql(source, header, sums) {
  return `SELECT count(*) AS keys FROM (SELECT "indicator", "period", "group", sum(${quote(sums[0])}), count(*) FROM ${readCsv(source, header, sums)} GROUP BY ALL)`;
}

/** [command, args] for DuckDB running `sql`. */
export function duckdbCommand(sql) {
  return [process.execPath, ['--input-type=module', '-e', DUCKDB, sql]];
}

/** [command, args] for Miller's full-key group-by with count and sums over `csvs`. */
export function millerCommand(csvs, keys, sums) {
  return ['mlr', ['--icsv', '--ojson', 'stats1', '-a', 'count,sum', '-f', sums.join(','), '-g', keys.join(','), 'then', 'count', ...csvs]];
}

function runs(cmd, args) {
  return spawnSync(cmd, args, { cwd: REPO, encoding: 'utf8' }).status === 0;
}

/** Is DuckDB's Node API importable? With BENCH_INSTALL=1 it is installed (--no-save) when missing. */
export function findDuckDB(log) {
  const probe = () => runs(process.execPath, ['--input-type=module', '-e', "await import('@duckdb/node-api')"]);
  if (probe()) return true;
  const install = `npm install --no-save ${DUCKDB_PACKAGE}`;
  if (process.env.BENCH_INSTALL !== '1') {
    log(`DuckDB not found: ${install} (or BENCH_INSTALL=1 npm run bench data)`);
    return false;
  }
  log(`installing DuckDB: ${install}`);
  spawnSync('npm', ['install', '--no-save', DUCKDB_PACKAGE], { cwd: REPO, stdio: 'inherit' });
  return probe();
}

/** Is Miller on the PATH? */
export function findMiller(log) {
  if (runs('mlr', ['--version'])) return true;
  log('Miller not found: apt-get install miller (or brew install miller)');
  return false;
}
