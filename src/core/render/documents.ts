/**
 * Every document Concert renders, in one registry: its model builder, its formats, and how each
 * format is written (a Handlebars template `<name>.<format>.hbs`, or directly from the model).
 * A new document is a new entry here, not a new chain of ifs in a command.
 */
import type Handlebars from 'handlebars';
import { buildAgenda, buildMinutes, type AgendaModel, type MinutesModel } from '../meetings/index.js';
import { renderInvitation } from '../meetings/invitation.js';
import { buildDiffDocument, renderDiffJson, renderDiffMarkdown, type DiffDocument } from '../diff/index.js';
import { buildReport, renderCsv, type ReportModel } from '../report/index.js';
import { Formatter } from './format.js';
import { DOCUMENT_FORMATS } from './formats.js';
import { commonHelpers, type HelperSet, type TemplateFormat } from './helpers/common.js';
import { meetingHelpers } from './helpers/meetings.js';
import { reportHelpers } from './helpers/report.js';

interface Localised {
  initiative: { locale: string };
}

export interface DocumentKind<Input, Model extends Localised, Format extends string> {
  name: string;
  build: (input: Input) => Model;
  /** Every format, the default first. */
  formats: readonly Format[];
  /** The formats rendered from templates (they take `--template` and `templates/` overrides). */
  templated: readonly (Format & TemplateFormat)[];
  /** The formats written straight from the model. */
  direct: Partial<Record<Format, (model: Model) => string>>;
  /** Helpers for this document's templates only (the common ones are always there). */
  helpers: (hb: typeof Handlebars, model: Model, fmt: Formatter) => HelperSet;
}

const json = (model: unknown) => JSON.stringify(model, null, 2) + '\n';

function kind<Input, Model extends Localised, Format extends string>(k: DocumentKind<Input, Model, Format>) {
  return k;
}

export const DOCUMENTS = {
  report: kind({
    name: 'report',
    build: buildReport,
    formats: DOCUMENT_FORMATS.report,
    templated: ['md', 'html'] as const,
    direct: { json, csv: renderCsv },
    helpers: (hb, model: ReportModel, fmt) => reportHelpers(hb, model, fmt),
  }),
  agenda: kind({
    name: 'agenda',
    build: buildAgenda,
    formats: DOCUMENT_FORMATS.agenda,
    templated: ['md', 'html'] as const,
    direct: { json, ics: renderInvitation },
    helpers: (_hb, _model: AgendaModel) => meetingHelpers(),
  }),
  minutes: kind({
    name: 'minutes',
    build: buildMinutes,
    formats: DOCUMENT_FORMATS.minutes,
    templated: ['md', 'html'] as const,
    direct: { json },
    helpers: (_hb, _model: MinutesModel) => meetingHelpers(),
  }),
  // A pull-request comment, written straight from the model (no template to override).
  diff: kind({
    name: 'diff',
    build: buildDiffDocument,
    formats: DOCUMENT_FORMATS.diff,
    templated: [] as const,
    direct: { md: renderDiffMarkdown, json: renderDiffJson },
    helpers: (_hb, _model: DiffDocument) => ({}),
  }),
};

export type DocumentName = keyof typeof DOCUMENTS;

export interface RenderOptions {
  /** The initiative folder: its `templates/` override the built-ins. */
  root: string;
  /** An explicit main template (absolute path), and how to name it in errors. */
  templateFile?: string;
  displayFile?: string;
}

export function isTemplated(doc: { templated: readonly string[] }, format: string): format is TemplateFormat {
  return doc.templated.includes(format);
}

/**
 * Render a document's model in one of its formats. Handlebars and the templates load only for
 * templated formats, never at start-up. A broken template throws TemplateError (file, line).
 */
export async function renderDocument<Model extends Localised, Format extends string>(
  doc: DocumentKind<never, Model, Format>,
  model: Model,
  format: Format,
  options: RenderOptions,
): Promise<string> {
  const direct = doc.direct[format];
  if (direct) return direct(model);
  if (!isTemplated(doc, format)) throw new Error(`${doc.name} has no format ${format}`);
  const { loadTemplates, renderTemplates } = await import('./engine.js');
  const templates = await loadTemplates(doc.name, format, options);
  const fmt = new Formatter(model.initiative.locale);
  return renderTemplates(model, templates, (hb) => ({ ...commonHelpers(hb, fmt, format), ...doc.helpers(hb, model, fmt) }));
}
