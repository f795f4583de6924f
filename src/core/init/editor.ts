/**
 * What makes editors check an initiative's files while typing (SPEC 1): `# yaml-language-server:
 * $schema=` lines that point at the local schema copies `concert init` writes, and VS Code settings
 * that map the layout's file names to the same copies (for files without a line).
 */
import { posix } from 'node:path';
import { FILE_KINDS, LAYOUT, fileOf, type FileKind } from '../schema/catalogue.js';
import { SCAFFOLD_SCHEMA_DIR } from './scaffold.js';

/** The comment the YAML language server reads (anywhere in a file; we keep it on the first line). */
const MODELINE = /^(#\s*yaml-language-server\s*:.*\$schema=)(\S+)(.*)$/m;

/** The schema copy of a kind, relative to the initiative folder. */
export const schemaPathOf = (kind: FileKind) => `${SCAFFOLD_SCHEMA_DIR}/${kind}.schema.json`;

/**
 * Globs (relative to the initiative folder, as `yaml.schemas` reads them) of the files a kind is
 * kept in: `<kind>.yaml`/`.yml`, and for collections every YAML file at any depth of `<kind>/`.
 * The language server puts `**` and a slash before each, so a pattern also matches in a sub-folder.
 */
export function globsOf(kind: FileKind): string[] {
  const file = fileOf(kind);
  const globs = LAYOUT[kind].folderOnly ? [] : [file, file.replace(/\.yaml$/, '.yml')];
  if (LAYOUT[kind].folder) globs.push(`${kind}/**/*.yaml`, `${kind}/**/*.yml`);
  return globs;
}

/** `.vscode/settings.json`: the YAML extension's `yaml.schemas`, schema copy → file globs. */
export function vscodeSettings(): string {
  const schemas = Object.fromEntries(FILE_KINDS.map((kind) => [schemaPathOf(kind), globsOf(kind)]));
  return JSON.stringify({ 'yaml.schemas': schemas }, null, 2) + '\n';
}

/** `.vscode/extensions.json`: the settings above do nothing without the YAML extension. */
export function vscodeExtensions(): string {
  return JSON.stringify({ recommendations: ['redhat.vscode-yaml'] }, null, 2) + '\n';
}

/** The `$schema=` value for the file at `file` (relative to the initiative folder, `/`-separated). */
export function schemaRef(file: string, kind: FileKind): string {
  return posix.relative(posix.dirname(posix.normalize(file)), schemaPathOf(kind));
}

/**
 * A copied file's schema line, repointed at the copy's own schemas (depth-aware): the example's
 * lines point at the package's `schemas/`, which a copy does not have. A line naming no schema of
 * Concert's (another URL, `$schema=none`) is left as it is.
 */
export function repointSchemaLine(text: string, file: string): string {
  const m = MODELINE.exec(text);
  if (!m) return text;
  const kind = FILE_KINDS.find((k) => posix.basename(m[2]!) === `${k}.schema.json`);
  if (!kind) return text;
  return text.slice(0, m.index) + m[1] + schemaRef(file, kind) + m[3] + text.slice(m.index + m[0].length);
}
