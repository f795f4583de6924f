/** The report (SPEC 6): its model, built purely, and where it came from. */
export { buildReport, defaultReportPeriod, parseReportPeriod, DUE_SOON_DAYS, type ReportInput } from './build.js';
export { gitState, provenanceFiles, provenanceOf } from './provenance.js';
export { renderCsv, CSV_COLUMNS } from './csv.js';
export type * from './types.js';
