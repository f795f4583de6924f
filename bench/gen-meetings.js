// A long, valid, deterministic meeting history: the bundled example (its partners, indicators
// and data drops) with a meetings.yaml of 2 series, 200 weekly meetings over ~4 years, each with
// attendees, 1–3 topics and 10 actions (2,000 in all; open, done and dropped, with due dates).
// Only the meetings grow, so the figures show what the agenda costs as the history grows.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './lib.js';

const DAY = 86_400_000;
const iso = (ms) => new Date(ms).toISOString().slice(0, 10);

/** Generate into `dir`; returns the ids of the meetings, oldest first. */
export function generateMeetingsInitiative(dir, { meetings = 200, actionsPerMeeting = 10, last = '2026-11-25' } = {}) {
  const example = join(REPO, 'examples/eastside-learns');
  rmSync(dir, { recursive: true, force: true });
  cpSync(example, dir, { recursive: true, filter: (src) => !src.includes('/reports') });
  const partners = [...readFileSync(join(example, 'partners.yaml'), 'utf8').matchAll(/^- id: (\S+)/gm)].map((m) => m[1]);
  const series = [
    { id: 'steering', name: 'Steering Committee', time: '09:00', members: partners },
    { id: 'data-team', name: 'Data Working Group', time: '14:00', members: partners.slice(4, 14) },
  ];
  let y = 'series:\n';
  for (const s of series) {
    y += `  - id: ${s.id}\n    name: ${s.name}\n    cadence: weekly\n    duration: 90\n    time: "${s.time}"\n    facilitator: Mei-Ling Chen\n    members: [${s.members.join(', ')}]\n    location: Room ${s.id}\n`;
  }
  y += 'meetings:\n';
  const lastMs = Date.parse(`${last}T00:00:00Z`);
  const ids = [];
  let action = 0;
  for (let i = 0; i < meetings; i++) {
    // Every fourth week the data team meets instead; the last meeting is a steering one.
    const s = series[i % 4 === 1 ? 1 : 0];
    const dateMs = lastMs - (meetings - 1 - i) * 7 * DAY;
    const date = iso(dateMs);
    const id = `${date}-${s.id}`;
    ids.push(id);
    y += `  - id: ${id}\n    series: ${s.id}\n    date: ${date}\n    attendees:\n`;
    s.members.forEach((p, k) => {
      if ((i + k) % 5 === 0) return; // about one member in five misses each meeting
      y += `      - { partner: ${p}, by: ${(i * 3 + k) % 7 === 0 ? 'delegate' : 'leader'} }\n`;
    });
    y += '    topics:\n';
    for (let t = 0; t < 1 + (i % 3); t++) {
      y += `      - { title: "Topic ${t + 1} of meeting ${i}", minutes: ${15 + ((i + t * 7) % 16)}, kind: ${['decision', 'discussion', 'information'][(i + t) % 3]}, owner: ${s.members[(i + t) % s.members.length]} }\n`;
    }
    y += `    decisions:\n      - "Decision of meeting ${i}"\n    actions:\n`;
    const age = meetings - 1 - i; // weeks before the last meeting
    for (let k = 0; k < actionsPerMeeting; k++, action++) {
      const due = iso(dateMs + (14 + ((i + k) % 6) * 7) * DAY);
      // Old actions are mostly closed; the last few months' mostly still open.
      const r = (action * 37) % 10;
      const closedMs = dateMs + (7 + ((action * 13) % 50)) * DAY;
      let status = age > 12 ? (r < 7 ? 'done' : r < 9 ? 'dropped' : 'open') : r < 3 ? 'done' : r < 4 ? 'dropped' : 'open';
      if (closedMs >= lastMs) status = 'open'; // nothing is closed after the last meeting
      const closed = status === 'open' ? '' : `, closed: ${iso(closedMs)}`;
      y += `      - { id: a-${action}, title: "Action ${action}", owner: ${s.members[(i + k * 3) % s.members.length]}, due: ${due}, status: ${status}${closed} }\n`;
    }
  }
  writeFileSync(join(dir, 'meetings.yaml'), y);
  return ids;
}
