/**
 * `concert export --format parquet`: the file is read back with an independent reader (arrow-rs
 * compiled to WASM, `parquet-wasm`) and every row and column compared with `--format csv`.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC, type Table } from 'apache-arrow';
import { parquetMetadata } from 'hyparquet';
import { ParquetFile, readParquet } from 'parquet-wasm/node';
import { afterAll, describe, expect, it } from 'vitest';
import { csvNumber, csvText, loadData } from '../../src/core/data/index.js';
import { exportParquet } from '../../src/core/data/parquet.js';
import { loadInitiative } from '../../src/core/load.js';
import { EXAMPLE, FIXTURES, runCli } from '../helpers/run.js';

const tmp = mkdtempSync(join(tmpdir(), 'concert-parquet-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** data-valid plus unattributed rows, a decimal numerator and notes a spreadsheet would take for formulas. */
function trickyCopy(): string {
  const dir = join(tmp, 'tricky');
  cpSync(join(FIXTURES, 'data-valid'), dir, { recursive: true });
  writeFileSync(join(dir, 'data', 'extra.csv'), [
    'indicator,period,numerator,denominator,value,note',
    'reading,SY2023-24,12.5,25,,"=HYPERLINK(""x"")"',
    'score,2024,,,251.5,"-2, then ""more""\nsecond line"',
    'score,2023,,,0,Ünïcode ✓',
    '',
  ].join('\n'));
  return dir;
}

function readBack(path: string): Table {
  return tableFromIPC(readParquet(readFileSync(path)).intoIPCStream());
}

/** The CSV export the Parquet rows stand for: strings as csvText, figures as csvNumber, the marker for suppressed cells. */
function asCsv(table: Table): string {
  const names = table.schema.fields.map((f) => f.name).filter((n) => n !== 'suppressed');
  const figures = new Set(['value', 'numerator', 'denominator']);
  let text = names.map(csvText).join(',') + '\n';
  for (const row of table.toArray()) {
    const r = row.toJSON() as Record<string, string | number | boolean | null>;
    text += names.map((n) => {
      const v = r[n];
      if (n === 'value' && r['suppressed'] === true) return 'suppressed';
      if (figures.has(n)) return csvNumber(v === null ? undefined : (v as number));
      return csvText(v === null ? '' : String(v));
    }).join(',') + '\n';
  }
  return text;
}

describe('concert export --format parquet', () => {
  const cases: [string, string, string[]][] = [
    ['the example', EXAMPLE, ['--today', '2026-11-23']],
    ['suppression and a weighted indicator', join(FIXTURES, 'data-valid'), ['--today', '2026-01-15']],
    ['the same, with --no-suppress', join(FIXTURES, 'data-valid'), ['--today', '2026-01-15', '--no-suppress']],
    ['unattributed rows, decimals and formula-like notes', trickyCopy(), ['--today', '2026-01-15']],
  ];

  it.each(cases)('holds every row and value of the CSV export: %s', async (name, dir, flags) => {
    const out = join(tmp, `${name.replace(/\W+/g, '-')}.parquet`);
    const csv = await runCli(['export', dir, ...flags]);
    const parquet = await runCli(['export', dir, ...flags, '--format', 'parquet', '--out', out]);
    expect(csv.code).toBe(0);
    expect(parquet).toEqual({ code: 0, stdout: '', stderr: '' });
    const table = readBack(out);
    expect(table.numRows).toBeGreaterThan(5);
    expect(asCsv(table)).toBe(csv.stdout);
    // A hidden figure is null, never a number, and the flag says why.
    for (const row of table.toArray()) {
      const r = row.toJSON();
      if (r['suppressed']) expect([r['value'], r['numerator'], r['denominator']]).toEqual([null, null, null]);
    }
  });

  it('types the columns: strings, doubles and a boolean flag; null for unattributed and totals', async () => {
    const out = join(tmp, 'types.parquet');
    expect((await runCli(['export', trickyCopy(), '--today', '2026-01-15', '--format', 'parquet', '--out', out])).code).toBe(0);
    const table = readBack(out);
    expect(table.schema.fields.map((f) => `${f.name} ${String(f.type)} ${f.nullable ? 'null' : 'required'}`)).toEqual([
      'indicator Utf8 required', 'period Utf8 required', 'partner Utf8 null', 'race Utf8 null',
      'value Float64 null', 'numerator Float64 null', 'denominator Float64 null', 'note Utf8 null', 'suppressed Bool required',
    ]);
    const rows = table.toArray().map((r) => r.toJSON());
    expect(rows).toContainEqual({
      indicator: 'reading', period: 'SY2023-24', partner: null, race: null,
      value: 50, numerator: 12.5, denominator: 25, note: '=HYPERLINK("x")', suppressed: false,
    });
    expect(rows).toContainEqual(expect.objectContaining({ indicator: 'score', period: '2024', value: 251.5, note: '-2, then "more"\nsecond line' }));
    expect(rows).toContainEqual(expect.objectContaining({ indicator: 'seats', partner: 'library', race: 'black', value: null, suppressed: true }));
  });

  it('writes snappy row groups with statistics, and the same bytes every time', async () => {
    const a = join(tmp, 'a.parquet');
    const b = join(tmp, 'b.parquet');
    for (const out of [a, b]) expect((await runCli(['export', EXAMPLE, '--today', '2026-11-23', '--format', 'parquet', '--out', out])).code).toBe(0);
    const bytes = readFileSync(a);
    expect(readFileSync(b).equals(bytes)).toBe(true);

    const file = await ParquetFile.fromFile(new Blob([bytes]));
    const meta = file.metadata();
    expect(meta.fileMetadata().createdBy()).toMatch(/^concert version \d+\.\d+\.\d+/);
    expect(meta.numRowGroups()).toBe(1);
    for (const c of meta.rowGroup(0).columns()) expect(c.compression()).toBe(1); // Compression.SNAPPY

    const columns = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)).row_groups[0]!.columns;
    for (const c of columns) {
      const stats = c.meta_data!.statistics!;
      expect(stats.null_count, c.meta_data!.path_in_schema.join('.')).toBeTypeOf('bigint');
      if (stats.null_count! < c.meta_data!.num_values) expect(stats.min_value ?? null, c.meta_data!.path_in_schema.join('.')).not.toBeNull();
    }
    const value = columns.find((c) => c.meta_data!.path_in_schema[0] === 'value')!.meta_data!.statistics!;
    expect(Number(value.null_count)).toBeGreaterThan(0); // the example has suppressed cells
  });

  it('splits large exports into row groups of the given size', async () => {
    const { initiative } = await loadInitiative(join(FIXTURES, 'data-valid'));
    const { data } = await loadData(initiative, { today: '2026-01-15' });
    const path = join(tmp, 'groups.parquet');
    writeFileSync(path, await exportParquet(initiative, data, { createdBy: 'test', rowGroupRows: 4 }));
    const meta = (await ParquetFile.fromFile(new Blob([readFileSync(path)]))).metadata();
    expect(meta.rowGroups().map((g) => g.numRows())).toEqual([4, 4, 3]);
    const whole = join(tmp, 'whole.parquet');
    writeFileSync(whole, await exportParquet(initiative, data, { createdBy: 'test' }));
    expect(readBack(path).toArray().map((r) => r.toJSON())).toEqual(readBack(whole).toArray().map((r) => r.toJSON()));
  });

  it('writes a readable file, with the schema and no rows, for an initiative without data', async () => {
    const dir = join(tmp, 'no-data');
    cpSync(join(FIXTURES, 'data-valid'), dir, { recursive: true });
    rmSync(join(dir, 'data'), { recursive: true });
    const out = join(tmp, 'empty.parquet');
    expect((await runCli(['export', dir, '--today', '2026-01-15', '--format', 'parquet', '--out', out])).code).toBe(0);
    const table = readBack(out);
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['indicator', 'period', 'partner', 'race', 'value', 'numerator', 'denominator', 'note', 'suppressed']);
  });

  it('refuses a dimension named like an export column (exit 2, no file)', async () => {
    const dir = join(tmp, 'clash');
    cpSync(join(FIXTURES, 'data-valid'), dir, { recursive: true });
    for (const f of ['dimensions.yaml', 'indicators.yaml', 'data/library/seats.csv', 'data/schools/reading.csv']) {
      writeFileSync(join(dir, f), readFileSync(join(dir, f), 'utf8').replace(/\brace\b/g, 'suppressed'));
    }
    const out = join(tmp, 'clash.parquet');
    const r = await runCli(['export', dir, '--today', '2026-01-15', '--format', 'parquet', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^concert: dimension 'suppressed' has the name of an export column .* rename the dimension in dimensions.yaml\n$/);
    expect(readdirSync(tmp)).not.toContain('clash.parquet');
  });

  it('refuses to write Parquet without --out (exit 2, nothing on stdout)', async () => {
    for (const out of [[], ['--out', '-']]) {
      const r = await runCli(['export', EXAMPLE, '--format', 'parquet', ...out]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/--format parquet writes a file: give --out FILE/);
    }
  });

  it('writes atomically, leaving no temp file', async () => {
    const dir = mkdtempSync(join(tmp, 'atomic-'));
    const out = join(dir, 'tidy.parquet');
    writeFileSync(out, 'old');
    expect((await runCli(['export', EXAMPLE, '--today', '2026-11-23', '--format', 'parquet', '--out', out])).code).toBe(0);
    expect(readdirSync(dir)).toEqual(['tidy.parquet']);
    expect(readFileSync(out).subarray(0, 4).toString()).toBe('PAR1');
  });
});
