/**
 * Concert's library API: the pipeline the CLI runs, as plain functions over plain data.
 * load → validate → merge data drops → compute progress → build and render the report.
 */
export { loadInitiative, checkFileSchema, type Loaded } from './load.js';
export { validateInitiative, type ValidateOptions, type Validation } from './validate.js';
export { runRules, RULES, type Rule, type RuleContext } from './rules/index.js';
export { loadData, completeness, latestDuePeriod, isSuppressed, exportChunks, type LoadDataOptions, type Completeness, type CompletenessRow } from './data/index.js';
export type { MergedData, IndicatorData, Cell, TidyRow, DataFileInfo, DataResult } from './data/types.js';
export { computeProgress, STATUS_ORDER, type IndicatorProgress, type Status, type Trend } from './progress.js';
export { buildReport, defaultReportPeriod, parseReportPeriod, provenanceOf, renderCsv } from './report/index.js';
export type { ReportModel, ReportIndicator } from './report/types.js';
export { diffInitiatives, buildDiffDocument, renderDiffMarkdown, renderDiffJson, type DiffInput } from './diff/index.js';
export type { Diff, DiffDocument, DiffRevision, EntityChange, ComparabilityFlag, DataRevision, DataFigure, StatusChange } from './diff/types.js';
export { parsePeriod, comparePeriods, periodContaining, yearsBetween, PERIOD_TYPES, type Period, type PeriodType } from './periods.js';
export { sortDiagnostics, countDiagnostics, DIAGNOSTIC_CODES, type Diagnostic, type DiagnosticCode, type Severity } from './diagnostics.js';
export { positionOf } from './source/positions.js';
export type * from './model/types.js';
