/**
 * YAML with source positions. Every parser error and warning becomes a diagnostic; nothing
 * a user writes can make this throw (alias bombs, deep nesting, binary files, `%YAML 1.1`).
 */
import { Composer, Document, LineCounter, Parser, isAlias, visit, type CST, type YAMLError } from 'yaml';
import type { Diagnostic } from '../diagnostics.js';
import { decodeWindows1252 } from '../data/windows-1252.js';
import { describeChar, isInvisible } from './chars.js';

/** Bulk data belongs in CSV; a YAML file past this size is refused (an 11 MB file took 21 s). */
export const MAX_YAML_BYTES = 1_000_000;
const MAX_ALIASES = 100;
/** Flow nesting deeper than this is refused before parsing (the parser's own limit depends on stack size). */
export const MAX_FLOW_DEPTH = 64;

/** Each `[`, `{`, `]` and `}` before `end` that stands outside quotes and comments, with its offset. */
function* flowBrackets(text: string, end = text.length): Generator<{ at: number; c: string }> {
  let quote = '';
  for (let i = 0; i < Math.min(end, text.length); i++) {
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
    else if (c === '[' || c === '{' || c === ']' || c === '}') yield { at: i, c };
  }
}

/** Offset of the first `[` or `{` that opens a flow collection deeper than MAX_FLOW_DEPTH, or -1. */
function tooDeep(text: string): number {
  let depth = 0;
  for (const { at, c } of flowBrackets(text)) {
    if (c === '[' || c === '{') {
      if (++depth > MAX_FLOW_DEPTH) return at;
    } else depth = Math.max(0, depth - 1);
  }
  return -1;
}

/** Offset of the first collection (in document order) nested more than MAX_FLOW_DEPTH deep in the syntax tree, or -1. */
function blockTooDeep(tokens: readonly CST.Token[]): number {
  const stack: (CST.Token | undefined)[] = [...tokens].reverse();
  const depths: number[] = stack.map(() => 0);
  while (stack.length > 0) {
    const token = stack.pop();
    const depth = depths.pop()!;
    if (!token) continue;
    if (token.type === 'document') {
      stack.push(token.value);
      depths.push(depth);
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      if (depth + 1 > MAX_FLOW_DEPTH) return token.offset;
      for (let i = token.items.length - 1; i >= 0; i--) {
        const item = token.items[i]! as { key?: CST.Token | null; value?: CST.Token };
        if (item.value && typeof item.value === 'object' && 'items' in item.value) {
          stack.push(item.value);
          depths.push(depth + 1);
        }
        if (item.key && typeof item.key === 'object' && 'items' in item.key) {
          stack.push(item.key);
          depths.push(depth + 1);
        }
      }
    }
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
  // YAML 1.1's !!binary, !!set, !!omap, !!pairs and !!timestamp are not values a Concert file
  // holds: unresolved, so each is reported (BAD-INPUTS 5)
  resolveKnownTags: false,
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

/** The last `[` (or `{`) before `offset` that is still open there, outside quotes and comments. */
function unclosedBracket(text: string, offset: number, bracket: '[' | '{'): { line: number; column: number } | null {
  const stack: number[] = [];
  for (const { at, c } of flowBrackets(text, offset)) {
    if (c === '[' || c === '{') stack.push(at);
    else stack.pop();
  }
  for (let k = stack.length - 1; k >= 0; k--) {
    if (text[stack[k]!] === bracket) return positionIn(text, stack[k]!);
  }
  return null;
}

function fromYamlError(file: string, text: string, e: YAMLError, lineCounter: LineCounter): Diagnostic {
  const pos = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
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
      return diag(file, pos.line, pos.col, `unsupported YAML tag: ${first.replace(/^Unresolved tag: /, '').replace(/^tag:yaml\.org,2002:/, '!!')}`, 'yaml-syntax', 'remove the tag; Concert files hold plain values only');
    case 'MISSING_CHAR': {
      if (/^Implicit map keys need to be followed by map values/.test(first)) {
        const line = text.split(/\r?\n/)[pos.line - 1] ?? '';
        if (!line.includes(':')) {
          return diag(file, pos.line, pos.col, 'this line has no colon: each line of a mapping is "key: value"', 'yaml-syntax', 'add the colon, or join the line to the one above if it continues its value');
        }
      }
      const quote = /closing (["'])/.exec(first)?.[1];
      if (quote) {
        const open = openingQuote(text, e.pos[0], quote);
        if (open) return diag(file, open.line, open.column, `the quote ${quote} opened here is never closed`, 'yaml-syntax', `add the closing ${quote}`);
      }
      return diag(file, pos.line, pos.col, first.charAt(0).toLowerCase() + first.slice(1));
    }
    case 'MULTILINE_IMPLICIT_KEY': {
      const line = text.split(/\r?\n/)[pos.line - 1] ?? '';
      const glued = /^\s*(?:-\s+)?([A-Za-z_][\w-]*):(\S.*)$/.exec(line);
      if (glued) {
        return diag(file, pos.line, line.indexOf(':', pos.col - 1) + 2, `'${glued[1]}:' needs a space after the colon`, 'yaml-syntax', `write ${glued[1]}: ${glued[2]!.trim()}`);
      }
      if (!line.includes(':') && /\S/.test(line)) {
        return diag(file, pos.line, pos.col, 'this line has no colon: each line of a mapping is "key: value"', 'yaml-syntax', 'add the colon, or join the line to the one above if it continues its value');
      }
      return diag(file, pos.line, pos.col, 'a key runs over more than one line', 'yaml-syntax', 'keys are one line long; check for a missing colon or an unclosed quote above');
    }
    case 'BAD_SCALAR_START':
      return diag(file, pos.line, pos.col, first.charAt(0).toLowerCase() + first.slice(1), 'yaml-syntax', 'put the value in quotes');
    case 'UNEXPECTED_TOKEN':
    case 'BAD_INDENT': {
      const flow = /^Flow (sequence|map) in block collection/.exec(first);
      const open = flow ? unclosedBracket(text, e.pos[0], flow[1] === 'map' ? '{' : '[') : null;
      if (flow && open) {
        const [o, c] = flow[1] === 'map' ? ['{', '}'] : ['[', ']'];
        return diag(file, open.line, open.column, `the ${o} opened here is never closed with ${c}`, 'yaml-syntax', `add the closing ${c}; a ${o} ${c} value may run over several lines only if they are indented more than its key`);
      }
      const line = text.split(/\r?\n/)[pos.line - 1] ?? '';
      const before = line.slice(0, pos.col - 1).trimEnd();
      if (/^Unexpected scalar at node end/.test(first) && /(?:^\s*|:\s+|-\s+)(["'])(?:(?!\1).)*\1$/.test(before)) {
        return diag(file, pos.line, pos.col, 'text follows the closing quote of a value', 'yaml-syntax', 'put the whole value in quotes, or remove the quotes');
      }
      const dash = /^(\s*)-([A-Za-z_][\w-]*:.*)$/.exec(line);
      if (dash && /^Unexpected scalar at node end/.test(first)) {
        return diag(file, pos.line, dash[1]!.length + 2, 'a list item needs a space after its dash', 'yaml-syntax', `write - ${dash[2]!.trim()}`);
      }
      if (e.code === 'BAD_INDENT' || /^Unexpected scalar at node end/.test(first)) {
        return diag(file, pos.line, pos.col, 'this line is not indented like the lines around it', 'yaml-syntax', 'the keys of one entry start in the same column, under the first key after its "- "; check the spaces at the start of the line');
      }
      const stray = /^Unexpected flow-(seq|map)-end token/.exec(first);
      if (stray) {
        const [o, c] = stray[1] === 'map' ? ['{', '}'] : ['[', ']'];
        return diag(file, pos.line, pos.col, `a ${c} with no ${o} before it`, 'yaml-syntax', `remove the ${c}, or put the value in quotes`);
      }
      if (/^Unexpected block-seq-ind on same line with key/.test(first)) {
        return diag(file, pos.line, pos.col, 'a "- " list item starts on the same line as a key', 'yaml-syntax', 'start the list on the next line, indented under the key');
      }
      return diag(file, pos.line, pos.col, first.charAt(0).toLowerCase() + first.slice(1));
    }
    case 'NON_STRING_KEY':
      return diag(file, pos.line, pos.col, 'a key is a list or a mapping; keys are plain text', 'yaml-syntax', 'check for a stray ? [ or { at the start of the key');
    default:
      return diag(file, pos.line, pos.col, first.charAt(0).toLowerCase() + first.slice(1));
  }
}

/**
 * A syntax error on a line that holds an invisible character (a byte order mark left by joining
 * two files, a zero-width or no-break space pasted from a web page) is about that character.
 */
function invisibleOnLine(file: string, text: string, d: Diagnostic): Diagnostic | null {
  const line = text.split(/\r?\n/)[d.line - 1] ?? '';
  let column = 1;
  for (const ch of line) {
    if (ch !== '\t' && isInvisible(ch)) {
      return diag(file, d.line, column, `line ${d.line} holds ${describeChar(ch)}, at column ${column}`, 'yaml-syntax', 'delete the character (it often comes from joining two files or from copying out of a web page or a word processor)');
    }
    column += ch.length;
  }
  return null;
}

/** Aliases that name no anchor before them, or an anchor around themselves (a loop). */
function badAlias(file: string, doc: Document, lineCounter: LineCounter): Diagnostic | null {
  const anchors = new Set<string>();
  let found: Diagnostic | null = null;
  visit(doc, {
    Node(_key, node, path) {
      if (isAlias(node)) {
        const at = lineCounter.linePos(node.range?.[0] ?? 0);
        if (!anchors.has(node.source)) {
          found = diag(file, at.line, at.col, `the alias *${node.source} names no anchor &${node.source} above it`, 'yaml-syntax', `define &${node.source} before using *${node.source}, or write the value out`);
          return visit.BREAK;
        }
        if (path.some((p) => (p as { anchor?: string }).anchor === node.source)) {
          found = diag(file, at.line, at.col, `the alias *${node.source} is inside the value anchored as &${node.source}, which would make it contain itself`, 'yaml-syntax', 'write the value out instead');
          return visit.BREAK;
        }
      } else if (node.anchor) anchors.add(node.anchor);
      return undefined;
    },
  });
  return found;
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence, or -1. */
function firstBadUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const n = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (n < 0 || i + n >= bytes.length) return i;
    // The second byte's range is narrower after E0, ED, F0 and F4 (no overlongs, surrogates or > U+10FFFF).
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k]!;
      if (c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  return -1;
}

/** 1-based line and column of `offset` in `text` (any of CRLF, LF, CR ends a line). */
function positionIn(text: string, offset: number): { line: number; column: number } {
  const lines = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

/**
 * The text of a YAML file: UTF-8 (with or without BOM) or UTF-16 with a BOM, with lone CRs
 * (classic Mac line ends, which YAML 1.2 allows) turned into LFs so the parser sees lines.
 */
function decode(file: string, bytes: Uint8Array): { text: string } | { diagnostic: Diagnostic } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) || (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff)) {
    return { diagnostic: diag(file, 1, 1, 'the file is UTF-32 text, which Concert does not read', 'yaml-syntax', 'save it as UTF-8') };
  }
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : null;
  let text: string;
  if (utf16) {
    try {
      text = new TextDecoder(utf16, { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      return { diagnostic: diag(file, 1, 1, `the file starts with a UTF-16 byte order mark but is not valid UTF-16 text`, 'yaml-syntax', 'save it as UTF-8') };
    }
  } else {
    if (!bytes.includes(0)) {
      try {
        text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
        return { text: text.replace(/\r(?!\n)/g, '\n') };
      } catch {
        // not UTF-8: say where below
      }
    }
    const bad = firstBadUtf8(bytes);
    if (bytes.includes(0)) {
      // NUL padding at the end of a text file, UTF-16 without its byte order mark, or not text at all.
      return { diagnostic: nulDiagnostic(file, bytes, bad < 0 ? new TextDecoder('utf-8').decode(bytes) : null) };
    }
    if (bad >= 0) {
      const before = new TextDecoder('utf-8').decode(bytes.subarray(0, bad));
      const at = positionIn(before, before.length);
      const byte = bytes[bad]!;
      const guess = decodeWindows1252(bytes, bad, bad + 1);
      const hex = byte.toString(16).toUpperCase().padStart(2, '0');
      // Reported at 1:1: the fix is to save the whole file again, not to edit one line.
      return {
        diagnostic: diag(
          file, 1, 1,
          `the file is not valid UTF-8 text: line ${at.line}, column ${at.column} holds the byte 0x${hex}${isInvisible(guess) ? '' : ` ('${guess}' in Windows-1252)`}`,
          'yaml-syntax',
          'save it as UTF-8 (most editors offer the encoding under Save As)',
        ),
      };
    }
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) return { diagnostic: nulDiagnostic(file, bytes, text) };
  return { text: text.replace(/\r(?!\n)/g, '\n') };
}

/** NUL bytes: padding at the end of a text file, UTF-16 without a byte order mark, or not text at all. */
function nulDiagnostic(file: string, bytes: Uint8Array, text: string | null): Diagnostic {
  if (text !== null) {
    const trailing = /\0+$/.exec(text);
    if (trailing && !text.slice(0, trailing.index).includes('\0')) {
      const at = positionIn(text, trailing.index);
      const n = trailing[0].length;
      return diag(file, at.line, at.column, `the file ends with ${n} NUL character${n === 1 ? '' : 's'} (padding left by the program that saved it)`, 'yaml-syntax', `delete ${n === 1 ? 'it' : 'them'}, or save the file again as UTF-8 text`);
    }
  }
  const evenZeros = bytes.filter((b, i) => i % 2 === 0 && b === 0).length;
  const oddZeros = bytes.filter((b, i) => i % 2 === 1 && b === 0).length;
  const half = bytes.length / 2;
  if (bytes.length >= 4 && Math.max(evenZeros, oddZeros) > half * 0.6 && Math.min(evenZeros, oddZeros) < half * 0.1) {
    return diag(file, 1, 1, 'the file looks like UTF-16 text without a byte order mark', 'yaml-syntax', 'save it as UTF-8');
  }
  return diag(file, 1, 1, 'this is not a text file (it contains NUL bytes)', 'yaml-syntax');
}

/** Parse one YAML file's bytes. `file` is the POSIX path relative to the initiative root. */
export function parseYaml(file: string, bytes: Uint8Array): { parsed: ParsedYaml; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const fail = (d: Diagnostic) => ({ parsed: { file, text: '', doc: null, lineCounter, value: null, ok: false }, diagnostics: [d] });

  if (bytes.length > MAX_YAML_BYTES) {
    const size = (n: number) => n.toLocaleString('en-US');
    return fail(diag(file, 1, 1, `the file is ${size(bytes.length)} bytes; YAML files are limited to ${size(MAX_YAML_BYTES)} bytes (1 MB)`, 'yaml-too-large', 'bulk data belongs in a CSV data drop under data/'));
  }
  const decoded = decode(file, bytes);
  if ('diagnostic' in decoded) return fail(decoded.diagnostic);
  const text = decoded.text;

  const diagnostics: Diagnostic[] = [];
  const deep = tooDeep(text);
  if (deep >= 0) {
    const before = text.slice(0, deep).split('\n');
    return fail(diag(file, before.length, before[before.length - 1]!.length + 1, `the file nests lists or mappings more than ${MAX_FLOW_DEPTH} levels deep`, 'yaml-syntax', 'Concert files need only a few levels; check for a runaway [ or {'));
  }
  let docs: Document[];
  try {
    // parseAllDocuments in two steps, so the nesting is measured on the syntax tree before the
    // composer recurses into it: its own limit is the call stack, whose size differs between a
    // process and a worker thread, and so would the position it reports.
    const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(text));
    const deepBlock = blockTooDeep(tokens);
    if (deepBlock >= 0) {
      const at = lineCounter.linePos(deepBlock);
      return fail(diag(file, at.line, at.col, `the file nests lists or mappings more than ${MAX_FLOW_DEPTH} levels deep`, 'yaml-syntax', 'Concert files need only a few levels; check the indentation'));
    }
    docs = Array.from(new Composer(PARSE_OPTIONS).compose(tokens)) as Document[];
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
      // duplicate keys and tags are independent of each other: each is reported
      if (e.code !== 'DUPLICATE_KEY' && e.code !== 'TAG_RESOLVE_FAILED') {
        if (syntaxReported) continue;
        syntaxReported = true;
      }
      const problem = fromYamlError(file, text, e, lineCounter);
      diagnostics.push((e.code !== 'DUPLICATE_KEY' && e.code !== 'TAG_RESOLVE_FAILED' && invisibleOnLine(file, text, problem)) || problem);
    }
  }
  if (doc.directives?.yaml.explicit) {
    diagnostics.push(diag(file, 1, 1, 'a %YAML directive changes how values are typed; Concert files are YAML 1.2', 'yaml-syntax', 'remove the %YAML line'));
  }
  if (diagnostics.length > 0) return { parsed, diagnostics };
  const alias = text.includes('*') ? badAlias(file, doc, lineCounter) : null;
  if (alias) return { parsed, diagnostics: [alias] };

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
