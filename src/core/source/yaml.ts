/**
 * YAML with source positions. Every parser error and warning becomes a diagnostic; nothing
 * a user writes can make this throw (alias bombs, deep nesting, binary files, `%YAML 1.1`).
 */
import { Document, LineCounter, parseAllDocuments, type YAMLError } from 'yaml';
import type { Diagnostic } from '../diagnostics.js';

/** Bulk data belongs in CSV; a YAML file past this size is refused (an 11 MB file took 21 s). */
export const MAX_YAML_BYTES = 1_000_000;
const MAX_ALIASES = 100;
/** Flow nesting deeper than this is refused before parsing (the parser's own limit depends on stack size). */
export const MAX_FLOW_DEPTH = 64;

/** Offset of the first `[` or `{` that opens a flow collection deeper than MAX_FLOW_DEPTH, or -1. */
function tooDeep(text: string): number {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"') i++;
      else if (c === '\n' && quote === '#') quote = '';
      continue;
    }
    // A quote opens a scalar only at its start (an apostrophe inside "Children's" does not).
    if ((c === '"' || c === "'") && /[\s:,[{-]/.test(text[i - 1] ?? ' ')) quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) quote = '#';
    else if (c === '[' || c === '{') {
      if (++depth > MAX_FLOW_DEPTH) return i;
    } else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if (c === '\n' && depth === 0) quote = '';
  }
  return -1;
}

export interface ParsedYaml {
  file: string;
  text: string;
  doc: Document | null;
  lineCounter: LineCounter;
  /** The plain value (null when the file did not parse or is empty). */
  value: unknown;
  ok: boolean;
}

const PARSE_OPTIONS = {
  version: '1.2',
  schema: 'core',
  merge: false,
  uniqueKeys: true,
  stringKeys: true,
  prettyErrors: true,
  logLevel: 'silent',
} as const;

function diag(file: string, line: number, column: number, message: string, code: Diagnostic['code'] = 'yaml-syntax', hint?: string): Diagnostic {
  return { code, severity: 'error', file, line, column, message, ...(hint ? { hint } : {}) };
}

/** Where an unclosed quote opened: the last quote before `offset` that starts a scalar. */
function openingQuote(text: string, offset: number, quote: string): { line: number; column: number } | null {
  const before = text.slice(0, offset);
  const re = new RegExp(`(^|[:\\-,\\[{]\\s*|^\\s*)${quote === '"' ? '"' : "'"}`, 'gm');
  let found = -1;
  for (let m = re.exec(before); m; m = re.exec(before)) found = m.index + m[0].length - 1;
  if (found < 0) return null;
  const lines = before.slice(0, found).split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

function fromYamlError(file: string, text: string, e: YAMLError): Diagnostic {
  const pos = e.linePos?.[0] ?? { line: 1, col: 1 };
  const first = (e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
  if (e.code === 'RESOURCE_EXHAUSTION' || /call stack/i.test(e.message)) {
    return diag(file, pos.line, pos.col, 'the file nests too deeply or expands too far to be read safely', 'yaml-syntax');
  }
  switch (e.code) {
    case 'DUPLICATE_KEY': {
      const key = /^\s*(?:-\s+)?([^:#]+?)\s*:/.exec(text.split(/\r?\n/)[pos.line - 1]?.slice(pos.col - 1) ?? '')?.[1];
      return diag(file, pos.line, pos.col, `the key ${key ? `'${key}' ` : ''}appears twice in the same mapping`, 'yaml-duplicate-key', 'remove or rename one of them');
    }
    case 'TAB_AS_INDENT':
      return diag(file, pos.line, pos.col, 'a tab is used for indentation; YAML allows only spaces', 'yaml-syntax', 'replace the tab with spaces');
    case 'BLOCK_AS_IMPLICIT_KEY':
      return diag(file, pos.line, pos.col, 'a value contains ": " and reads as a nested mapping', 'yaml-syntax', 'put the value in quotes, e.g. title: "Goal: x"');
    case 'TAG_RESOLVE_FAILED':
      return diag(file, pos.line, pos.col, `unsupported YAML tag: ${first.replace(/^Unresolved tag: /, '')}`, 'yaml-syntax', 'remove the !! tag; Concert files hold plain values only');
    case 'MISSING_CHAR': {
      const quote = /closing (["'])/.exec(first)?.[1];
      if (quote) {
        const open = openingQuote(text, e.pos[0], quote);
        if (open) return diag(file, open.line, open.column, `the quote ${quote} opened here is never closed`, 'yaml-syntax', `add the closing ${quote}`);
      }
      return diag(file, pos.line, pos.col, first);
    }
    default:
      return diag(file, pos.line, pos.col, first.charAt(0).toLowerCase() + first.slice(1));
  }
}

/** Parse one YAML file's bytes. `file` is the POSIX path relative to the initiative root. */
export function parseYaml(file: string, bytes: Uint8Array): { parsed: ParsedYaml; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const fail = (d: Diagnostic) => ({ parsed: { file, text: '', doc: null, lineCounter, value: null, ok: false }, diagnostics: [d] });

  if (bytes.length > MAX_YAML_BYTES) {
    return fail(diag(file, 1, 1, `the file is ${(bytes.length / 1e6).toFixed(1)} MB; YAML files are limited to 1 MB`, 'yaml-too-large', 'bulk data belongs in a CSV data drop under data/'));
  }
  if (bytes.includes(0)) return fail(diag(file, 1, 1, 'this is not a text file (it contains NUL bytes)', 'yaml-syntax'));
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return fail(diag(file, 1, 1, 'the file is not valid UTF-8 text', 'yaml-syntax', 'save it as UTF-8'));
  }

  const diagnostics: Diagnostic[] = [];
  const deep = tooDeep(text);
  if (deep >= 0) {
    const before = text.slice(0, deep).split('\n');
    return fail(diag(file, before.length, before[before.length - 1]!.length + 1, `the file nests lists or mappings more than ${MAX_FLOW_DEPTH} levels deep`, 'yaml-syntax', 'Concert files need only a few levels; check for a runaway [ or {'));
  }
  let docs: Document[];
  try {
    const all = parseAllDocuments(text, { ...PARSE_OPTIONS, lineCounter });
    docs = Array.isArray(all) ? (all as Document[]) : [];
  } catch (err) {
    return fail(diag(file, 1, 1, `the file cannot be read as YAML (${(err as Error).message})`));
  }
  const doc = docs[0] ?? null;
  const parsed: ParsedYaml = { file, text, doc, lineCounter, value: null, ok: false };
  if (!doc) {
    parsed.ok = true;
    return { parsed, diagnostics };
  }
  if (docs.length > 1) {
    const at = lineCounter.linePos(docs[1]!.range?.[0] ?? 0);
    diagnostics.push(diag(file, at.line, at.col, 'the file holds several YAML documents (separated by ---); Concert reads one', 'yaml-syntax', 'merge them into one document or split them into files'));
  }
  // A syntax error usually trips more parser errors after it (like ESLint, report the first);
  // duplicate keys are independent of each other, so each is reported.
  let syntaxReported = false;
  for (const d of docs) {
    for (const e of [...d.errors, ...d.warnings]) {
      if (e.code !== 'DUPLICATE_KEY') {
        if (syntaxReported) continue;
        syntaxReported = true;
      }
      diagnostics.push(fromYamlError(file, text, e));
    }
  }
  if (doc.directives?.yaml.explicit) {
    diagnostics.push(diag(file, 1, 1, 'a %YAML directive changes how values are typed; Concert files are YAML 1.2', 'yaml-syntax', 'remove the %YAML line'));
  }
  if (diagnostics.length > 0) return { parsed, diagnostics };

  try {
    parsed.value = doc.toJS({ maxAliasCount: MAX_ALIASES });
    parsed.ok = true;
  } catch (err) {
    const msg = (err as Error).message ?? '';
    diagnostics.push(
      /alias/i.test(msg)
        ? diag(file, 1, 1, 'too many aliases: the document expands beyond a safe size', 'yaml-syntax', 'write the values out instead of repeating anchors (&) and aliases (*)')
        : diag(file, 1, 1, `the file cannot be read as YAML (${msg})`),
    );
  }
  return { parsed, diagnostics };
}
