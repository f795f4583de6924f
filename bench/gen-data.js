// A deterministic data drop inside a generated initiative: 200 indicators, 300 partners,
// 12 months, a 20-value dimension `group`, values with two decimals (so the indicators are
// `number` summed, not `count`, whose values must be whole). Rows come in blocks of 21
// (a partner's total for an indicator and month, then its 20 groups, which add up to the total),
// spread over the (indicator, partner, month) space so every row has its own merge key.
import { createWriteStream, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const INDICATORS = 200;
const PARTNERS = 300;
const MONTHS = 12;
const GROUPS = 20;

function yamlFiles(dir, create = false) {
  if (create) mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'initiative.yaml'), [
    'version: 1', 'id: bench-data', 'name: Bench Data', 'period: month',
    'backbone:', '  organization: Bench Backbone', '  staff:', '    - { name: Ana Ruiz, role: project-manager }',
    'reporting:', '  data_due_days: 30', '',
  ].join('\n'));
  writeFileSync(join(dir, 'agenda.yaml'), 'goals:\n  - id: g1\n    title: Goal one\n    strategies: []\n');
  const inds = [];
  for (let i = 0; i < INDICATORS; i++) {
    inds.push(`- { id: ind-${i}, name: Indicator ${i}, goal: g1, unit: number, aggregation: sum, direction: increase, frequency: month, disaggregate_by: [group] }`);
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
