/**
 * Time boxing (SPEC 7 item 3): requested topics keep their minutes; the standing items share
 * what is left, in whole minutes, none under MIN_ITEM_MINUTES (but the close, when fewer are
 * left), adding up exactly to the meeting unless the topics alone run over it.
 */
import type { StandingKind } from './types.js';

export const MIN_ITEM_MINUTES = 5;

/** The standing items in agenda order, with their share of the time left (by weight). */
export const STANDING_ITEMS: readonly { kind: StandingKind; title: string; weight: number }[] = [
  { kind: 'welcome', title: 'Welcome and introductions', weight: 1 },
  { kind: 'review', title: 'Review of action items', weight: 2 },
  { kind: 'data-review', title: 'Data review', weight: 3 },
  { kind: 'activities', title: 'Activities and milestones', weight: 2 },
  { kind: 'partner-updates', title: 'Partner updates', weight: 2 },
  { kind: 'next-steps', title: 'Next steps and close', weight: 1 },
];

/**
 * When there is not room for every standing item at the minimum, they are dropped in this
 * order, least important first: the round of updates can go to email, the activities and the
 * welcome can be folded into other items; the action review, the data review and the close,
 * where owners and due dates are confirmed, go last.
 */
export const DROP_ORDER: readonly StandingKind[] = ['partner-updates', 'activities', 'welcome', 'review', 'data-review', 'next-steps'];

export interface TimeBox {
  /** Minutes per kept standing item, in agenda order. */
  standing: { kind: StandingKind; title: string; minutes: number }[];
  /** Standing items dropped for lack of time, in drop order. */
  dropped: StandingKind[];
  /** Minutes by which the requested topics alone exceed the meeting. */
  overrun: number;
}

/**
 * Share `duration − Σ topics` among the `wanted` standing items: each gets the minimum, and the
 * rest goes by weight with the largest-remainder method (integer arithmetic, ties to the more
 * important item), so the result is exact and deterministic.
 */
export function timebox(duration: number, topicMinutes: readonly number[], wanted: ReadonlySet<StandingKind>): TimeBox {
  const left = duration - topicMinutes.reduce((a, b) => a + b, 0);
  const kept = STANDING_ITEMS.filter((s) => wanted.has(s.kind));
  const dropped: StandingKind[] = [];
  for (const kind of DROP_ORDER) {
    if (kept.length * MIN_ITEM_MINUTES <= left) break;
    const k = kept.findIndex((s) => s.kind === kind);
    if (k >= 0) {
      kept.splice(k, 1);
      dropped.push(kind);
    }
  }
  if (kept.length === 0) {
    // fewer minutes left than one item's minimum: the close takes them, so the items still add
    // up to the meeting (SPEC 7); it is the item dropped last
    const close = STANDING_ITEMS.find((s) => s.kind === 'next-steps')!;
    if (left > 0 && wanted.has(close.kind)) return { standing: [{ kind: close.kind, title: close.title, minutes: left }], dropped: dropped.filter((k) => k !== close.kind), overrun: 0 };
    return { standing: [], dropped, overrun: Math.max(0, -left) };
  }

  const extra = left - kept.length * MIN_ITEM_MINUTES;
  const total = kept.reduce((a, s) => a + s.weight, 0);
  const minutes = kept.map((s) => MIN_ITEM_MINUTES + Math.floor((extra * s.weight) / total));
  let rest = left - minutes.reduce((a, b) => a + b, 0);
  const importance = (kind: StandingKind) => DROP_ORDER.indexOf(kind); // later in DROP_ORDER = more important
  const byRemainder = kept
    .map((s, i) => ({ i, remainder: (extra * s.weight) % total, importance: importance(s.kind) }))
    .sort((a, b) => b.remainder - a.remainder || b.importance - a.importance);
  for (const { i } of byRemainder) {
    if (rest === 0) break;
    minutes[i]!++;
    rest--;
  }
  return { standing: kept.map((s, i) => ({ kind: s.kind, title: s.title, minutes: minutes[i]! })), dropped, overrun: 0 };
}
