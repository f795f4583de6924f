/**
 * Every diagnostic code, with its severity and a one-line description: the one place these facts
 * live. `docs/format.md`'s code table, SARIF's rule descriptions and the link to each code's
 * documentation are generated from it (`npm run docs`; a test checks the table is in step).
 */

export interface CodeInfo {
  severity: 'error' | 'warning' | 'error or warning';
  /** When it is reported, in a data manager's words (Markdown allowed: it goes into the docs table). */
  when: string;
}

export const CODES = {
  'yaml-syntax': { severity: 'error', when: 'a YAML file does not parse: bad indentation, a tab, an unclosed quote (reported where it opened), an unsupported `!!tag`, a `%YAML` directive, several documents, an alias bomb, a binary or non-UTF-8 file' },
  'yaml-duplicate-key': { severity: 'error', when: 'a mapping repeats a key' },
  'yaml-too-large': { severity: 'error', when: 'a YAML file over 1 MB' },
  'missing-file': { severity: 'error', when: 'a required file (`initiative.yaml`, `agenda.yaml`, indicators, partners) is absent' },
  'unreadable-file': { severity: 'error', when: 'a file exists but cannot be read (permissions, a dangling or looping link, a link out of the initiative folder)' },
  'layout-conflict': { severity: 'error', when: 'both `x.yaml` and the folder `x/` exist, or both `x.yaml` and `x.yml`' },
  'misnamed-file': { severity: 'warning', when: 'a file or folder that differs from a layout name only by case, extension or number (`INDICATORS.YAML`, `partner.yaml`); not read; the hint gives the right name' },
  schema: { severity: 'error', when: 'a file breaks its JSON Schema: missing field, wrong type, unknown key, bad enum value, bad id' },
  'invalid-date': { severity: 'error', when: 'a date that does not exist (`2025-02-30`)' },
  'duplicate-id': { severity: 'error', when: 'two entities of one kind share an id (action ids across all meetings)' },
  'unknown-reference': { severity: 'error', when: "an id (or a facilitator's name) that names nothing of the expected kind" },
  'period-format': { severity: 'error', when: 'a period (or a `commentary/` file name) that is not one of the forms of [Periods](#periods)' },
  'period-type-mismatch': { severity: 'error', when: "a period of the wrong type for its indicator, or a `commentary/<period>.yaml` named for a period that is not of `initiative.period`" },
  'target-order': { severity: 'error', when: 'a target not after the baseline, or targets out of order' },
  'target-direction': { severity: 'error', when: "a target on the wrong side of the baseline for the indicator's `direction` (below it for `increase`, above it for `decrease`)" },
  'target-equals-baseline': { severity: 'warning', when: 'a target equal to the baseline: "hold steady" can only be achieved or regressing' },
  'target-range': { severity: 'error', when: "a baseline or target value outside the indicator's `range` (`[0, 100]` for a percent without one)" },
  'aggregation-unit': { severity: 'error', when: '`aggregation: sum` on a `percent`, `rate`, `ratio` or `score` indicator' },
  'thresholds-order': { severity: 'error', when: "`reporting.thresholds` or an indicator's `thresholds` not strictly decreasing `[high, mid, low]`" },
  'date-order': { severity: 'error or warning', when: 'an activity that ends before it starts, a partner that `left` before it `joined` (errors); a milestone due before its activity starts (warning)' },
  'invalid-locale': { severity: 'error', when: "a `reporting.locale` that Node's `Intl` cannot format numbers and dates in (`en_US`, `xx-XX`)" },
  'invalid-timezone': { severity: 'error', when: 'a `reporting.timezone` that is not an IANA time zone (`America/Chicag`, `+05:00`)' },
  'attendee-not-member': { severity: 'warning', when: "a meeting attendee who is not a member of the meeting's series" },
  'meeting-clash': { severity: 'error', when: "two meetings of one series on the same date at the same time (a meeting's `time`, else its series'; two without a time clash too)" },
  'partner-without-role': { severity: 'warning', when: 'a partner in no activity and with no reporting duty' },
  'goal-without-indicator': { severity: 'warning', when: 'a goal nothing measures' },
  'goal-without-activity': { severity: 'warning', when: 'a goal no activity works on' },
  'indicator-without-data': { severity: 'warning', when: 'an indicator with no data rows at all' },
  'data-unknown-indicator': { severity: 'error', when: 'a data row names an unknown indicator' },
  'data-unknown-partner': { severity: 'error', when: 'a data row names an unknown partner' },
  'data-unknown-dimension': { severity: 'error', when: 'an unknown value in a dimension column' },
  'data-bad-number': { severity: 'error', when: 'a value, numerator or denominator that is not a plain number (`12%`, `$1,200`, `N/A`, `1.234,5`), or a count that is not whole' },
  'data-out-of-range': { severity: 'error', when: "a value outside the indicator's range, a negative count, a denominator of 0 or less" },
  'data-conflict': { severity: 'error', when: 'the same (indicator, period, partner, dimension values) twice with different values; both places are named' },
  'data-duplicate': { severity: 'warning', when: 'the same row twice with the same value' },
  'data-missing-column': { severity: 'error', when: 'a required column is absent (`indicator`, `period`, `value`, or `numerator` and `denominator` for a weighted indicator)' },
  'data-row-shape': { severity: 'error', when: 'a row with more or fewer fields than the header' },
  'data-encoding': { severity: 'warning', when: 'bytes that are not UTF-8: the file is read as Windows-1252 (save it as "CSV UTF-8")' },
  'data-missing': { severity: 'warning', when: 'an expected reporter did not submit for the latest due period' },
  'data-missing-value': { severity: 'error or warning', when: 'an empty `value` (a warning; the row is skipped), or only one of `numerator` and `denominator` (an error)' },
  'data-unknown-column': { severity: 'warning', when: 'a column that is not a known one; ignored' },
  'data-total-mismatch': { severity: 'warning', when: "a partner's groups do not add up to its total" },
  'data-duplicate-column': { severity: 'error', when: 'a header names the same column twice' },
  'data-no-rows': { severity: 'warning', when: 'a data drop with a header and no rows, or an empty file' },
  'data-bad-quote': { severity: 'error', when: 'a quote that is never closed, or a quote inside an unquoted field; the record is skipped' },
  'data-control-character': { severity: 'error', when: 'a NUL or another control character in a field' },
  'data-value-mismatch': { severity: 'error', when: "a `value` that disagrees with its `numerator` and `denominator` at the indicator's `decimals`" },
  'data-unattributed': { severity: 'warning', when: 'rows with no `partner` column in a file outside any partner folder' },
  'data-record-too-large': { severity: 'error', when: 'one CSV record larger than the reader accepts (usually a quote left open)' },
  'data-unsupported-file': { severity: 'warning', when: 'a file under `data/` that is not a `.csv` data drop (`.xlsx`, `.txt`, `.tsv`…); not read' },
  'data-partner-mismatch': { severity: 'error', when: 'a row whose `partner` names another partner than the folder the file is in; the row is left out' },
  'import-unreadable': { severity: 'error', when: '`data import` cannot read the file: an old `.xls` or a password-protected workbook, a damaged `.xlsx`, a renamed file, an empty file' },
  'import-unknown-sheet': { severity: 'error', when: '`data import --sheet` names a sheet the workbook does not have; the message lists its sheets' },
  'import-header-not-found': { severity: 'error', when: '`data import` finds no header row (no row names at least one known column), or none of the map\'s `unpivot` columns' },
  'import-unknown-column': { severity: 'warning', when: '`data import`: a column that is not a column of a data drop and that the map does not name; left out' },
  'import-hidden': { severity: 'warning', when: '`data import`: a hidden row or column of the spreadsheet holds figures; they are imported' },
} as const satisfies Record<string, CodeInfo>;

export type DiagnosticCode = keyof typeof CODES;

export const DIAGNOSTIC_CODES = Object.keys(CODES) as DiagnosticCode[];

/** Where each code is documented: its row in docs/format.md's table. */
export const DOCS_URL = 'https://github.com/concert-tools/concert/blob/main/docs/format.md';
export const docsAnchor = (code: DiagnosticCode) => `code-${code}`;
export const docsLink = (code: DiagnosticCode) => `${DOCS_URL}#${docsAnchor(code)}`;

/** The Markdown table of every code (docs/format.md holds it between two markers). */
export function codesTable(): string {
  const rows = DIAGNOSTIC_CODES.map((code) => `| <a id="${docsAnchor(code)}"></a>\`${code}\` | ${CODES[code].severity} | ${CODES[code].when} |`);
  return ['| code | severity | when |', '|------|----------|------|', ...rows].join('\n');
}
