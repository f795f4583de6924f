/**
 * From a data path (an Ajv instancePath, or a rule's path into an entity) to a line and column
 * in the YAML source. The only module besides yaml.ts that knows the YAML library's node types.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, Scalar, type Document, type Node } from 'yaml';
import type { ParsedYaml } from './yaml.js';

export type PathSegment = string | number;

/** What to point at: the key of the last segment (unknown keys) or its value (bad values). */
export type Target = 'key' | 'value';

/** Split a JSON Pointer (Ajv's instancePath) into segments, undoing ~1 and ~0 escaping. */
export function pointerToPath(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return pointer === '/' ? [''] : [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function child(doc: Document, node: unknown, segment: PathSegment): { key: Node | null; value: Node | null } | null {
  if (isAlias(node)) node = node.resolve(doc);
  if (isMap(node)) {
    for (const item of node.items) {
      if (!isPair(item)) continue;
      const k = isScalar(item.key) ? item.key.value : item.key;
      if (String(k) === String(segment)) return { key: item.key as Node, value: (item.value as Node) ?? null };
    }
    return null;
  }
  if (isSeq(node)) {
    const i = typeof segment === 'number' ? segment : /^\d+$/.test(segment) ? Number(segment) : -1;
    const v = i >= 0 ? node.items[i] : undefined;
    return v === undefined ? null : { key: null, value: (v as Node) ?? null };
  }
  return null;
}

function nodeAt(parsed: ParsedYaml, path: readonly PathSegment[], target: Target): { node: Node | null; exact: boolean } {
  const doc = parsed.doc;
  if (!doc || !doc.contents) return { node: null, exact: false };
  let node: Node | null = doc.contents as Node;
  let keyNode: Node | null = null;
  for (const segment of path) {
    const next = child(doc, node, segment);
    if (!next) return { node: target === 'key' ? null : node, exact: false };
    keyNode = next.key;
    node = next.value ?? next.key ?? node;
  }
  return { node: target === 'key' && keyNode ? keyNode : node, exact: true };
}

/**
 * How the scalar at `path` is written in the source (`01234`, `1.10`, `"12"`), and the tag
 * written before it (`!!int`), when there is one; null when the path is not a scalar.
 */
export function scalarSource(parsed: ParsedYaml, path: readonly PathSegment[]): { text: string; tag: string | null; comment: string | null } | null {
  const { node, exact } = nodeAt(parsed, path, 'value');
  if (!exact || !isScalar(node) || !node.range) return null;
  const text = parsed.text.slice(node.range[0], node.range[1]).trim();
  // the parser keeps a tag written in the source (`!!int "12"`), by its full name
  const tag = node.tag ? node.tag.replace(/^tag:yaml\.org,2002:/, '!!') : null;
  // an empty value followed by a comment on its line (`color: #fff`: YAML reads a comment)
  let comment: string | null = null;
  if (text === '') {
    const lineEnd = parsed.text.indexOf('\n', node.range[0]);
    comment = /^\s*(#.*?)\s*$/.exec(parsed.text.slice(node.range[0], lineEnd < 0 ? undefined : lineEnd))?.[1] ?? null;
  }
  return { text, tag, comment };
}

/**
 * The position of the character at `index` (UTF-16 units) of the string value (or key) at
 * `path`, when the source writes the string out character for character (plain, or quoted
 * without escapes); else the position of the value itself.
 */
export function locateChar(parsed: ParsedYaml, path: readonly PathSegment[], target: Target, index: number): { line: number; column: number } {
  const { node, exact } = nodeAt(parsed, path, target);
  if (exact && isScalar(node) && typeof node.value === 'string' && node.range) {
    const raw = parsed.text.slice(node.range[0], node.range[1]);
    const value = node.value;
    const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
    const body = quoted ? raw.slice(1, 1 + value.length) : raw.slice(0, value.length);
    if (body === value && index <= value.length) {
      const pos = parsed.lineCounter.linePos(node.range[0] + (quoted ? 1 : 0) + index);
      return { line: pos.line, column: pos.col };
    }
  }
  return locate(parsed, path, target);
}

/**
 * The 1-based position of `path` in the parsed file. Walks as far as the path exists and falls
 * back to the nearest existing ancestor, so it always answers.
 */
export function locate(parsed: ParsedYaml, path: readonly PathSegment[], target: Target = 'value'): { line: number; column: number } {
  const doc = parsed.doc;
  if (!doc || !doc.contents) return { line: 1, column: 1 };
  let node: Node | null = doc.contents as Node;
  let keyNode: Node | null = null;
  for (const segment of path) {
    const next = child(doc, node, segment);
    if (!next) {
      keyNode = null;
      break;
    }
    keyNode = next.key;
    node = next.value ?? next.key ?? node;
  }
  const chosen = target === 'key' && keyNode ? keyNode : node;
  const offset = chosen?.range?.[0] ?? keyNode?.range?.[0] ?? 0;
  const pos = parsed.lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col };
}
