/** Helpers only the agenda's and the minutes' templates use: words and shapes for their marks. */
import type { AttendanceMark, ItemKind } from '../../meetings/types.js';
import { args, type HelperSet } from './common.js';

const KIND_LABEL: Record<ItemKind, string> = {
  welcome: 'Opening',
  review: 'Review',
  'data-review': 'Data',
  activities: 'Review',
  'partner-updates': 'Updates',
  'next-steps': 'Close',
  decision: 'Decision',
  discussion: 'Discussion',
  information: 'Information',
};

/** Roll-call flags and attendance marks: a word and a shape, never colour alone. */
const FLAG_LABEL: Record<string, string> = { absent: '✕ Missed the last two', delegate: '⇄ Sent a delegate twice or more' };
const MARK_LABEL: Record<AttendanceMark, string> = { leader: '✓ Leader', delegate: '⇄ Delegate', absent: '✕ Absent', 'not-yet-member': '– Not yet a member' };
const MARK_SHORT: Record<AttendanceMark, string> = { leader: '✓', delegate: '⇄', absent: '✕', 'not-yet-member': '–' };
const ACTION_LABEL: Record<string, string> = { open: '○ Open', done: '✓ Done', dropped: '– Dropped' };

export function meetingHelpers(): HelperSet {
  return {
    kindLabel: (...a) => KIND_LABEL[args(a)[0] as ItemKind] ?? String(args(a)[0] ?? ''),
    flagLabel: (...a) => FLAG_LABEL[String(args(a)[0])] ?? '',
    markLabel: (...a) => MARK_LABEL[args(a)[0] as AttendanceMark] ?? String(args(a)[0] ?? ''),
    markShape: (...a) => MARK_SHORT[args(a)[0] as AttendanceMark] ?? '',
    actionLabel: (...a) => ACTION_LABEL[String(args(a)[0])] ?? String(args(a)[0] ?? ''),
  };
}
