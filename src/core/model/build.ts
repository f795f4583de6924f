/**
 * From schema-checked plain values to the typed Initiative, with SPEC defaults filled in.
 * Lenient on purpose: a file with a schema error still contributes what it can, so one typo
 * does not hide every other problem behind a cascade of unknown references.
 */
import { DEFAULTS, defaultAggregation, defaultDecimals, defaultRange, defaultScale } from './defaults.js';
import { PERIOD_TYPES, type PeriodType } from '../periods.js';
import { cleanId } from '../source/chars.js';
import type {
  Activity, Agenda, Aggregation, Commentary, Dimension, Goal, Indicator, InitiativeSettings, Located, Meeting,
  MeetingSeries, Partner, PeriodValue, Person, SeriesBreak, Staff, Strategy, Unit,
} from './types.js';

type Raw = Record<string, unknown>;

const isObj = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v);
const own = (o: Raw, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strings = (v: unknown): string[] => list(v).map(str).filter((s): s is string => s !== undefined);
/** A commentary's points: a list, or one point written without the list. */
const points = (v: unknown): string[] => strings(typeof v === 'string' ? [v] : v);
/**
 * An id or a reference to one, as the author meant it: the schema reports a zero-width space,
 * a no-break or trailing space or a Cyrillic 'а' in an id, and the model does not let it
 * cascade into an unknown reference everywhere the id is used.
 */
const ident = (v: unknown): string | undefined => {
  const s = str(v);
  return s === undefined ? undefined : cleanId(s);
};
const idents = (v: unknown): string[] => strings(v).map(cleanId);
/** An entity's id; `ID:` or `Id:` (a schema error of its own) still names the entity, so its references resolve. */
const idOf = (o: Raw): string | undefined => ident(own(o, 'id') ?? own(o, Object.keys(o).find((k) => k.trim().toLowerCase() === 'id') ?? 'id'));

function located<T extends object>(value: T, at: Located): T & { readonly at: Located } {
  Object.defineProperty(value, 'at', { value: at, enumerable: false });
  return value as T & { readonly at: Located };
}

function opt<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function person(v: unknown): Person | undefined {
  if (!isObj(v)) return undefined;
  const name = str(own(v, 'name'));
  if (name === undefined) return undefined;
  return { name, ...opt('title', str(own(v, 'title'))), ...opt('email', str(own(v, 'email'))) };
}

function periodValue(v: unknown): PeriodValue | undefined {
  if (!isObj(v)) return undefined;
  const period = str(own(v, 'period'));
  const value = num(own(v, 'value'));
  return period === undefined || value === undefined ? undefined : { period, value };
}

function seriesBreak(v: unknown): SeriesBreak | undefined {
  if (!isObj(v)) return undefined;
  const period = str(own(v, 'period'));
  return period === undefined ? undefined : { period, note: str(own(v, 'note')) ?? '' };
}

function triple(v: unknown): [number, number, number] | undefined {
  const a = list(v).map(num);
  return a.length === 3 && a.every((x) => x !== undefined) ? (a as [number, number, number]) : undefined;
}

export function buildSettings(raw: unknown, file: string): InitiativeSettings {
  const r = isObj(raw) ? raw : {};
  const backbone = isObj(own(r, 'backbone')) ? (own(r, 'backbone') as Raw) : {};
  const reporting = isObj(own(r, 'reporting')) ? (own(r, 'reporting') as Raw) : {};
  const privacy = isObj(own(r, 'privacy')) ? (own(r, 'privacy') as Raw) : {};
  const period = str(own(r, 'period'));
  const staff: Staff[] = list(own(backbone, 'staff'))
    .filter(isObj)
    .map((s) => ({ name: str(own(s, 'name')) ?? '', role: (str(own(s, 'role')) ?? 'other') as Staff['role'], ...opt('email', str(own(s, 'email'))) }));
  const sys = num(own(r, 'school_year_start'));
  return located(
    {
      version: 1 as const,
      id: str(own(r, 'id')) ?? 'initiative',
      name: str(own(r, 'name')) ?? str(own(r, 'id')) ?? 'Initiative',
      ...opt('problem', str(own(r, 'problem'))),
      ...opt('geography', str(own(r, 'geography'))),
      ...opt('started', str(own(r, 'started'))),
      period: (PERIOD_TYPES as readonly string[]).includes(period ?? '') ? (period as PeriodType) : 'quarter',
      school_year_start: sys !== undefined && Number.isInteger(sys) && sys >= 1 && sys <= 12 ? sys : DEFAULTS.schoolYearStart,
      fiscal_year_start: num(own(r, 'fiscal_year_start')) ?? DEFAULTS.fiscalYearStart,
      backbone: { organization: str(own(backbone, 'organization')) ?? '', staff },
      reporting: {
        data_due_days: num(own(reporting, 'data_due_days')) ?? DEFAULTS.dataDueDays,
        locale: str(own(reporting, 'locale')) ?? DEFAULTS.locale,
        timezone: str(own(reporting, 'timezone')) ?? DEFAULTS.timezone,
        thresholds: triple(own(reporting, 'thresholds')) ?? DEFAULTS.thresholds,
      },
      privacy: { ...opt('min_count', num(own(privacy, 'min_count'))) },
    },
    { file, path: [] },
  );
}

export function buildAgenda(raw: unknown, file: string): Agenda {
  const r = isObj(raw) ? raw : {};
  const goals: Goal[] = [];
  list(own(r, 'goals')).forEach((g, i) => {
    if (!isObj(g) || !idOf(g)) return;
    const strategies: Strategy[] = [];
    list(own(g, 'strategies')).forEach((s, j) => {
      if (!isObj(s) || !idOf(s)) return;
      strategies.push(
        located(
          { id: idOf(s)!, title: str(own(s, 'title')) ?? '', ...opt('description', str(own(s, 'description'))) },
          { file, path: ['goals', i, 'strategies', j] },
        ),
      );
    });
    goals.push(
      located(
        { id: idOf(g)!, title: str(own(g, 'title')) ?? '', ...opt('description', str(own(g, 'description'))), strategies },
        { file, path: ['goals', i] },
      ),
    );
  });
  const glossary = list(own(r, 'glossary'))
    .filter(isObj)
    .map((t) => ({ term: str(own(t, 'term')) ?? '', definition: str(own(t, 'definition')) ?? '' }));
  return located(
    { ...opt('vision', str(own(r, 'vision'))), ...opt('problem_statement', str(own(r, 'problem_statement'))), goals, glossary },
    { file, path: [] },
  );
}

/** The entities of a collection file: a list, or one entity as a mapping. */
export function entitiesOf(value: unknown): { raw: Raw; path: (string | number)[] }[] {
  if (Array.isArray(value)) return value.map((raw, i) => ({ raw, path: [i] })).filter((e): e is { raw: Raw; path: number[] } => isObj(e.raw));
  return isObj(value) ? [{ raw: value, path: [] }] : [];
}

export function buildIndicator(r: Raw, at: Located): Indicator | undefined {
  const id = idOf(r);
  if (!id) return undefined;
  const unit = (str(own(r, 'unit')) ?? 'number') as Unit;
  const frequency = str(own(r, 'frequency'));
  const range = list(own(r, 'range')).map(num);
  return located(
    {
      id,
      name: str(own(r, 'name')) ?? id,
      goal: ident(own(r, 'goal')) ?? '',
      ...opt('definition', str(own(r, 'definition'))),
      unit,
      direction: own(r, 'direction') === 'decrease' ? ('decrease' as const) : ('increase' as const),
      frequency: (PERIOD_TYPES as readonly string[]).includes(frequency ?? '') ? (frequency as PeriodType) : 'year',
      aggregation: (str(own(r, 'aggregation')) as Aggregation | undefined) ?? defaultAggregation(unit),
      scale: num(own(r, 'scale')) ?? defaultScale(unit),
      range: range.length === 2 && range.every((x) => x !== undefined) ? (range as [number, number]) : defaultRange(unit),
      decimals: num(own(r, 'decimals')) ?? defaultDecimals(unit),
      ...opt('baseline', periodValue(own(r, 'baseline'))),
      targets: list(own(r, 'targets')).map(periodValue).filter((t): t is PeriodValue => t !== undefined),
      ...opt('breaks', own(r, 'breaks') === undefined ? undefined : list(own(r, 'breaks')).map(seriesBreak).filter((b): b is SeriesBreak => b !== undefined)),
      progress: (str(own(r, 'progress')) as Indicator['progress'] | undefined) ?? DEFAULTS.progressMethod,
      ...opt('thresholds', triple(own(r, 'thresholds'))),
      ...opt('owner', ident(own(r, 'owner'))),
      reporters: idents(own(r, 'reporters')),
      ...opt('source', str(own(r, 'source'))),
      disaggregate_by: idents(own(r, 'disaggregate_by')),
    },
    at,
  );
}

export function buildPartner(r: Raw, at: Located): Partner | undefined {
  const id = idOf(r);
  if (!id) return undefined;
  const left = own(r, 'left');
  return located(
    {
      id,
      name: str(own(r, 'name')) ?? id,
      sector: (str(own(r, 'sector')) ?? 'other') as Partner['sector'],
      ...opt('joined', str(own(r, 'joined'))),
      ...(left === null ? { left: null } : opt('left', str(left))),
      ...opt('leader', person(own(r, 'leader'))),
      ...opt('delegate', person(own(r, 'delegate'))),
      commitments: strings(own(r, 'commitments')),
    },
    at,
  );
}

export function buildActivity(r: Raw, at: Located): Activity | undefined {
  const id = idOf(r);
  if (!id) return undefined;
  return located(
    {
      id,
      title: str(own(r, 'title')) ?? id,
      goal: ident(own(r, 'goal')) ?? '',
      ...opt('strategy', ident(own(r, 'strategy'))),
      lead: ident(own(r, 'lead')) ?? '',
      partners: idents(own(r, 'partners')),
      indicators: idents(own(r, 'indicators')),
      ...opt('start', str(own(r, 'start'))),
      ...opt('end', str(own(r, 'end'))),
      status: (str(own(r, 'status')) ?? 'active') as Activity['status'],
      milestones: list(own(r, 'milestones'))
        .filter(isObj)
        .map((m) => ({ title: str(own(m, 'title')) ?? '', ...opt('due', str(own(m, 'due'))), done: own(m, 'done') === true })),
      ...opt('description', str(own(r, 'description'))),
    },
    at,
  );
}

export function buildDimension(r: Raw, at: Located): Dimension | undefined {
  const id = idOf(r);
  if (!id) return undefined;
  return located(
    {
      id,
      name: str(own(r, 'name')) ?? id,
      values: list(own(r, 'values'))
        .filter(isObj)
        .map((v) => ({ id: idOf(v) ?? '', label: str(own(v, 'label')) ?? str(own(v, 'id')) ?? '' })),
    },
    at,
  );
}

/** The period a commentary file is named for: its name without folders and extension (`commentary/2026-Q3.yaml` → `2026-Q3`). */
export function commentaryPeriodOf(file: string): string {
  return (file.split('/').pop() ?? file).replace(/\.ya?ml$/i, '');
}

export function buildCommentary(r: Raw, at: Located): Commentary | undefined {
  const indicator = ident(own(r, 'indicator'));
  const goal = ident(own(r, 'goal'));
  if (indicator === undefined && goal === undefined) return undefined;
  return located(
    {
      period: commentaryPeriodOf(at.file),
      ...opt('indicator', indicator),
      ...opt('goal', goal),
      story: str(own(r, 'story')) ?? '',
      helping: points(own(r, 'helping')),
      hurting: points(own(r, 'hurting')),
      next_steps: points(own(r, 'next_steps')),
      ...opt('author', ident(own(r, 'author'))),
    },
    at,
  );
}

export function buildMeetings(value: unknown, file: string): { series: MeetingSeries[]; meetings: Meeting[] } {
  const r = isObj(value) ? value : {};
  const series: MeetingSeries[] = [];
  list(own(r, 'series')).forEach((s, i) => {
    if (!isObj(s) || !idOf(s)) return;
    series.push(
      located(
        {
          id: idOf(s)!,
          name: str(own(s, 'name')) ?? str(own(s, 'id'))!,
          ...opt('cadence', str(own(s, 'cadence')) as MeetingSeries['cadence']),
          duration: num(own(s, 'duration')) ?? DEFAULTS.meetingMinutes,
          ...opt('facilitator', str(own(s, 'facilitator'))),
          members: idents(own(s, 'members')),
          ...opt('location', str(own(s, 'location'))),
          ...opt('time', str(own(s, 'time'))),
        },
        { file, path: ['series', i] },
      ),
    );
  });
  const meetings: Meeting[] = [];
  list(own(r, 'meetings')).forEach((m, i) => {
    if (!isObj(m) || !idOf(m)) return;
    meetings.push(
      located(
        {
          id: idOf(m)!,
          series: ident(own(m, 'series')) ?? '',
          date: str(own(m, 'date')) ?? '',
          ...opt('time', str(own(m, 'time'))),
          ...opt('duration', num(own(m, 'duration'))),
          ...opt('location', str(own(m, 'location'))),
          recorded: own(m, 'attendees') !== undefined && own(m, 'attendees') !== null,
          attendees: list(own(m, 'attendees'))
            .filter(isObj)
            .map((a) => ({ partner: ident(own(a, 'partner')) ?? '', by: own(a, 'by') === 'delegate' ? ('delegate' as const) : ('leader' as const) })),
          topics: list(own(m, 'topics'))
            .filter(isObj)
            .map((t) => ({
              title: str(own(t, 'title')) ?? '',
              minutes: num(own(t, 'minutes')) ?? DEFAULTS.topicMinutes,
              kind: (str(own(t, 'kind')) ?? DEFAULTS.topicKind) as Meeting['topics'][number]['kind'],
              ...opt('owner', ident(own(t, 'owner'))),
            })),
          decisions: strings(own(m, 'decisions')),
          actions: list(own(m, 'actions'))
            .filter(isObj)
            .map((a) => ({
              id: idOf(a) ?? '',
              title: str(own(a, 'title')) ?? '',
              owner: ident(own(a, 'owner')) ?? '',
              ...opt('due', str(own(a, 'due'))),
              ...opt('closed', str(own(a, 'closed'))),
              status: (str(own(a, 'status')) ?? 'open') as Meeting['actions'][number]['status'],
            })),
        },
        { file, path: ['meetings', i] },
      ),
    );
  });
  return { series, meetings };
}
