import { describe, expect, test } from 'vitest';
import { locate, pointerToPath } from '../../src/core/source/locate.js';
import { parseYaml } from '../../src/core/source/yaml.js';

const src = `- id: summer-reading
  title: "Summer reading"
  lead: eastside-libary
  milestones:
    - { title: Hire, due: 2025-02-30 }
  a/b: slash key
  x~y: tilde key
`;
const { parsed } = parseYaml('activities.yaml', new TextEncoder().encode(src));

describe('locate: a data path to a line and column', () => {
  test.each([
    [[0, 'lead'], 'value', 3, 9],
    [[0, 'lead'], 'key', 3, 3],
    [[0], 'value', 1, 3],
    [[0, 'milestones', 0, 'due'], 'value', 5, 27],
    [[0, 'milestones', 0, 'due'], 'key', 5, 22],
    [[0, 'a/b'], 'key', 6, 3],
    [[0, 'x~y'], 'key', 7, 3],
    // missing pieces fall back to the nearest existing ancestor
    [[0, 'milestones', 3, 'due'], 'value', 5, 5],
    [[0, 'nope'], 'value', 1, 3],
    [[7], 'value', 1, 1],
  ] as const)('%j (%s) → %i:%i', (path, target, line, column) => {
    expect(locate(parsed, path, target)).toEqual({ line, column });
  });

  test('JSON Pointer segments are unescaped (~1 is /, ~0 is ~)', () => {
    expect(pointerToPath('/0/a~1b')).toEqual(['0', 'a/b']);
    expect(pointerToPath('/0/x~0y')).toEqual(['0', 'x~y']);
    expect(pointerToPath('')).toEqual([]);
    expect(locate(parsed, pointerToPath('/0/a~1b'), 'key')).toEqual({ line: 6, column: 3 });
  });
});
