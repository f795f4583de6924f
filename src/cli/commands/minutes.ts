import { DOCUMENTS } from '../../core/render/documents.js';
import { formatOf, renderAndEmit, templateOf } from '../document.js';
import { initiativeDir, todayFor } from '../context.js';
import { UsageError } from '../io.js';
import type { CommandRun } from '../main.js';
import { validOrExplain } from '../validated.js';
import { chosenMeeting } from './agenda.js';

/** `concert minutes`: what was recorded at a meeting, as it goes to partners (SPEC 7.1). */
export async function run({ dir, opts, io }: CommandRun): Promise<number> {
  const doc = DOCUMENTS.minutes;
  const root = await initiativeDir(io, dir);
  const today = todayFor(io, opts['today']);
  const format = formatOf(doc, opts);
  templateOf(doc, format, opts, io.cwd);

  // Minutes need no data drops: only the meetings, partners and staff.
  const checked = await validOrExplain(io, opts, root, { today, data: false }, 'minutes');
  if (typeof checked === 'number') return checked;
  const meeting = chosenMeeting(checked.initiative, opts, today, false);
  if (meeting.date > today) {
    throw new UsageError(`meeting '${meeting.id}' is on ${meeting.date}, after today (${today}): it has no minutes yet\n  hint: for what is planned, run concert agenda --meeting ${meeting.id}`);
  }
  const model = doc.build({ initiative: checked.initiative, meeting, today });
  return renderAndEmit(io, opts, doc, model, format, root);
}
