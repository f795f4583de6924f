/**
 * The files of an initiative (SPEC 1, 3.1, 4.1): skipped names, nested collection folders, links,
 * layout conflicts, misnamed files, files under data/ that are not data drops, and the row checks
 * that depend on where a drop sits or what its indicator counts. Each case runs `concert validate
 * <fixture> --format json` through main() in-process. What git cannot hold (links, lock files) is
 * made by `setup` in a temporary copy of the fixture.
 */
import { cpSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { FIXTURES, runCli } from '../helpers/run.js';
import { expectDiagnostics, type Expected } from '../helpers/diagnostics.js';


interface Case {
  name: string;
  fixture: string;
  exit: number;
  /** Exactly these diagnostics (order-insensitive), by code and position. */
  diagnostics: Expected[];
  /** Optional: a fragment each message (in order of `diagnostics`) must contain. */
  messages?: (string | undefined)[];
  hints?: (string | undefined)[];
  /** Changes made to a temporary copy of the fixture before the run. */
  setup?: (dir: string) => void;
}

const temps: string[] = [];
const temp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
};
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A file outside every initiative, for links that leave the folder. */
const outside = () => {
  const dir = temp('concert-outside-');
  writeFileSync(join(dir, 'outside.yaml'), '- { id: ymca, name: YMCA, sector: nonprofit }\n');
  writeFileSync(join(dir, 'outside.csv'), 'indicator,period,value\nseats,2023,5\n');
  return dir;
};

const cases: Case[] = [
  {
    name: 'hidden files and folders, lock and backup files are skipped everywhere, silently',
    fixture: 'files-hidden',
    exit: 0,
    diagnostics: [],
    setup: (dir) => {
      // Emacs lock files are dangling links named .#<file>
      symlinkSync('ana@laptop.4242:1700000000', join(dir, 'indicators/.#seats.yaml'));
      symlinkSync('ana@laptop.4242:1700000000', join(dir, '.#agenda.yaml'));
      symlinkSync('ana@laptop.4242:1700000000', join(dir, 'data/schools/.#seats.csv'));
      writeFileSync(join(dir, 'partners/~$partners.xlsx'), 'lock');
      writeFileSync(join(dir, 'partners/.~lock.library.yaml#'), 'lock');
      writeFileSync(join(dir, 'partners/library.yaml~'), 'id: [backup');
      writeFileSync(join(dir, 'partners/#library.yaml#'), 'id: [autosave');
      writeFileSync(join(dir, 'partners/~scratch.yaml'), 'id: [scratch');
      writeFileSync(join(dir, '~$agenda.docx'), 'lock');
      writeFileSync(join(dir, 'data/schools/~$seats.xlsx'), 'lock');
      writeFileSync(join(dir, 'data/schools/.~lock.seats.csv#'), 'lock');
    },
  },
  {
    name: 'collection folders are read at any depth',
    fixture: 'files-nested',
    exit: 1,
    // the only problem is inside partners/libraries/eastside/: proof it is read; the indicator,
    // partner and activity of the sub-folders are all found (no unknown-reference, no coverage warning)
    diagnostics: [['schema', 'partners/libraries/eastside/library.yaml', 4, 1]],
    messages: ["unknown key 'website' in partner 'library'"],
  },
  {
    name: 'broken, looping and outside links are unreadable-file; a broken required file is not missing-file',
    fixture: 'files-links',
    exit: 1,
    diagnostics: [
      ['unreadable-file', 'partners/gone.yaml', 1, 1],
      ['unreadable-file', 'partners/loop-a.yaml', 1, 1],
      ['unreadable-file', 'partners/loop-b.yaml', 1, 1],
      ['unreadable-file', 'partners/ymca.yaml', 1, 1],
      ['unreadable-file', 'agenda.yaml', 1, 1],
      ['unreadable-file', 'data/schools/gone.csv', 1, 1],
      ['unreadable-file', 'data/schools/outside.csv', 1, 1],
    ],
    messages: [
      'cannot read partners/gone.yaml: it is a broken link (to nowhere.yaml, which does not exist)',
      'cannot read partners/loop-a.yaml: it is a link that leads back to itself (a loop)',
      'a loop',
      'partners/ymca.yaml links outside the initiative folder',
      'cannot read agenda.yaml: it is a broken link',
      'cannot read data/schools/gone.csv: it is a broken link',
      'data/schools/outside.csv links outside the initiative folder',
    ],
    hints: [
      'fix or remove the link',
      'fix or remove the link',
      'fix or remove the link',
      'files must be inside the initiative folder: copy the file in instead of linking to it',
      'fix or remove the link',
      'fix or remove the link',
      'files must be inside the initiative folder: copy the file in instead of linking to it',
    ],
    setup: (dir) => {
      const out = outside();
      symlinkSync('nowhere.yaml', join(dir, 'partners/gone.yaml'));
      symlinkSync('loop-b.yaml', join(dir, 'partners/loop-a.yaml'));
      symlinkSync('loop-a.yaml', join(dir, 'partners/loop-b.yaml'));
      symlinkSync(join(out, 'outside.yaml'), join(dir, 'partners/ymca.yaml'));
      unlinkSync(join(dir, 'agenda.yaml'));
      symlinkSync('agenda-2025.yaml', join(dir, 'agenda.yaml'));
      symlinkSync('nowhere.csv', join(dir, 'data/schools/gone.csv'));
      symlinkSync(join(out, 'outside.csv'), join(dir, 'data/schools/outside.csv'));
    },
  },
  {
    name: 'x.yaml beside x.yml is layout-conflict; x.yaml is read',
    fixture: 'files-yaml-and-yml',
    exit: 1,
    diagnostics: [['layout-conflict', 'partners.yml', 1, 1]],
    messages: ['both partners.yaml and partners.yml exist; only partners.yaml is read'],
    hints: ['keep one: move what partners.yml holds into partners.yaml, or remove one of them'],
  },
  { name: 'x.yml alone is accepted', fixture: 'files-yml-alone', exit: 0, diagnostics: [] },
  {
    name: 'names that differ from a layout name by case, extension or number are misnamed-file',
    fixture: 'files-misnamed',
    exit: 1,
    diagnostics: [
      ['misnamed-file', 'INDICATORS.YAML', 1, 1],
      ['missing-file', 'indicators.yaml', 1, 1],
      ['misnamed-file', 'partner.yaml', 1, 1],
      ['misnamed-file', 'meetings.yaml.txt', 1, 1],
      ['misnamed-file', 'Activities/', 1, 1],
      ['misnamed-file', 'dimensions/', 1, 1],
      // no goal-without-indicator: indicators.yaml is missing, so coverage does not judge (no cascades)
    ],
    messages: [
      'INDICATORS.YAML is not read: the layout name is indicators.yaml',
      'indicators.yaml is missing',
      'the layout name is partners.yaml',
      'the layout name is meetings.yaml',
      'the layout name is activities/',
      'the layout name is dimensions.yaml',
    ],
    hints: [
      'rename it to indicators.yaml',
      'found INDICATORS.YAML: rename it to indicators.yaml',
      'partners.yaml is read; move what partner.yaml holds there, or remove partner.yaml',
      'rename it to meetings.yaml',
      'activities.yaml is read; move what Activities/ holds there, or remove Activities/',
      'rename it to dimensions.yaml',
    ],
  },
  {
    name: 'a file under data/ that is not a data drop is data-unsupported-file, with what to do',
    fixture: 'data-unsupported-file',
    exit: 0,
    diagnostics: [
      ['data-unsupported-file', 'data/schools/seats-2025.xlsx', 1, 1],
      ['data-unsupported-file', 'data/schools/notes.txt', 1, 1],
      ['data-unsupported-file', 'data/schools/seats.tsv', 1, 1],
      ['data-unsupported-file', 'data/export.json', 1, 1],
    ],
    messages: ['data/schools/seats-2025.xlsx is not a data drop', 'notes.txt', 'seats.tsv', 'export.json'],
    hints: [
      'import it: `concert data import data/schools/seats-2025.xlsx --partner schools` writes a checked CSV drop under data/schools/ (then move this file out of data/), or save it as "CSV UTF-8" (data/schools/seats-2025.csv)',
      'import it: `concert data import data/schools/notes.txt --partner schools` writes a checked CSV drop under data/schools/ (then move this file out of data/); or, if it is a drop already, rename it to data/schools/notes.csv: comma, semicolon and tab delimiters are all read from .csv files',
      'import it: `concert data import data/schools/seats.tsv --partner schools` writes a checked CSV drop under data/schools/ (then move this file out of data/); or, if it is a drop already, rename it to data/schools/seats.csv: comma, semicolon and tab delimiters are all read from .csv files',
      'data drops are CSV files (UTF-8); save it as CSV in this folder, or keep it outside data/',
    ],
    setup: (dir) => writeFileSync(join(dir, 'data/schools/~$seats-2025.xlsx'), 'lock'),
  },
  {
    name: "a row naming another partner than its folder's is data-partner-mismatch (and does not count)",
    fixture: 'data-partner-mismatch',
    exit: 1,
    diagnostics: [['data-partner-mismatch', 'data/schools/seats.csv', 3, 12]],
    messages: ["the row names partner 'library', but the file is in data/schools/, the folder of partner 'schools'"],
    hints: ['move the file (or the row) to data/library/, or correct the partner column'],
  },
  {
    name: 'data-partner-mismatch in a nested partner folder names that folder, and the one to move to',
    fixture: 'data-partner-mismatch-nested',
    exit: 1,
    diagnostics: [['data-partner-mismatch', 'data/2025/schools/seats.csv', 3, 12]],
    messages: ["the row names partner 'library', but the file is in data/2025/schools/, the folder of partner 'schools'"],
    hints: ['move the file (or the row) to data/2025/library/, or correct the partner column'],
  },
  {
    name: 'count values are whole, and not negative unless the range allows it',
    fixture: 'data-count-values',
    exit: 1,
    // 7.0 is whole; net-change has range [-500, 500], so -3 is fine but -3.5 is not whole
    diagnostics: [
      ['data-bad-number', 'data/schools/seats.csv', 3, 12],
      ['data-out-of-range', 'data/schools/seats.csv', 4, 12],
      ['data-bad-number', 'data/schools/seats.csv', 7, 17],
    ],
    messages: ["value '2.5' is not a whole number; 'seats' is a count", "-3 is negative; 'seats' is a count", "value '-3.5' is not a whole number; 'net-change' is a count"],
  },
];

describe('concert validate: files, folders and data drops (SPEC 1, 3.1, 4.1)', () => {
  test.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    let dir = FIXTURES + c.fixture;
    if (c.setup) {
      const copy = join(temp('concert-files-'), c.fixture);
      cpSync(dir, copy, { recursive: true });
      c.setup(copy);
      dir = copy;
    }
    const r = await runCli(['validate', dir, '--format', 'json', '--today', '2025-06-01']);
    expectDiagnostics(r, c);
  });

  test("a row in another partner's folder is left out of the merged data", async () => {
    const r = await runCli(['export', FIXTURES + 'data-partner-mismatch', '--format', 'json', '--today', '2025-06-01']);
    const rows = JSON.parse(r.stdout) as { partner: string; period: string; value: number }[];
    expect(rows.map((x) => [x.partner, x.period, x.value])).toEqual([['schools', '2023', 10], ['schools', '2024', 12]]);
  });
});
