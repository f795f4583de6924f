/** Load an initiative folder: find its files, parse them, check them against the schemas, build the model. */
import type { Diagnostic } from './diagnostics.js';
import { buildActivity, buildAgenda, buildCommentary, buildDimension, buildIndicator, buildMeetings, buildPartner, buildSettings, entitiesOf } from './model/build.js';
import type { Activity, Commentary, Dimension, Indicator, Initiative, Located, Meeting, MeetingSeries, Partner } from './model/types.js';
import { ITEM_DEF, LAYOUT, validatorFor, type FileKind } from './schema/catalogue.js';
import { schemaDiagnostics } from './schema/messages.js';
import { discoverFiles, readSource } from './source/files.js';
import { attachSources } from './source/positions.js';
import { parseYaml, type ParsedYaml } from './source/yaml.js';

export interface Loaded {
  initiative: Initiative;
  diagnostics: Diagnostic[];
  /** Kinds with a file that is missing, unreadable or unparsable: references into them are not checked (no cascades). */
  incomplete: Set<FileKind>;
}

/** The file holds nothing, or the wrong kind of value (a list for a mapping): one diagnostic, or null. */
function wrongShape(kind: FileKind, parsed: ParsedYaml): Diagnostic | null {
  const value = parsed.value;
  const empty = value === null || value === undefined;
  const def = ITEM_DEF[kind];
  const isMapping = !empty && typeof value === 'object' && !Array.isArray(value);
  if (empty || (!def && !isMapping) || (def && !isMapping && !Array.isArray(value))) {
    const { line, column } = parsed.doc?.contents?.range
      ? (() => {
          const p = parsed.lineCounter.linePos(parsed.doc!.contents!.range![0]);
          return { line: p.line, column: p.col };
        })()
      : { line: 1, column: 1 };
    return {
      code: 'schema',
      severity: 'error',
      file: parsed.file,
      line,
      column,
      message: `${empty ? 'the file is empty' : `the file holds ${Array.isArray(value) ? 'a list' : 'a single value'}`}; it should hold ${LAYOUT[kind].holds}`,
    };
  }
  return null;
}

/** A collection file's list holds an item that is not a mapping (`- schools`, a bare `-`). */
function hasNonMappingItem(value: unknown): boolean {
  return Array.isArray(value) && value.some((item) => item === null || typeof item !== 'object' || Array.isArray(item));
}

/** Check one parsed file against its schema; collections item by item so positions stay exact. */
export function checkFileSchema(kind: FileKind, parsed: ParsedYaml): Diagnostic[] {
  const shape = wrongShape(kind, parsed);
  if (shape) return [shape];
  const value = parsed.value;
  const def = ITEM_DEF[kind];
  if (def) {
    const check = validatorFor(kind, def);
    // Every item, not only the mappings: `- schools` or a bare `-` is an item the schema must judge.
    const items = Array.isArray(value) ? value.map((raw: unknown, i) => ({ raw, path: [i] })) : [{ raw: value, path: [] as number[] }];
    return items.flatMap(({ raw, path }) => (check(raw) ? [] : schemaDiagnostics(kind, parsed, path, check.errors ?? [])));
  }
  const check = validatorFor(kind);
  return check(value) ? [] : schemaDiagnostics(kind, parsed, [], check.errors ?? []);
}

/**
 * Read and check an initiative folder (YAML syntax and JSON Schemas; cross-references are the
 * rules' job). Always returns a model, built from whatever could be read, so later checks can
 * still report everything in one run.
 */
export async function loadInitiative(root: string): Promise<Loaded> {
  const { kinds, diagnostics, unavailable: incomplete } = await discoverFiles(root);
  const sources = new Map<string, ParsedYaml>();
  const parsedBy = new Map<FileKind, ParsedYaml[]>();

  // Read every file at once (a folder may hold thousands), then parse in a stable order.
  const reads = new Map(await Promise.all(kinds.flatMap(({ files }) => files.map(async (file) => [file, await readSource(root, file)] as const))));
  for (const { kind, files } of kinds) {
    const list: ParsedYaml[] = [];
    for (const file of files) {
      const read = reads.get(file)!;
      if ('diagnostic' in read) {
        diagnostics.push(read.diagnostic);
        incomplete.add(kind);
        continue;
      }
      const { parsed, diagnostics: yamlProblems } = parseYaml(file, read.bytes);
      diagnostics.push(...yamlProblems);
      sources.set(file, parsed);
      if (!parsed.ok) {
        incomplete.add(kind);
        continue;
      }
      // A list item that is not a mapping is an entity that cannot be built: its id is unknown, so
      // references into the kind are not judged (one schema error, no cascade of unknown references).
      if (wrongShape(kind, parsed) || (ITEM_DEF[kind] && hasNonMappingItem(parsed.value))) incomplete.add(kind);
      diagnostics.push(...checkFileSchema(kind, parsed));
      list.push(parsed);
    }
    parsedBy.set(kind, list);
  }

  const one = (kind: FileKind) => parsedBy.get(kind)?.[0];
  const collect = <T>(kind: FileKind, build: (raw: Record<string, unknown>, at: Located) => T | undefined): T[] =>
    (parsedBy.get(kind) ?? []).flatMap((p) =>
      entitiesOf(p.value).flatMap(({ raw, path }) => {
        const e = build(raw, { file: p.file, path });
        return e === undefined ? [] : [e];
      }),
    );

  const series: MeetingSeries[] = [];
  const meetings: Meeting[] = [];
  for (const p of parsedBy.get('meetings') ?? []) {
    const built = buildMeetings(p.value, p.file);
    series.push(...built.series);
    meetings.push(...built.meetings);
  }

  const initiative: Initiative = {
    root,
    settings: buildSettings(one('initiative')?.value, one('initiative')?.file ?? 'initiative.yaml'),
    agenda: buildAgenda(one('agenda')?.value, one('agenda')?.file ?? 'agenda.yaml'),
    indicators: collect<Indicator>('indicators', buildIndicator),
    partners: collect<Partner>('partners', buildPartner),
    activities: collect<Activity>('activities', buildActivity),
    series,
    meetings,
    dimensions: collect<Dimension>('dimensions', buildDimension),
    commentary: collect<Commentary>('commentary', buildCommentary),
  };
  attachSources(initiative, sources);
  return { initiative, diagnostics, incomplete };
}
