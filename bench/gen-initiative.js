// A large, valid, deterministic initiative: 2,000 indicators, 500 partners, 1,000 activities.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function generateLargeInitiative(dir, { indicators = 2000, partners = 500, activities = 1000, goals = 20 } = {}) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'indicators'), { recursive: true });
  mkdirSync(join(dir, 'activities'), { recursive: true });
  writeFileSync(
    join(dir, 'initiative.yaml'),
    `version: 1\nid: large\nname: Large Initiative\nperiod: quarter\nbackbone:\n  organization: Backbone\n  staff:\n    - { name: Pat Doe, role: facilitator }\n`,
  );
  let agenda = 'vision: Scale.\ngoals:\n';
  for (let g = 0; g < goals; g++) agenda += `  - id: goal-${g}\n    title: Goal ${g}\n    strategies:\n      - { id: strategy-${g}, title: Strategy ${g} }\n`;
  writeFileSync(join(dir, 'agenda.yaml'), agenda);
  let p = '';
  for (let i = 0; i < partners; i++) p += `- id: partner-${i}\n  name: Partner ${i}\n  sector: nonprofit\n  leader: { name: Leader ${i}, email: leader${i}@example.org }\n`;
  writeFileSync(join(dir, 'partners.yaml'), p);
  // Indicators in files of 100 (the folder layout), each with a baseline and two targets.
  for (let f = 0; f < indicators / 100; f++) {
    let s = '';
    for (let i = f * 100; i < (f + 1) * 100; i++) {
      s += `- id: ind-${i}\n  name: Indicator ${i}\n  goal: goal-${i % goals}\n  unit: percent\n  direction: increase\n  frequency: quarter\n  baseline: { period: 2023-Q1, value: ${(20 + (i % 50)).toFixed(1)} }\n  targets:\n    - { period: 2026-Q4, value: 80 }\n    - { period: 2028-Q4, value: 90 }\n  reporters: [partner-${i % partners}]\n`;
    }
    writeFileSync(join(dir, 'indicators', `part-${String(f).padStart(3, '0')}.yaml`), s);
  }
  for (let a = 0; a < activities; a++) {
    writeFileSync(
      join(dir, 'activities', `activity-${String(a).padStart(4, '0')}.yaml`),
      `id: activity-${a}\ntitle: Activity ${a}\ngoal: goal-${a % goals}\nstrategy: strategy-${a % goals}\nlead: partner-${a % partners}\npartners: [partner-${(a + 1) % partners}]\nindicators: [ind-${a % indicators}]\nstart: 2024-01-01\nmilestones:\n  - { title: First, due: 2025-03-01, done: true }\n`,
    );
  }
  writeFileSync(
    join(dir, 'meetings.yaml'),
    `series:\n  - id: steering\n    name: Steering\n    facilitator: Pat Doe\n    members: [${Array.from({ length: 20 }, (_, i) => `partner-${i}`).join(', ')}]\nmeetings:\n  - { id: m1, series: steering, date: 2025-01-15 }\n`,
  );
}
