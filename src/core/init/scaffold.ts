/** The files of a new initiative (`concert init`): small, complete, and valid at once. */
import { addDays } from '../dates.js';
import { DEFAULTS } from '../model/defaults.js';
import { periodContaining, shiftPeriod } from '../periods.js';
import { fileOf, type FileKind } from '../schema/catalogue.js';
import { workflowFile } from './workflow.js';

export interface ScaffoldOptions {
  name: string;
  /** 'YYYY-MM-DD'; the sample data drop covers the two latest years whose data is due by then. */
  today: string;
}

const SCHEMA_DIR = '.concert/schemas';
const DUE_DAYS = DEFAULTS.dataDueDays;

/** A valid id (SPEC 1: `^[a-z0-9][a-z0-9-]*$`, at most 80 characters) from any name. */
export function slugify(text: string): string {
  const s = text.toLowerCase().normalize('NFKD').replace(/[^\x00-\x7f]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return s.slice(0, 80).replace(/-+$/, '') || 'my-initiative';
}

/** YAML double-quoted scalar (JSON strings are valid YAML). */
const q = (s: string) => JSON.stringify(s);

/** An id as YAML text: quoted when YAML would read it as something else (`2025`, `1e3`, `true`, `null`). */
const idScalar = (id: string) => (/^[a-z][a-z0-9-]*$/.test(id) && !/^(true|false|null|yes|no|on|off|y|n)$/.test(id) ? id : q(id));

const schemaLine = (kind: FileKind, depth = 0) => `# yaml-language-server: $schema=${'../'.repeat(depth)}${SCHEMA_DIR}/${kind}.schema.json\n`;

/** Relative path → file content. JSON Schemas are added by the caller (they ship with the package). */
export function scaffold({ name, today }: ScaffoldOptions): Record<string, string> {
  const id = slugify(name);
  // The latest year whose data is due by today, and the one before it.
  let latest = periodContaining('year', today);
  while (addDays(latest.end, DUE_DAYS) > today) latest = shiftPeriod(latest, -1);
  const previous = shiftPeriod(latest, -1);
  const target = shiftPeriod(latest, 4);
  const startYear = previous.text;

  return {
    [fileOf('initiative')]:
      schemaLine('initiative') +
      `version: 1
id: ${idScalar(id)}
name: ${q(name)}
problem: Describe, in one sentence, the problem the coalition exists to solve.
started: ${startYear}-01-01
period: year
backbone:
  organization: Backbone Organization
  staff:
    - name: Project Manager
      role: project-manager
    - name: Data Manager
      role: data-manager
reporting:
  data_due_days: ${DUE_DAYS}
  locale: en-US
  timezone: UTC
`,
    [fileOf('agenda')]:
      schemaLine('agenda') +
      `vision: Say what the community looks like when the coalition succeeds.
goals:
  - id: first-goal
    title: The first goal of the common agenda
    strategies:
      - id: first-strategy
        title: How partners will work on it together
glossary:
  - term: Backbone
    definition: The organisation whose staff coordinate the initiative.
`,
    [fileOf('indicators')]:
      schemaLine('indicators') +
      `- id: first-indicator
  name: The first shared measure
  goal: first-goal
  definition: What is counted, for whom, and how.
  unit: percent
  direction: increase
  frequency: year
  decimals: 1
  baseline: { period: ${q(previous.text)}, value: 40 }
  targets:
    - { period: ${q(target.text)}, value: 60 }
  owner: first-partner
  reporters: [first-partner]
  source: Where the figure comes from
`,
    [fileOf('partners')]:
      schemaLine('partners') +
      `- id: first-partner
  name: First Partner
  sector: nonprofit
  leader: { name: Partner Leader, title: Executive Director }
- id: second-partner
  name: Second Partner
  sector: government
  leader: { name: Agency Head, title: Director }
`,
    [fileOf('activities')]:
      schemaLine('activities') +
      `- id: first-activity
  title: The first mutually reinforcing activity
  goal: first-goal
  strategy: first-strategy
  lead: first-partner
  partners: [second-partner]
  indicators: [first-indicator]
  status: planned
  milestones:
    - { title: Agree the plan, due: ${addDays(today, 60)}, done: false }
`,
    [fileOf('meetings')]:
      schemaLine('meetings') +
      `series:
  - id: steering
    name: Steering Committee
    cadence: quarterly
    duration: 90
    facilitator: Project Manager
    members: [first-partner, second-partner]
meetings:
  - id: first-steering
    series: steering
    date: ${addDays(today, 30)}
    time: "09:00"
    topics:
      - { title: Agree the common agenda, minutes: 30, kind: decision, owner: first-partner }
`,
    [`commentary/${latest.text}.yaml`]:
      schemaLine('commentary', 1) +
      `# The story behind the curve for the ${latest.text} report: one entry per indicator or goal.
- indicator: first-indicator
  author: first-partner
  story: Say what the latest figure shows and why, in a few sentences.
  helping:
    - What is pushing the figure the right way
  hurting:
    - What is holding it back
  next_steps:
    - What the partners will do next, who and by when
`,
    [`data/first-partner/${latest.text}.csv`]: `indicator,period,value,note\nfirst-indicator,${previous.text},40,Baseline\nfirst-indicator,${latest.text},43.5,\n`,
    '.github/workflows/concert.yml': workflowFile(),
    'README.md': `# ${name}\n\nThis folder is a collective impact initiative kept with [Concert](https://github.com/concert-tools/concert), in plain files.\n\n- \`concert validate .\` checks the files and the data drops under \`data/\`.\n- \`concert report . --format html --out progress.html\` renders the progress report.\n- \`concert agenda . --next\` prepares the next meeting's agenda.\n\nOn GitHub, \`.github/workflows/concert.yml\` runs these with the Concert action, pinned to the version that wrote it: it checks every pull request, comments what a change means (\`concert diff\`), and renders the report each month.\n\nEditors that speak the YAML language server validate as you type, using the schemas in \`${SCHEMA_DIR}/\` (VS Code: install the recommended YAML extension).\n`,
  };
}

export const SCAFFOLD_SCHEMA_DIR = SCHEMA_DIR;
