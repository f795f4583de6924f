/**
 * From a data path (an Ajv instancePath, or a rule's path into an entity) to a line and column
 * in the YAML source. The only module besides yaml.ts that knows the YAML library's node types.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';
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
