// `concert validate --format F` on an agenda of 20,000 goals with neither indicators nor activities:
// 40,000 warnings (goal-without-indicator, goal-without-activity), timed per output format (goal: under 2 s each).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONCERT, REPO, fmtMB, fmtMs, measure, table } from './lib.js';

/** A valid initiative whose agenda has `goals` goals, each one unmeasured and unworked (two warnings each). */
export function generateManyGoals(dir, goals = 20_000) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'initiative.yaml'),
    'version: 1\nid: many-goals\nname: Many Goals\nperiod: year\nbackbone:\n  organization: Backbone\n',
  );
  const lines = ['vision: Many goals.', 'goals:'];
  for (let g = 0; g < goals; g++) lines.push(`  - id: goal-${g}`, `    title: Goal ${g}`);
  writeFileSync(join(dir, 'agenda.yaml'), lines.join('\n') + '\n');
  writeFileSync(join(dir, 'indicators.yaml'), '[]\n');
  writeFileSync(join(dir, 'partners.yaml'), '- { id: p, name: Partner, sector: nonprofit }\n');
  return dir;
}

export async function run() {
  const dir = generateManyGoals(join(REPO, 'bench/.cache/many-goals'));
  const rows = [];
  for (const format of ['stylish', 'json', 'github', 'junit', 'sarif']) {
    const r = measure(process.execPath, [CONCERT, 'validate', dir, '--format', format, '--today', '2026-11-23'], { runs: 3 });
    rows.push([`validate --format ${format} (20,000 goals, 40,000 warnings)`, fmtMs(r.ms), fmtMB(r.rssMB)]);
  }
  table(['command', 'median', 'peak RSS'], rows);
}
