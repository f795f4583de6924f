/** What every document command shares: the format and --template flags, rendering, output. */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DocumentKind } from '../core/render/documents.js';
import { EXIT, UsageError, type CliIO } from './io.js';
import { emit } from './output.js';

/** The `--format` asked for, checked against the document's formats (the first is the default). */
export function formatOf<F extends string>(doc: { name: string; formats: readonly F[] }, opts: Record<string, unknown>): F {
  const asked = (opts['format'] as string | undefined) ?? doc.formats[0]!;
  if (!(doc.formats as readonly string[]).includes(asked)) throw new UsageError(`--format ${asked}: the ${doc.name} comes in ${doc.formats.join(', ')}`);
  return asked as F;
}

/** `--template FILE`: only for templated formats. */
export function templateOf(doc: { templated: readonly string[] }, format: string, opts: Record<string, unknown>, cwd: string): string | undefined {
  const template = typeof opts['template'] === 'string' ? opts['template'] : undefined;
  if (template === undefined) return undefined;
  if (!doc.templated.includes(format)) throw new UsageError(`--template applies to ${doc.templated.join(' and ')} output, not ${format}`);
  if (template.includes('\0')) throw new UsageError('the template path contains a NUL byte');
  // A missing template, or a folder, is the user's slip (exit 2), found before any work is done.
  let s;
  try {
    s = statSync(resolve(cwd, template));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`--template ${template}: ${code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file' : `cannot read it (${code ?? 'error'})`}`);
  }
  if (s.isDirectory()) throw new UsageError(`--template ${template} is a folder; give a Handlebars file (.hbs)`);
  return template;
}

/** Render `model` and write it to stdout or `--out`; a broken template is exit 1 with its file:line. */
export async function renderAndEmit<Model extends { initiative: { locale: string } }, F extends string>(
  io: CliIO,
  opts: Record<string, unknown>,
  doc: DocumentKind<never, Model, F>,
  model: Model,
  format: F,
  root: string,
): Promise<number> {
  const template = templateOf(doc, format, opts, io.cwd);
  const { renderDocument } = await import('../core/render/documents.js');
  let text: string;
  try {
    text = await renderDocument(doc, model, format, { root, ...(template !== undefined ? { templateFile: resolve(io.cwd, template), displayFile: template } : {}) });
  } catch (err) {
    const { TemplateError } = await import('../core/render/engine.js');
    if (err instanceof TemplateError) {
      io.stderr(`concert: ${err.message}\n`);
      return EXIT.invalid;
    }
    throw err;
  }
  await emit(io, opts['out'], text);
  return EXIT.ok;
}
