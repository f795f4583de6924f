// A deterministic data drop inside a generated initiative: 200 indicators, 300 partners,
// 12 months, a 20-value dimension `group`, values with two decimals (so the indicators are
// `number` summed, not `count`, whose values must be whole). Rows come in blocks of 21
// (a partner's total for an indicator and month, then its 20 groups, which add up to the total),
// spread over the (indicator, partner, month) space so every row has its own merge key.
import { createWriteStream, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const INDICATORS = 200;
const PARTNERS = 300;
const MONTHS = 12;
const GROUPS = 20;

function yamlFiles(dir, create = false, { weighted = false } = {}) {
  if (create) mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'initiative.yaml'), [
    'version: 1', 'id: bench-data', 'name: Bench Data', 'period: month',
    'backbone:', '  organization: Bench Backbone', '  staff:', '    - { name: Ana Ruiz, role: project-manager }',
    'reporting:', '  data_due_days: 30', '',
  ].join('\n'));
  writeFileSync(join(dir, 'agenda.yaml'), 'goals:\n  - id: g1\n    title: Goal one\n    strategies: []\n');
  const inds = [];
  for (let i = 0; i < INDICATORS; i++) {
    inds.push(weighted
      ? `- { id: ind-${i}, name: Indicator ${i}, goal: g1, unit: percent, aggregation: weighted, decimals: 1, direction: increase, frequency: month, disaggregate_by: [group] }`
      : `- { id: ind-${i}, name: Indicator ${i}, goal: g1, unit: number, aggregation: sum, direction: increase, frequency: month, disaggregate_by: [group] }`);
  }
  writeFileSync(join(dir, 'indicators.yaml'), inds.join('\n') + '\n');
  const parts = [];
  for (let p = 0; p < PARTNERS; p++) parts.push(`- { id: partner-${p}, name: Partner ${p}, sector: nonprofit }`);
  writeFileSync(join(dir, 'partners.yaml'), parts.join('\n') + '\n');
  const vals = [];
  for (let g = 0; g < GROUPS; g++) vals.push(`    - { id: g${g}, label: Group ${g} }`);
  writeFileSync(join(dir, 'dimensions.yaml'), `- id: group\n  name: Group\n  values:\n${vals.join('\n')}\n`);
}

/**
 * Many small drops: `files` files of `rows` rows each (default 10,000 × 10), one per (partner,
 * indicator, month) under data/<partner>/, each a total and its first groups. Cached by shape.
 */
export async function generateDataFiles(cacheDir, files = 10000, rows = 10) {
  const dir = join(cacheDir, `files-${files}x${rows}`);
  yamlFiles(dir, true);
  if (existsSync(join(dir, '.complete'))) return { dir };
  rmSync(join(dir, 'data'), { recursive: true, force: true });
  for (let k = 0; k < files; k++) {
    const part = k % PARTNERS;
    const ind = Math.floor(k / PARTNERS) % INDICATORS;
    const period = `2025-${String((k % MONTHS) + 1).padStart(2, '0')}`;
    const folder = join(dir, 'data', `partner-${part}`);
    if (k < PARTNERS) mkdirSync(folder, { recursive: true });
    let text = 'indicator,period,partner,group,value\n';
    for (let r = 0; r < rows; r++) text += `ind-${ind},${period},partner-${part},${r === 0 ? '' : `g${r - 1}`},${(k * 7 + r * 13) % 1000}\n`;
    writeFileSync(join(folder, `ind-${ind}-${period}.csv`), text);
  }
  writeFileSync(join(dir, '.complete'), String(files));
  return { dir };
}

/** Generate (once; cached by row count) and return the initiative folder and the CSV path. */
export async function generateDataDrop(cacheDir, rows) {
  const dir = join(cacheDir, `data-${rows}`);
  const csv = join(dir, 'data', 'drop.csv');
  // the YAML is rewritten every time (cheap), so a cached drop follows changes to the indicators
  if (existsSync(join(dir, '.complete'))) {
    yamlFiles(dir);
    return { dir, csv };
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'data'), { recursive: true });
  yamlFiles(dir);
  const out = createWriteStream(csv);
  const write = (s) => (out.write(s) ? Promise.resolve() : new Promise((r) => out.once('drain', r)));
  let seed = 12345;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
  const combos = INDICATORS * PARTNERS * MONTHS;
  const STEP = 7919 * 13; // coprime with combos: spreads blocks over the key space
  let buf = 'indicator,period,partner,group,value\n';
  let n = 0;
  for (let b = 0; n < rows; b++) {
    const c = (b * STEP) % combos;
    const ind = c % INDICATORS;
    const part = Math.floor(c / INDICATORS) % PARTNERS;
    const month = Math.floor(c / (INDICATORS * PARTNERS));
    const period = `2025-${String(month + 1).padStart(2, '0')}`;
    const cents = [];
    let total = 0;
    for (let g = 0; g < GROUPS; g++) {
      const v = Math.floor(rand() * 100000);
      cents.push(v);
      total += v;
    }
    const fmt = (v) => `${Math.floor(v / 100)}.${String(v % 100).padStart(2, '0')}`;
    buf += `ind-${ind},${period},partner-${part},,${fmt(total)}\n`;
    n++;
    for (let g = 0; g < GROUPS && n < rows; g++, n++) buf += `ind-${ind},${period},partner-${part},g${g},${fmt(cents[g])}\n`;
    if (buf.length > 1 << 20) {
      await write(buf);
      buf = '';
    }
  }
  await write(buf);
  await new Promise((r) => out.end(r));
  writeFileSync(join(dir, '.complete'), String(rows));
  return { dir, csv };
}

// ---------------------------------------------------------------- the benchmark matrix's shapes
// Every shape uses the same initiative (200 monthly indicators, 300 partners, a 20-value dimension
// `group`), except `weighted`, whose indicators are weighted rates. Each is cached by shape and size.

const rng = (seed) => () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
const money = (v) => `${Math.floor(v / 100)}.${String(v % 100).padStart(2, '0')}`;
const monthOf = (m) => `${2025 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
const KEYS = ['indicator', 'period', 'partner', 'group'];
const STEP = 7919 * 13;

/** Data rows only, every key distinct, one partner's block after another (no total rows). */
function* partnerRows(rows) {
  // Past 14.4M rows (a year of every key) the drop runs into the next year, so keys stay distinct.
  const months = Math.max(MONTHS, Math.ceil(rows / (INDICATORS * PARTNERS * GROUPS)));
  const rand = rng(777);
  for (let n = 0, b = 0; n < rows; b++) {
    const month = b % months;
    const part = Math.floor(b / months) % PARTNERS;
    const ind = Math.floor(b / (months * PARTNERS));
    for (let g = 0; g < GROUPS && n < rows; g++, n++) yield `ind-${ind},${monthOf(month)},partner-${part},g${g},${money(Math.floor(rand() * 100000))}\n`;
  }
}

/** A total and its 20 groups for (ind, part, month), the groups adding up to the total. */
function* block(ind, part, month, rand, left, row = (g, v) => `ind-${ind},${monthOf(month)},partner-${part},${g},${money(v)}\n`) {
  const cents = [];
  let total = 0;
  for (let g = 0; g < GROUPS; g++) {
    const v = Math.floor(rand() * 100000);
    cents.push(v);
    total += v;
  }
  yield row('', total);
  for (let g = 0; g < GROUPS && g + 1 < left; g++) yield row(`g${g}`, cents[g]);
}

/** Few distinct keys, many rows: 5 indicators × 10 partners × 12 months × 21 = 12,600 keys, repeated with the same values. */
function* heavyRows(rows) {
  const blocks = 5 * 10 * MONTHS;
  for (let n = 0, b = 0; n < rows; b++) {
    const c = b % blocks;
    for (const line of block(c % 5, Math.floor(c / 5) % 10, Math.floor(c / 50), rng(c + 1), rows - n)) {
      yield line;
      n++;
    }
  }
}

/** Weighted rates: numerator and denominator per row, the groups adding up to the total's. */
function* weightedRows(rows) {
  const rand = rng(4242);
  const combos = INDICATORS * PARTNERS * MONTHS;
  for (let n = 0, b = 0; n < rows; b++) {
    const c = (b * STEP) % combos;
    const head = `ind-${c % INDICATORS},${monthOf(Math.floor(c / (INDICATORS * PARTNERS)))},partner-${Math.floor(c / INDICATORS) % PARTNERS}`;
    const nums = [];
    const dens = [];
    let num = 0;
    let den = 0;
    for (let g = 0; g < GROUPS; g++) {
      const d = 50 + Math.floor(rand() * 1000);
      const k = Math.floor(rand() * (d + 1));
      dens.push(d);
      nums.push(k);
      num += k;
      den += d;
    }
    yield `${head},,${num},${den}\n`;
    n++;
    for (let g = 0; g < GROUPS && n < rows; g++, n++) yield `${head},g${g},${nums[g]},${dens[g]}\n`;
  }
}

/** The current shape with a `note` column; 30% of rows quote the partner and carry a quoted note with a comma and doubled quotes. */
function* quotedRows(rows) {
  const rand = rng(12345);
  const pick = rng(99);
  const combos = INDICATORS * PARTNERS * MONTHS;
  for (let n = 0, b = 0; n < rows; b++) {
    const c = (b * STEP) % combos;
    const ind = c % INDICATORS;
    const part = Math.floor(c / INDICATORS) % PARTNERS;
    const month = Math.floor(c / (INDICATORS * PARTNERS));
    const period = monthOf(month);
    const row = (g, v) => (pick() < 0.3
      ? `ind-${ind},${period},"partner-${part}",${g},${money(v)},"revised, per ""site"" lead"\n`
      : `ind-${ind},${period},partner-${part},${g},${money(v)},\n`);
    for (const line of block(ind, part, month, rand, rows - n, row)) {
      yield line;
      n++;
    }
  }
}

async function writeLines(path, header, lines) {
  const out = createWriteStream(path);
  const write = (s) => (out.write(s) ? Promise.resolve() : new Promise((r) => out.once('drain', r)));
  let buf = header;
  for (const line of lines) {
    buf += line;
    if (buf.length > 1 << 20) {
      await write(buf);
      buf = '';
    }
  }
  await write(buf);
  await new Promise((r) => out.end(r));
}

/** 10,000 files under data/<partner>/, rows/10,000 each; every key distinct across them. */
function writeSmallFiles(dir, rows, files = 10000) {
  const per = Math.ceil(rows / files);
  const blocksPerFile = Math.ceil(per / (GROUPS + 1));
  let n = 0;
  for (let k = 0; k < files && n < rows; k++) {
    const part = k % PARTNERS;
    const j = Math.floor(k / PARTNERS);
    const folder = join(dir, 'data', `partner-${part}`);
    if (k < PARTNERS) mkdirSync(folder, { recursive: true });
    const rand = rng(k + 1);
    let text = `${KEYS.join(',')},value\n`;
    let inFile = 0;
    for (let i = 0; inFile < per && n < rows; i++) {
      const b = j * blocksPerFile + i;
      if (b >= INDICATORS * MONTHS) throw new Error('too many rows per file for distinct keys');
      for (const line of block(b % INDICATORS, part, Math.floor(b / INDICATORS), rand, Math.min(per - inFile, rows - n))) {
        text += line;
        inFile++;
        n++;
      }
    }
    writeFileSync(join(folder, `part-${String(j).padStart(2, '0')}.csv`), text);
  }
}

/**
 * The shapes of `npm run bench data`: what each is, its key columns (the full merge key, which
 * the peers group by) and the columns they sum.
 */
export const SHAPES = {
  current: { about: 'total + 20 groups per (indicator, partner, month), spread over the key space', sums: ['value'] },
  partners: { about: 'partner column, 20 groups, no totals, every key distinct, partner by partner', sums: ['value'] },
  heavy: { about: '12,600 distinct keys repeated (same values): heavy aggregation', sums: ['value'] },
  weighted: { about: 'weighted rates: numerator and denominator, groups add up to totals', sums: ['numerator', 'denominator'] },
  quoted: { about: 'the current shape plus a note column; 30% of rows have quoted fields', sums: ['value'] },
  files: { about: '10,000 small files under data/<partner>/', sums: ['value'] },
};

/** Generate (once; cached by shape and size): the initiative folder and the CSV files the peers read. */
export async function generateShape(cacheDir, shape, rows) {
  const spec = SHAPES[shape];
  if (!spec) throw new Error(`unknown shape '${shape}' (shapes: ${Object.keys(SHAPES).join(', ')})`);
  const keys = KEYS;
  if (shape === 'current') {
    const { dir, csv } = await generateDataDrop(cacheDir, rows);
    return { dir, csvs: [csv], glob: csv, header: [...keys, 'value'], keys, sums: spec.sums };
  }
  const dir = join(cacheDir, `${shape}-${rows}`);
  const yaml = { weighted: shape === 'weighted' };
  if (!existsSync(join(dir, '.complete'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'data'), { recursive: true });
    const csv = join(dir, 'data', 'drop.csv');
    if (shape === 'partners') await writeLines(csv, `${keys.join(',')},value\n`, partnerRows(rows));
    if (shape === 'heavy') await writeLines(csv, `${keys.join(',')},value\n`, heavyRows(rows));
    if (shape === 'weighted') await writeLines(csv, `${keys.join(',')},numerator,denominator\n`, weightedRows(rows));
    if (shape === 'quoted') await writeLines(csv, `${keys.join(',')},value,note\n`, quotedRows(rows));
    if (shape === 'files') writeSmallFiles(dir, rows);
    writeFileSync(join(dir, '.complete'), String(rows));
  }
  yamlFiles(dir, false, yaml);
  if (shape === 'files') {
    const csvs = [];
    for (const p of readdirSync(join(dir, 'data')).sort()) for (const f of readdirSync(join(dir, 'data', p)).sort()) csvs.push(join(dir, 'data', p, f));
    return { dir, csvs, glob: join(dir, 'data', '*', '*.csv'), header: [...keys, 'value'], keys, sums: spec.sums };
  }
  const csv = join(dir, 'data', 'drop.csv');
  const header = [...keys, ...spec.sums, ...(shape === 'quoted' ? ['note'] : [])];
  return { dir, csvs: [csv], glob: csv, header, keys, sums: spec.sums };
}
