/**
 * Template rendering for every document: an isolated Handlebars instance per render (never the
 * global one, never prototype access), the built-in templates of the package's `templates/`,
 * overridden file by file by an initiative's `templates/`, or a main template named by `--template`.
 *
 * Template files: `<document>.<format>.hbs` (the main templates: `report.md.hbs`,
 * `agenda.html.hbs`, …) and partials named `_<name>.hbs`, used as `{{> name}}`.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import type { HelperSet, TemplateFormat } from './helpers/common.js';

export type { TemplateFormat } from './helpers/common.js';

/** The package's built-in templates (the same relative place from src/ and dist/). */
export const BUILTIN_TEMPLATES = fileURLToPath(new URL('../../../templates/', import.meta.url));

/** A template that does not parse or fails while rendering: names the file and the line. */
export class TemplateError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly detail: string,
  ) {
    super(`template ${file}${line !== null ? `, line ${line}` : ''}: ${detail}`);
    this.name = 'TemplateError';
  }
}

interface TemplateSource {
  /** As shown to the user: relative to the initiative, or the path given, or `templates/…` for built-ins. */
  file: string;
  source: string;
  /** The build's precompiled form of a built-in template, when its source is unchanged. */
  spec?: TemplateSpecification;
}

type TemplateSpecification = Parameters<typeof Handlebars.template>[0];

export const COMPILE_OPTIONS = { strict: false, preventIndent: false } as const;

export function sourceHash(source: string): string {
  return createHash('sha256').update(source).digest('hex');
}

let precompiled: Promise<Record<string, { sha256: string; spec: TemplateSpecification }>> | undefined;

/** The built-in templates precompiled by the build (none when running from src/). */
function precompiledTemplates(): NonNullable<typeof precompiled> {
  precompiled ??= import(new URL('./precompiled-templates.js', import.meta.url).href).then(
    (m: { default: Record<string, { sha256: string; spec: TemplateSpecification }> }) => m.default,
    () => ({}),
  );
  return precompiled;
}

export interface TemplateSet {
  main: TemplateSource;
  partials: Map<string, TemplateSource>;
}

/** `{{> name}}`, `{{~> name}}` and `{{#> name}}` block partials. */
const PARTIAL_CALL = /\{\{~?#?>\s*([A-Za-z0-9_-]+)/g;

async function listHbs(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isFile() && e.name.endsWith('.hbs'))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

async function readSource(path: string, shown: string, builtin?: string): Promise<TemplateSource> {
  try {
    const source = await readFile(path, 'utf8');
    const pre = builtin !== undefined ? (await precompiledTemplates())[builtin] : undefined;
    return pre && pre.sha256 === sourceHash(source) ? { file: shown, source, spec: pre.spec } : { file: shown, source };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new TemplateError(shown, null, e.code === 'ENOENT' ? 'no such file' : `cannot read it (${e.code ?? e.message})`);
  }
}

/**
 * The templates of `document` in `format`: built-ins, each replaced by the initiative's
 * `templates/` file of the same name, and the main one by `templateFile` when given (an absolute path).
 */
export async function loadTemplates(document: string, format: TemplateFormat, options: { root: string; templateFile?: string; displayFile?: string; builtins?: string }): Promise<TemplateSet> {
  const builtins = options.builtins ?? BUILTIN_TEMPLATES;
  const own = join(options.root, 'templates');
  const files = new Map<string, { path: string; shown: string; builtin?: string }>();
  for (const name of await listHbs(builtins)) files.set(name, { path: join(builtins, name), shown: `(built-in) templates/${name}`, builtin: name });
  for (const name of await listHbs(own)) files.set(name, { path: join(own, name), shown: relative(options.root, join(own, name)).split('\\').join('/') });
  let main: TemplateSource;
  if (options.templateFile) main = await readSource(options.templateFile, options.displayFile ?? basename(options.templateFile));
  else {
    const f = files.get(`${document}.${format}.hbs`);
    if (!f) throw new TemplateError(`templates/${document}.${format}.hbs`, null, 'no such template');
    main = await readSource(f.path, f.shown, f.builtin);
  }
  // Only the partials the main template uses, directly or through other partials: a document
  // does not pay for parsing every other document's partials. One that is missing fails where
  // it is called, with that template's file and line.
  const partials = new Map<string, TemplateSource>();
  const queue = [main];
  for (let t = queue.shift(); t; t = queue.shift()) {
    for (const [, name] of t.source.matchAll(PARTIAL_CALL)) {
      const f = files.get(`_${name}.hbs`);
      if (!f || partials.has(name!)) continue;
      const source = await readSource(f.path, f.shown, f.builtin);
      partials.set(name!, source);
      queue.push(source);
    }
  }
  return { main, partials };
}

/** Handlebars' own errors carry a line in different places; find it. */
function lineOf(err: unknown): number | null {
  const e = err as { lineNumber?: number; hash?: { loc?: { first_line?: number }; line?: number }; message?: string };
  if (typeof e?.lineNumber === 'number') return e.lineNumber;
  if (typeof e?.hash?.loc?.first_line === 'number') return e.hash.loc.first_line;
  if (typeof e?.hash?.line === 'number') return e.hash.line + 1;
  const m = /on line (\d+)/.exec(e?.message ?? '');
  return m ? Number(m[1]) : null;
}

function detailOf(err: unknown): string {
  const msg = String((err as Error)?.message ?? err);
  // Handlebars' parse errors carry a code excerpt after the first line; keep it, indented.
  return msg.replace(/^Parse error on line \d+:\n/, 'parse error:\n').replace(/\n/g, '\n    ');
}

type Compiled = (context: unknown, options?: Handlebars.RuntimeOptions) => string;

function compileChecked(hb: typeof Handlebars, t: TemplateSource): Compiled {
  if (t.spec) return hb.template(t.spec) as Compiled;
  try {
    // Parse now, so syntax errors surface with this file's name and line; the compiler runs on
    // first use, and a later error is wrapped with the file's name where the template is called.
    hb.parse(t.source);
    return hb.compile(t.source, COMPILE_OPTIONS);
  } catch (err) {
    throw new TemplateError(t.file, lineOf(err), detailOf(err));
  }
}

/**
 * Render a document's model with a template set. The Handlebars instance is created for this
 * render only, with the helpers `helpersFor` binds to it (names, locale).
 */
export function renderTemplates(model: unknown, templates: TemplateSet, helpersFor: (hb: typeof Handlebars) => HelperSet): string {
  const hb = Handlebars.create();
  for (const [name, fn] of Object.entries(helpersFor(hb))) hb.registerHelper(name, fn as Handlebars.HelperDelegate);
  for (const [name, t] of templates.partials) {
    const fn = compileChecked(hb, t) as (c: unknown, o: unknown) => string;
    // A runtime error inside a partial names the partial's file, not the main template.
    hb.registerPartial(name, ((ctx: unknown, opts: unknown) => {
      try {
        return fn(ctx, opts);
      } catch (err) {
        throw err instanceof TemplateError ? err : new TemplateError(t.file, lineOf(err), detailOf(err));
      }
    }) as unknown as Handlebars.Template);
  }
  const main = compileChecked(hb, templates.main);
  try {
    // prototype access stays off (BAD-INPUTS 35); said explicitly, Handlebars does not print on
    // the console how to switch it on each time a template reaches for a prototype
    return main(model, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
  } catch (err) {
    if (err instanceof TemplateError) throw err;
    throw new TemplateError(templates.main.file, lineOf(err), detailOf(err));
  }
}
