/**
 * `concert data import FILE [dir] --partner ID [--period P] [--map MAP.yaml] [--sheet NAME]
 * [--out PATH] [--dry-run] [--force] [--format text|json]` (SPEC 4.4).
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { loadInitiative } from '../../core/load.js';
import { emptyPlan, planImport, runImport, type ImportPlan } from '../../core/intake/import.js';
import { emptyMap, loadMap, type ImportMap } from '../../core/intake/map.js';
import { openSheet } from '../../core/intake/read-grid.js';
import { buildReceipt, receiptJson, receiptText, type ImportStatus } from '../../core/intake/receipt.js';
import type { Diagnostic } from '../../core/diagnostics.js';
import { parsePeriod } from '../../core/periods.js';
import { closest } from '../../core/suggest.js';
import { initiativeDir } from '../context.js';
import { EXIT, UsageError } from '../io.js';
import type { CommandRun } from '../main.js';
import { writeFileAtomic } from '../output.js';
import { count } from '../../core/words.js';

const posix = (p: string) => p.split(sep).join('/');

/** A file named on the command line must exist (like a missing folder, a usage error: exit 2). */
async function mustExist(abs: string, given: string, what: string): Promise<void> {
  const s = await stat(abs).catch(() => undefined);
  if (!s) throw new UsageError(`no such file: ${given}`);
  if (s.isDirectory()) throw new UsageError(`${given} is a folder; give the ${what}`);
}

/** A path as diagnostics name it: relative to the initiative when inside it, else as given. */
function shownPath(root: string, abs: string, given: string): string {
  const rel = relative(root, abs);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? posix(rel) : given;
}

/** `data/<partner>/<period>-<file name>.csv`: the period of every row (or --period) and the source's name, slugged. */
function defaultTarget(partner: string, source: string, plan: ImportPlan, period: string | undefined): string {
  const named = period ?? (plan.periods.size === 1 ? [...plan.periods][0]! : undefined);
  const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  let name = slug(basename(source, extname(source))) || 'import';
  const p = named && parsePeriod(named) ? named : '';
  if (p && !name.startsWith(p)) name = `${p}-${name}`;
  return `data/${partner}/${name}.csv`;
}

export async function run({ dir, opts, io }: CommandRun): Promise<number> {
  const file = String(opts['file']);
  const partner = String(opts['partner']);
  const period = typeof opts['period'] === 'string' ? opts['period'] : undefined;
  if (period !== undefined && !parsePeriod(period)) throw new UsageError(`--period '${period}' is not a period (like 2025-Q3, 2025, SY2024-25, 2025-H2 or 2025-07)`);
  const root = await initiativeDir(io, dir);
  const { initiative, diagnostics: loadProblems, incomplete } = await loadInitiative(root);
  const partners = initiative.partners.map((p) => p.id);
  if (!partners.includes(partner) && !incomplete.has('partners')) {
    const hint = closest(partner, partners);
    throw new UsageError(`--partner '${partner}' is not a partner of the initiative${hint ? `; did you mean '${hint}'?` : ''}`);
  }
  const abs = resolve(io.cwd, file);
  await mustExist(abs, file, "partner's file (.xlsx or CSV)");
  const source = shownPath(root, abs, file);

  let outRel: string | undefined;
  if (typeof opts['out'] === 'string' && opts['out'] !== '') {
    const outAbs = resolve(io.cwd, opts['out']);
    const rel = relative(join(root, 'data', partner), outAbs);
    // A drop outside its partner's folder would count as another partner's, or not be read at all.
    if (!rel || rel.startsWith('..') || isAbsolute(rel) || !/\.csv$/i.test(rel)) throw new UsageError(`--out must name a .csv file inside data/${partner}/ (the partner's folder of the initiative)`);
    outRel = posix(relative(root, outAbs));
  }

  const finish = (status: ImportStatus, plan: ImportPlan, diagnostics: Diagnostic[], out: string, sheet?: string): number => {
    const receipt = buildReceipt({ file: source, ...(sheet !== undefined ? { sheet } : {}), partner, out, status, plan, diagnostics });
    if (opts['format'] === 'json') io.stdout(receiptJson(receipt));
    else if (!opts['quiet'] || receipt.errors > 0) io.stdout(receiptText(receipt));
    const errors = loadProblems.filter((d) => d.severity === 'error').length;
    if (errors > 0 && !opts['quiet']) io.stderr(`concert: the initiative has ${count(errors, 'error')} in its YAML files; run concert validate for details\n`);
    if (status === 'refused') io.stderr(`concert: ${out} exists with other contents; give --force to replace it\n`);
    return status === 'rejected' ? EXIT.invalid : status === 'refused' ? EXIT.usage : EXIT.ok;
  };

  let map: ImportMap = emptyMap();
  if (typeof opts['map'] === 'string') {
    const mapAbs = resolve(io.cwd, opts['map']);
    await mustExist(mapAbs, opts['map'], 'map (a YAML file)');
    const loaded = await loadMap(mapAbs, shownPath(root, mapAbs, opts['map']), initiative);
    if (!loaded.map) return finish('rejected', emptyPlan(), loaded.diagnostics, outRel ?? `data/${partner}/`);
    map = loaded.map;
  }
  const sheet = typeof opts['sheet'] === 'string' ? opts['sheet'] : map.sheet;
  const opened = await openSheet(abs, { file: source, ...(sheet !== undefined ? { sheet } : {}) });
  if (!opened.sheet) return finish('rejected', emptyPlan(), opened.diagnostics, outRel ?? `data/${partner}/`);
  const input = opened.sheet;
  if (input.kind === 'csv' && typeof opts['sheet'] === 'string') throw new UsageError(`--sheet names a sheet of a workbook, and ${source} is a CSV file, which has none`);

  const plan = await planImport(input, map, initiative, { partner, ...(period !== undefined ? { period } : {}) });
  const target = outRel ?? defaultTarget(partner, source, plan, period);
  // The header's problems first: with a column missing, the rows are not worth checking.
  const early = [...input.diagnostics, ...plan.diagnostics];
  if (early.some((d) => d.severity === 'error')) return finish('rejected', plan, early, target, input.sheet);
  const { csv, diagnostics: checks } = await runImport(plan, input, initiative, map, target, { incomplete });
  const diagnostics = [...input.diagnostics, ...plan.diagnostics, ...checks];
  if (diagnostics.some((d) => d.severity === 'error') || plan.written === 0) return finish('rejected', plan, diagnostics, target, input.sheet);

  const targetAbs = join(root, target);
  const existing = await readFile(targetAbs).catch(() => undefined);
  if (existing?.equals(csv)) return finish('unchanged', plan, diagnostics, target, input.sheet);
  if (opts['dryRun']) return finish('dry-run', plan, diagnostics, target, input.sheet);
  if (existing !== undefined && !opts['force']) return finish('refused', plan, diagnostics, target, input.sheet);
  await mkdir(dirname(targetAbs), { recursive: true }).catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot create ${posix(dirname(target))}/: ${err.code ?? err.message}`);
  });
  await writeFileAtomic(targetAbs, csv, target, io);
  return finish('written', plan, diagnostics, target, input.sheet);
}
