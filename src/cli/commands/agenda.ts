import { MeetingSelectionError, selectMeeting } from '../../core/meetings/index.js';
import type { Initiative, Meeting } from '../../core/model/types.js';
import { DOCUMENTS } from '../../core/render/documents.js';
import { formatOf, renderAndEmit, templateOf } from '../document.js';
import { initiativeDir, progressReporter, todayFor } from '../context.js';
import { UsageError } from '../io.js';
import type { CommandRun } from '../main.js';
import { validOrExplain } from '../validated.js';

/** `--meeting ID` or `--next [--series ID]`, exactly one; a meeting that cannot be found is exit 2. */
export function chosenMeeting(initiative: Initiative, opts: Record<string, unknown>, today: string, allowNext: boolean): Meeting {
  const id = typeof opts['meeting'] === 'string' ? opts['meeting'] : undefined;
  const next = opts['next'] === true;
  if (id !== undefined && next) throw new UsageError('give either --meeting ID or --next, not both');
  if (id === undefined && !next) throw new UsageError(allowNext ? 'which meeting? give --meeting ID, or --next for the first one on or after today' : 'which meeting? give --meeting ID');
  const series = typeof opts['series'] === 'string' ? opts['series'] : undefined;
  if (series !== undefined && !next) throw new UsageError('--series goes with --next');
  try {
    return selectMeeting(initiative, { ...(id !== undefined ? { meeting: id } : { next: true }), ...(series !== undefined ? { series } : {}), today });
  } catch (err) {
    if (err instanceof MeetingSelectionError) throw new UsageError(`${err.message}${err.hint ? `\n  hint: ${err.hint}` : ''}`);
    throw err;
  }
}

/** `concert agenda`: the meeting's agenda from the initiative's state on its date (SPEC 7). */
export async function run({ dir, opts, io }: CommandRun): Promise<number> {
  const doc = DOCUMENTS.agenda;
  const root = await initiativeDir(io, dir);
  const today = todayFor(io, opts['today']);
  const format = formatOf(doc, opts);
  templateOf(doc, format, opts, io.cwd);
  const onProgress = progressReporter(io, opts);

  const checked = await validOrExplain(io, opts, root, { today, ...(onProgress ? { onProgress } : {}) }, 'agenda');
  if (typeof checked === 'number') return checked;
  const meeting = chosenMeeting(checked.initiative, opts, today, true);
  const model = doc.build({ initiative: checked.initiative, data: checked.data, meeting, today });
  if (model.overrun > 0 && !opts['quiet']) {
    io.stderr(`concert: warning: the requested topics of '${meeting.id}' take ${model.overrun} minutes more than the meeting's ${model.meeting.duration}; the agenda says so\n`);
  }
  return renderAndEmit(io, opts, doc, model, format, root);
}
