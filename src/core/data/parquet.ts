/**
 * The merged tidy dataset as Apache Parquet (`concert export --format parquet`), for DuckDB,
 * Spark or BigQuery. The same rows and the same hidden cells as the CSV export (SPEC 4.5, 8);
 * the writer (hyparquet-writer, pure JavaScript) is loaded only when this export is asked for.
 *
 * Columns, in the CSV's order, then one more:
 *   indicator, period        string, required
 *   partner, <dimension>…    string, null for unattributed / for the total of that dimension
 *   value                    double, null when suppressed
 *   numerator, denominator   double, null unless the indicator is weighted, or when suppressed
 *   note                     string, null when absent
 *   suppressed               boolean, required: the CSV's `suppressed` marker in the value column
 * Figures are doubles, counts included: a double holds every whole number up to 2^53 exactly, a
 * numerator may have decimals (SPEC 4.1 does not require whole ones), and one fixed schema lets
 * the files of many initiatives and periods be loaded into one warehouse table.
 */
import type { ColumnSource, Writer } from 'hyparquet-writer';
import type { Initiative } from '../model/types.js';
import { exportRows } from './export.js';
import type { MergedData } from './types.js';

/**
 * Rows per row group. The writer needs about 45 MB besides the columns to encode 100,000 rows;
 * 50,000 keeps a 1M-row export some 50 MB lower at peak for a file under 1% larger.
 */
export const ROW_GROUP_ROWS = 50_000;

/** Bytes the writer gathers before handing them on (its buffer is then reused). */
const CHUNK_BYTES = 1 << 20;

export interface ParquetExportOptions {
  /** Apply privacy.min_count (default true). */
  suppress?: boolean;
  /** The file's `created_by`, e.g. `concert version 0.1.0`: no timestamp, so the same input gives the same bytes. */
  createdBy: string;
  /** Rows per row group (default ROW_GROUP_ROWS). */
  rowGroupRows?: number;
}

/** One row group's columns, filled row by row. */
class Group {
  readonly indicator: string[] = [];
  readonly period: string[] = [];
  readonly partner: (string | null)[] = [];
  readonly dims: (string | null)[][];
  readonly value: (number | null)[] = [];
  readonly numerator: (number | null)[] = [];
  readonly denominator: (number | null)[] = [];
  readonly note: (string | null)[] = [];
  readonly suppressed: boolean[] = [];
  constructor(dimensions: number) {
    this.dims = Array.from({ length: dimensions }, () => []);
  }
  get size(): number {
    return this.indicator.length;
  }
}

/** The columns in file order, with their Parquet types (used for the schema and for each row group). */
function columnsOf(dims: string[], g: Group): ColumnSource[] {
  return [
    { name: 'indicator', type: 'STRING', nullable: false, data: g.indicator },
    { name: 'period', type: 'STRING', nullable: false, data: g.period },
    { name: 'partner', type: 'STRING', data: g.partner },
    ...dims.map((name, k): ColumnSource => ({ name, type: 'STRING', data: g.dims[k]! })),
    { name: 'value', type: 'DOUBLE', data: g.value },
    { name: 'numerator', type: 'DOUBLE', data: g.numerator },
    { name: 'denominator', type: 'DOUBLE', data: g.denominator },
    { name: 'note', type: 'STRING', data: g.note },
    { name: 'suppressed', type: 'BOOLEAN', nullable: false, data: g.suppressed },
  ];
}

/** The columns every export has; a dimension of one of these names cannot be a Parquet column too. */
const FIXED_COLUMNS = ['indicator', 'period', 'partner', 'value', 'numerator', 'denominator', 'note', 'suppressed'];

/** A dimension named like a fixed column: a Parquet file cannot hold two columns of one name. */
export class ColumnClash extends Error {
  constructor(readonly dimension: string) {
    super(`dimension '${dimension}' has the name of an export column (${FIXED_COLUMNS.join(', ')}); a Parquet file cannot hold both: rename the dimension in dimensions.yaml`);
    this.name = 'ColumnClash';
  }
}

const finite = (n: number | undefined): number | null => (n === undefined || !Number.isFinite(n) ? null : n);

/** The export as the bytes of one Parquet file (snappy-compressed, with column statistics). */
export async function exportParquet(initiative: Initiative, data: MergedData, options: ParquetExportOptions): Promise<Uint8Array> {
  const { ByteWriter, ParquetWriter, schemaFromColumnData } = await import('hyparquet-writer');
  const { dims, rows } = exportRows(initiative, data, options.suppress !== false);
  const clash = dims.find((d) => FIXED_COLUMNS.includes(d));
  if (clash !== undefined) throw new ColumnClash(clash);
  // The types go into the schema once; each row group's columns then carry only the data.
  const schema = schemaFromColumnData({ columnData: columnsOf(dims, new Group(dims.length)) });
  const { writer, parts } = chunkedWriter(new ByteWriter(CHUNK_BYTES));
  // Whole ids in the min/max statistics (the writer cuts strings at 16 bytes by default); a long note is still cut.
  const parquet = new ParquetWriter({ writer, schema, createdBy: options.createdBy, statisticsTruncateLength: 64 });
  const untyped = (g: Group): ColumnSource[] => columnsOf(dims, g).map(({ name, data }) => ({ name, data }));

  const groupRows = options.rowGroupRows ?? ROW_GROUP_ROWS;
  let g = new Group(dims.length);
  for (const [r, reason] of rows) {
    const hidden = reason !== null;
    g.indicator.push(r.indicator);
    g.period.push(r.period);
    g.partner.push(r.partner === '' ? null : r.partner);
    for (let k = 0; k < dims.length; k++) g.dims[k]!.push(r.dimensions[dims[k]!] ?? null);
    g.value.push(hidden ? null : finite(r.value));
    g.numerator.push(hidden ? null : finite(r.numerator));
    g.denominator.push(hidden ? null : finite(r.denominator));
    g.note.push(r.note ?? null);
    g.suppressed.push(hidden);
    if (g.size === groupRows) {
      parquet.write({ columnData: untyped(g), rowGroupSize: groupRows });
      g = new Group(dims.length);
    }
  }
  if (g.size > 0) parquet.write({ columnData: untyped(g), rowGroupSize: groupRows });
  parquet.finish();
  const bytes = Buffer.concat(parts);
  return parquet.num_rows === 0n ? typeEmptyRowGroups(bytes) : bytes;
}

/**
 * An initiative without data yet exports a file with no row groups. hyparquet-writer 0.17 writes
 * that empty list without an element type, which arrow-rs rejects (DuckDB reads it):
 * give the list its type (struct) in the footer. The footer holds `num_rows` 0 (0x16 0x00), then
 * the empty `row_groups` list (0x19 0x00), then `created_by` (0x28).
 */
function typeEmptyRowGroups(bytes: Buffer): Buffer {
  const footer = bytes.length - 8 - bytes.readUInt32LE(bytes.length - 8);
  const at = bytes.lastIndexOf(Buffer.from([0x16, 0x00, 0x19, 0x00, 0x28]));
  if (at >= footer) bytes[at + 3] = 0x0c;
  return bytes;
}

/**
 * A ByteWriter that hands its bytes on every CHUNK_BYTES and starts again at the front of its
 * buffer (as hyparquet-writer's own file writer does), so the file is never copied while it grows.
 */
function chunkedWriter(writer: Writer & { index: number }): { writer: Writer; parts: Uint8Array[] } {
  const parts: Uint8Array[] = [];
  const grow = writer.ensure.bind(writer);
  const handOn = () => {
    if (writer.index > 0) parts.push(new Uint8Array(writer.buffer.slice(0, writer.index)));
    writer.index = 0;
  };
  writer.ensure = (size: number) => {
    if (writer.index > CHUNK_BYTES) handOn();
    grow(size);
  };
  writer.finish = handOn;
  return { writer, parts };
}
