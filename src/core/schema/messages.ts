/** Ajv's errors, rewritten into a data manager's words and pointed at the right YAML node. */
import type { ErrorObject } from 'ajv';
import type { Diagnostic } from '../diagnostics.js';
import { looksLikeDate } from '../dates.js';
import { locate, locateChar, pointerToPath, scalarSource, type PathSegment, type Target } from '../source/locate.js';
import { cleanId, describeChar, firstStrangeChar, visible } from '../source/chars.js';
import type { ParsedYaml } from '../source/yaml.js';
import { didYouMean } from '../suggest.js';

/** The noun for an entity found under a list key. */
const LIST_NOUNS: Record<string, string> = {
  goals: 'goal',
  strategies: 'strategy',
  glossary: 'glossary term',
  series: 'meeting series',
  meetings: 'meeting',
  actions: 'action',
  attendees: 'attendee',
  topics: 'topic',
  milestones: 'milestone',
  staff: 'staff member',
  values: 'dimension value',
  targets: 'target',
};

const FILE_NOUNS: Record<string, string> = {
  indicators: 'indicator',
  partners: 'partner',
  activities: 'activity',
  dimensions: 'dimension',
  commentary: 'commentary entry',
};

/** A commentary entry has no id: it is named by what it is about. */
function commentaryName(value: unknown, index: number): string {
  const about = ['indicator', 'goal'].find((k) => typeof get(value, k) === 'string' && get(value, k) !== '');
  return about ? `the commentary on ${about} '${visible(String(get(value, about)))}'` : `commentary entry ${index + 1}`;
}

function get(value: unknown, seg: PathSegment): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  return Object.hasOwn(value, String(seg)) ? (value as Record<string, unknown>)[String(seg)] : undefined;
}

function nameOf(value: unknown, noun: string, index: number): string {
  const id = [get(value, 'id'), get(value, 'term'), get(value, 'title'), get(value, 'name'), get(value, 'partner')].find((v) => v !== undefined && v !== null && v !== '');
  if (typeof id !== 'string' && typeof id !== 'number') return `${noun} ${index + 1}`;
  const text = String(id);
  return `${noun} '${visible(text.length > 40 ? text.slice(0, 37) + '…' : text)}'`;
}

/** "indicator 'k-readiness'", "goal 'grade3-reading' target 2", or the file name. */
export function describeOwner(kind: string, file: string, root: unknown, path: readonly PathSegment[]): string {
  let label = '';
  let value = root;
  let i = 0;
  if (FILE_NOUNS[kind]) {
    const name = kind === 'commentary' ? commentaryName : (v: unknown, k: number) => nameOf(v, FILE_NOUNS[kind]!, k);
    if (Array.isArray(root) && path.length > 0) {
      value = root[Number(path[0])];
      label = name(value, Number(path[0]));
      i = 1;
    } else if (!Array.isArray(root)) label = name(root, 0);
  }
  for (; i < path.length - 1; i++) {
    const listKey = path[i]!;
    const next = get(value, listKey);
    if (Array.isArray(next) && LIST_NOUNS[String(listKey)] && /^\d+$/.test(String(path[i + 1]))) {
      value = next[Number(path[i + 1])];
      const part = nameOf(value, LIST_NOUNS[String(listKey)]!, Number(path[i + 1]));
      label = label && !label.startsWith(file) ? `${label}, ${part}` : part;
      i++;
    } else value = next;
  }
  return label || file;
}

function show(value: unknown): string {
  if (typeof value === 'string') return `'${visible(value.length > 40 ? value.slice(0, 37) + '…' : value)}'`;
  if (value === null || value === undefined) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value lines)',
  null: 'empty',
};

function typeOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function slug(text: string): string {
  return text.toLowerCase().normalize('NFKD').replace(/[^\x00-\x7f]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

interface Mapped {
  path: PathSegment[];
  target: Target;
  message: string;
  hint?: string;
  code?: Diagnostic['code'];
  /** Point at this character (UTF-16 index) of the string value or key, when the source shows it. */
  charIndex?: number;
}

const ID = /^[a-z0-9][a-z0-9-]*$/;

/**
 * A character in an id or key that the eye does not see (zero-width space, no-break space, a
 * space at either end, a tab) or cannot tell from the one meant (Cyrillic 'а', an en dash):
 * what it is and where, in words.
 */
function strangeChar(text: string): { index: number; words: string } | null {
  const found = firstStrangeChar(text);
  if (!found) return null;
  const { index, ch } = found;
  const atEnd = index + ch.length >= text.length || text.slice(index).trim() === '';
  // An ordinary space inside a name ('Eastside Library') is plain to see: not this case.
  if (ch === ' ' && index > 0 && !atEnd) return null;
  const where = index === 0 ? 'at the start' : atEnd ? 'at the end' : `after '${visible(text.slice(0, index))}'`;
  const what = describeChar(ch);
  return { index, words: `it holds ${what}${what.includes(',') ? ',' : ''} ${where}` };
}

/**
 * `file`: the file's name, for errors about the whole file; `itself`: the error is about an entity
 * as a whole (a list item that is not a mapping), which `owner` names.
 */
function mapError(e: ErrorObject, field: string, owner: string, file: string, itself: boolean, written: { text: string; tag: string | null; comment: string | null } | null = null): Mapped | null {
  const path = pointerToPath(e.instancePath) as PathSegment[];
  const data = e.data;
  const where = owner ? ` in ${owner}` : '';
  switch (e.keyword) {
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      return { path, target: 'value', message: `${owner || (path.length === 0 ? file : field)} is missing the required field '${missing}'` };
    }
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys((e.parentSchema?.['properties'] as object | undefined) ?? {});
      // Only what the eye cannot see or tell apart: 'Größe' is a plain unknown key.
      const cleaned = cleanId(key);
      const strange = cleaned !== key ? strangeChar(key) : null;
      return {
        path: [...path, key],
        target: 'key',
        message: `unknown key '${visible(key)}'${where}${strange ? `: ${strange.words}` : ''}`,
        hint: key === '<<'
          ? 'YAML merge keys (<<) are not supported; write the fields out'
          : strange && known.includes(cleaned)
            ? `did you mean '${cleaned}'?`
            : /^-\S/.test(key) && known.includes(key.slice(1))
              ? `put a space after the dash: '- ${key.slice(1)}:'`
              : didYouMean(key, known) ?? (known.length ? `known keys here: ${known.join(', ')}; keys starting with x- are kept for your own use` : undefined),
        ...(strange ? { charIndex: strange.index } : {}),
      };
    }
    case 'enum': {
      const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String);
      return {
        path,
        target: 'value',
        message: `${show(data)} is not a valid ${field}${where}; use one of: ${allowed.join(', ')}`,
        hint: typeof data === 'string' ? didYouMean(data, allowed) : undefined,
      };
    }
    case 'const':
      return { path, target: 'value', message: `${field}${where} must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}, not ${show(data)}` };
    case 'type': {
      const wanted = ([] as string[]).concat((e.params as { type: string | string[] }).type);
      const words = wanted.filter((t) => t !== 'null').map((t) => TYPE_WORDS[t] ?? t).join(' or ');
      const quote = wanted.includes('string') && ['number', 'boolean'].includes(typeOf(data));
      if (quote && String(e.parentSchema?.['pattern'] ?? '').includes(':[0-5]')) {
        return { path, target: 'value', message: `${field}${where} should be text like "09:00" (in quotes), not ${show(data)}`, hint: 'write the time as HH:MM in quotes, e.g. time: "09:00"' };
      }
      return {
        path,
        target: 'value',
        message: itself && owner ? `${owner} should be ${words}, not ${show(data)}` : `${field}${where} should be ${words}, not ${show(data)}`,
        hint: written?.tag
          ? `remove the tag ${written.tag}: YAML reads the value as it is written`
          : data === null && written?.comment
          ? `after a space, # starts a comment in YAML: put the value in quotes ("${written.comment}")`
          : quote
          ? `put it in quotes ("${written?.text ?? String(data)}") so YAML keeps it as written`
          : typeof data === 'string' && wanted.some((t) => t === 'integer' || t === 'number') && /^-?\d+(\.\d+)?$/.test(data.trim())
            ? 'remove the quotes: a number is written without them'
            : undefined,
      };
    }
    case 'format': {
      const format = (e.params as { format: string }).format;
      if (format === 'date') {
        if (typeof data === 'string' && looksLikeDate(data)) {
          const [y, m] = data.split('-').map(Number) as [number, number];
          const days = m >= 1 && m <= 12 ? new Date(Date.UTC(y, m, 0)).getUTCDate() : 0;
          const month = days ? new Date(Date.UTC(y, m - 1, 1)).toLocaleString('en-US', { month: 'long', timeZone: 'UTC' }) : '';
          return {
            path,
            target: 'value',
            code: 'invalid-date',
            message: `${field} ${show(data)}${where} is not a real date`,
            hint: days ? `${month} ${y} has ${days} days` : 'months run from 01 to 12',
          };
        }
        return { path, target: 'value', message: `${field}${where} should be a date like 2025-10-15, not ${show(data)}` };
      }
      return { path, target: 'value', message: `${field}${where} should be a valid ${format}, not ${show(data)}` };
    }
    case 'pattern': {
      const pattern = (e.params as { pattern: string }).pattern;
      if (pattern.startsWith('^[a-z0-9]')) {
        const strange = typeof data === 'string' ? strangeChar(data) : null;
        const cleaned = typeof data === 'string' ? cleanId(data) : '';
        const s = ID.test(cleaned) ? cleaned : typeof data === 'string' ? slug(cleaned) : '';
        return {
          path,
          target: 'value',
          message: data === '' ? `the id${where} is empty` : `${show(data)} is not a valid id${where}: ${strange ? strange.words : 'use lowercase letters, digits and hyphens'}`,
          hint: s && s !== data ? `did you mean '${s}'?` : undefined,
          ...(strange ? { charIndex: strange.index } : {}),
        };
      }
      if (pattern.includes(':[0-5]')) {
        const short = typeof data === 'string' && /^\d:\d\d$/.test(data);
        return {
          path,
          target: 'value',
          message: `${field}${where} should be a 24-hour time from 00:00 to 23:59, like "09:00", not ${show(data)}`,
          hint: short ? `write the hour with two digits: "0${data}"` : 'hours run from 00 to 23 and minutes from 00 to 59',
        };
      }
      return { path, target: 'value', message: `${field}${where} has an unexpected form: ${show(data)}` };
    }
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum': {
      const limit = (e.params as { limit: number }).limit;
      const word = { minimum: 'at least', exclusiveMinimum: 'more than', maximum: 'at most', exclusiveMaximum: 'less than' }[e.keyword];
      return { path, target: 'value', message: `${field}${where} should be ${word} ${limit}, not ${show(data)}` };
    }
    case 'minItems':
    case 'maxItems': {
      const limit = (e.params as { limit: number }).limit;
      const exact = e.parentSchema?.['minItems'] === e.parentSchema?.['maxItems'];
      const count = exact ? `exactly ${limit}` : e.keyword === 'minItems' ? `at least ${limit}` : `at most ${limit}`;
      return { path, target: 'value', message: `${field}${where} should have ${count} ${limit === 1 ? 'entry' : 'entries'}` };
    }
    case 'maxLength':
      return { path, target: 'value', message: `${field}${where} is too long (at most ${(e.params as { limit: number }).limit} characters)` };
    case 'minLength':
      return { path, target: 'value', message: `${field}${where} should not be empty` };
    case 'uniqueItems':
      return { path, target: 'value', message: `${field}${where} lists the same entry twice` };
    case 'anyOf':
    case 'oneOf':
      return null; // the branches' own errors say more
    default:
      return { path, target: 'value', message: `${field}${where} ${e.message ?? 'is not valid'}` };
  }
}

/**
 * Turn Ajv errors for the value at `basePath` of a parsed file into diagnostics.
 * `kind` names the file kind (for entity labels).
 */
/**
 * The branches of an anyOf (a list, or one item written alone) each say "wrong type" about the
 * same value: one problem, one diagnostic naming every accepted type.
 */
function mergeTypeErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const first = new Map<string, ErrorObject>();
  const out: ErrorObject[] = [];
  for (const e of errors) {
    if (e.keyword !== 'type') {
      out.push(e);
      continue;
    }
    const seen = first.get(e.instancePath);
    if (!seen) {
      const copy = { ...e, params: { ...e.params } };
      first.set(e.instancePath, copy);
      out.push(copy);
      continue;
    }
    const types = new Set(([] as string[]).concat((seen.params as { type: string | string[] }).type, (e.params as { type: string | string[] }).type));
    (seen.params as { type: string[] }).type = [...types];
  }
  return out;
}

export function schemaDiagnostics(kind: string, parsed: ParsedYaml, basePath: PathSegment[], given: readonly ErrorObject[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const errors = mergeTypeErrors(given);
  const hasSpecific = new Set(errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf').map((e) => e.instancePath));
  // `version: "1"` breaks both `type` and `const`: one problem, one diagnostic (the type says more).
  const wrongType = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  // "Exactly one of these fields" (a oneOf of `required` branches, as a commentary entry's
  // indicator | goal): one message, not a missing field per branch.
  const choices = new Map<ErrorObject, string[]>();
  for (const e of errors) {
    const branches = e.keyword === 'oneOf' && Array.isArray(e.schema) ? (e.schema as Record<string, unknown>[]) : [];
    const fields = branches.map((b) => (Array.isArray(b['required']) && b['required'].length === 1 ? String(b['required'][0]) : ''));
    if (fields.length > 1 && fields.every(Boolean)) choices.set(e, fields);
  }
  const inChoice = (e: ErrorObject) => e.keyword === 'required' && [...choices.keys()].some((c) => c.instancePath === e.instancePath && e.schemaPath.startsWith(`${c.schemaPath}/`));
  for (const e of errors) {
    if ((e.keyword === 'const' || e.keyword === 'enum') && wrongType.has(e.instancePath)) continue;
    if (inChoice(e)) continue;
    const fields = choices.get(e);
    if (fields) {
      const rel = pointerToPath(e.instancePath) as PathSegment[];
      const full = [...basePath, ...rel];
      const owner = describeOwner(kind, parsed.file, parsed.value, [...full, '']);
      const passing = (e.params as { passingSchemas?: number[] | null }).passingSchemas;
      const named = (list: string[], word: string) => list.map((f) => `'${f}'`).join(` ${word} `);
      const both = Array.isArray(passing) ? passing.map((k) => fields[k]!) : null;
      const pos = both ? locate(parsed, [...full, both[both.length - 1]!], 'key') : locate(parsed, full);
      out.push({
        code: 'schema', severity: 'error', file: parsed.file, ...pos,
        message: both ? `${owner} names both ${named(both, 'and')}; keep one` : `${owner} needs one of ${named(fields, 'or')}`,
        ...(both ? { hint: 'write a separate entry for each' } : {}),
      });
      continue;
    }
    const rel = pointerToPath(e.instancePath) as PathSegment[];
    const full = [...basePath, ...rel];
    const field = rel.length ? String(rel.filter((s) => !/^\d+$/.test(String(s))).pop() ?? kind) : kind;
    const owner = describeOwner(kind, parsed.file, parsed.value, e.keyword === 'required' || e.keyword === 'additionalProperties' ? [...full, ''] : full);
    const last = String(rel[rel.length - 1] ?? '');
    const itself = (rel.length === 0 && basePath.length > 0) || (rel.length >= 2 && /^\d+$/.test(last) && LIST_NOUNS[String(rel[rel.length - 2])] !== undefined);
    const mapped = mapError(e, field, owner === parsed.file ? '' : owner, parsed.file, itself, e.keyword === 'type' ? scalarSource(parsed, full) : null);
    if (!mapped) {
      if (!hasSpecific.has(e.instancePath)) {
        const pos = locate(parsed, full);
        out.push({ code: 'schema', severity: 'error', file: parsed.file, ...pos, message: `${field} ${owner !== parsed.file ? `in ${owner} ` : ''}does not have an accepted form` });
      }
      continue;
    }
    const pos = mapped.charIndex === undefined ? locate(parsed, [...basePath, ...mapped.path], mapped.target) : locateChar(parsed, [...basePath, ...mapped.path], mapped.target, mapped.charIndex);
    out.push({
      code: mapped.code ?? 'schema',
      severity: 'error',
      file: parsed.file,
      ...pos,
      message: mapped.message,
      ...(mapped.hint ? { hint: mapped.hint } : {}),
    });
  }
  return out;
}
