/**
 * One side of `concert diff`, loaded: a revision written out of git (or the working tree) and
 * validated with the normal loader and data merge. A committed side can be loaded in a worker
 * thread, so the two sides load at once on two cores; what comes back is what the comparison
 * needs: diagnostics, the model, each indicator's merged data, the rows as typed arrays, and the
 * figures `privacy.min_count` hides.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { suppressionPlan } from '../data/suppress.js';
import type { Cell, IndicatorData, MergedData, RowScan } from '../data/types.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Initiative } from '../model/types.js';
import { validateInitiative, type ValidateOptions } from '../validate.js';
import type { DataSide } from './data.js';
import { GitError, materialise } from './git.js';

export interface SideRequest {
  /** Write this commit of the repository `top` out into `into` first; absent: read `root` as it is. */
  git?: { top: string; commit: string; prefix: string; into: string; shownRef: string };
  /** The folder to read when there is no `git`. */
  root?: string;
  today: string;
}

export interface LoadedSide extends DataSide {
  /** Every diagnostic (a side loaded in the worker brings its errors only). */
  diagnostics: Diagnostic[];
  errors: number;
  warnings: number;
}

/** Load a side in this thread. */
export async function loadSideHere(request: SideRequest, onProgress?: ValidateOptions['onProgress']): Promise<LoadedSide> {
  const root = request.git ? await materialise(request.git.top, request.git.commit, request.git.prefix, request.git.into, request.git.shownRef) : request.root!;
  const v = await validateInitiative(root, { today: request.today, ...(onProgress ? { onProgress } : {}) });
  return { initiative: v.initiative, data: v.data, diagnostics: v.diagnostics, errors: v.errors, warnings: v.warnings };
}

// ------------------------------------------------------------------ across threads

/** A side as it crosses from the worker: plain data and typed arrays. */
export interface PortableSide {
  diagnostics: Diagnostic[];
  errors: number;
  warnings: number;
  initiative: Initiative;
  indicators: [string, IndicatorData][];
  scan: {
    size: number;
    indicators: readonly string[];
    periods: readonly string[];
    partners: readonly string[];
    combos: number;
    /** Combination → groups, for the combinations the rows use. */
    groups: [number, Record<string, string>][];
    ind: Int32Array;
    per: Int32Array;
    part: Int32Array;
    combo: Int32Array;
    value: Float64Array;
    numerator: Float64Array;
    denominator: Float64Array;
  } | null;
  /** Partners' figures hidden by privacy.min_count (key: `hiddenKey`); null when nothing is suppressed. */
  hidden: string[] | null;
}

/** The key of a hidden partner figure. */
export function hiddenKey(indicator: string, period: string, partner: string, groups: Record<string, string>): string {
  const g = Object.keys(groups)
    .sort()
    .map((d) => `${d}=${groups[d]}`)
    .join('\u0001');
  return `${indicator}\u0000${period}\u0000${partner}\u0000${g}`;
}

/** Pack a loaded side for postMessage; the second value lists the buffers to transfer. */
export function toPortable(side: LoadedSide): [PortableSide, ArrayBuffer[]] {
  const data = side.data;
  let scan: PortableSide['scan'] = null;
  const buffers: ArrayBuffer[] = [];
  if (data?.scan) {
    const s = data.scan;
    const n = s.size;
    const cols = {
      ind: new Int32Array(n), per: new Int32Array(n), part: new Int32Array(n), combo: new Int32Array(n),
      value: new Float64Array(n), numerator: new Float64Array(n), denominator: new Float64Array(n),
    };
    const used = new Set<number>();
    let k = 0;
    s.forEach((i, p, q, c, v, nu, de) => {
      cols.ind[k] = i;
      cols.per[k] = p;
      cols.part[k] = q;
      cols.combo[k] = c;
      cols.value[k] = v;
      cols.numerator[k] = nu;
      cols.denominator[k] = de;
      used.add(c);
      k++;
    });
    scan = { size: k, indicators: s.indicators, periods: s.periods, partners: s.partners, combos: s.combos, groups: [...used].map((c) => [c, s.groups(c)]), ...cols };
    buffers.push(...Object.values(cols).map((a) => a.buffer as ArrayBuffer));
  }
  let hidden: string[] | null = null;
  const plan = suppressionPlan(side.initiative, data);
  if (plan.cells.length > 0) hidden = plan.cells.filter((c) => c.partner !== null).map((c) => hiddenKey(c.indicator, c.period, c.partner!, c.dimensions));
  const portable: PortableSide = {
    // Only the errors cross (the diff shows nothing else); the counts stay whole.
    diagnostics: side.diagnostics.filter((d) => d.severity === 'error'),
    errors: side.errors,
    warnings: side.warnings,
    initiative: side.initiative,
    indicators: [...(data?.indicators ?? new Map<string, IndicatorData>())].map(([id, d]) => [id, plainIndicatorData(d)]),
    scan,
    hidden,
  };
  return [portable, buffers];
}

/** Cells as plain objects (a merged cell keeps its partners behind a getter, which cloning drops). */
function plainIndicatorData(d: IndicatorData): IndicatorData {
  const cell = (c: Cell): Cell => ({ ...c, partners: c.partners });
  return {
    indicator: d.indicator,
    totals: new Map([...d.totals].map(([p, c]) => [p, cell(c)])),
    groups: new Map([...d.groups].map(([dim, byValue]) => [dim, new Map([...byValue].map(([v, byPeriod]) => [v, new Map([...byPeriod].map(([p, c]) => [p, cell(c)]))]))])),
    ...(d.rows !== undefined ? { rows: d.rows } : {}),
  };
}

/** Unpack a side that came from the worker. */
export function fromPortable(p: PortableSide): LoadedSide {
  let scan: RowScan | undefined;
  if (p.scan) {
    const s = p.scan;
    const groups = new Map(s.groups);
    scan = {
      size: s.size,
      indicators: s.indicators,
      periods: s.periods,
      partners: s.partners,
      combos: s.combos,
      groups: (c) => ({ ...(groups.get(c) ?? {}) }),
      forEach(visit) {
        for (let k = 0; k < s.size; k++) visit(s.ind[k]!, s.per[k]!, s.part[k]!, s.combo[k]!, s.value[k]!, s.numerator[k]!, s.denominator[k]!);
      },
    };
  }
  const data: MergedData = { indicators: new Map(p.indicators), files: [], submissions: [], ...(scan ? { scan } : {}) };
  const hidden = p.hidden ? new Set(p.hidden) : null;
  return {
    diagnostics: p.diagnostics,
    errors: p.errors,
    warnings: p.warnings,
    initiative: p.initiative,
    data,
    isHidden: (indicator, period, partner, groups) => hidden !== null && hidden.has(hiddenKey(indicator, period, partner, groups)),
  };
}

/** The worker's module, when it exists beside this one as JavaScript (built); under a TypeScript runner, none. */
function workerFile(): URL | null {
  if (!import.meta.url.endsWith('.js')) return null;
  const url = new URL('./load-worker.js', import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : null;
}

export type WorkerReply = { ok: true; side: PortableSide } | { ok: false; git: boolean; message: string };

/**
 * Load a side in a worker thread when one can run (the built package), else here. A git failure
 * comes back as GitError, like in this thread.
 */
export async function loadSide(
  request: SideRequest,
  options: { worker: boolean; onProgress?: ValidateOptions['onProgress']; signal?: AbortSignal },
): Promise<LoadedSide> {
  const file = options.worker ? workerFile() : null;
  if (!file) return loadSideHere(request, options.onProgress);
  const { Worker } = await import('node:worker_threads');
  return new Promise<LoadedSide>((resolve, reject) => {
    const worker = new Worker(file, { workerData: request });
    options.signal?.addEventListener('abort', () => void worker.terminate(), { once: true });
    let done = false;
    worker.once('message', (reply: WorkerReply) => {
      done = true;
      if (reply.ok) resolve(fromPortable(reply.side));
      else reject(reply.git ? new GitError(reply.message) : new Error(reply.message));
    });
    worker.once('error', (err) => {
      done = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!done) reject(new Error(`the worker loading a revision stopped (exit ${code})`));
    });
  });
}
