import { AppError, restartForUpdateAction } from '../../../shared/contract/index.ts';
import type { Handlers } from '../handler-types.ts';
import type { Services } from '../services.ts';

/** Self-update as the UI sees it: the About dialog's "Updates:" line and the notice's "Restart now". */
export function updateHandlers(s: Services): Pick<Handlers, 'app.updateState' | 'app.runNoticeAction'> {
  return {
    'app.updateState': async () => s.updates.snapshot(),
    'app.runNoticeAction': async ({ id }) => {
      // Only actions main itself offers run; anything else a window sends is refused.
      if (id !== restartForUpdateAction.id) throw new AppError('NOT_FOUND', 'This notice action is not known. Close the notice and try again from the menu.');
      if (s.updates.snapshot().state !== 'downloaded') return { started: false };
      // Quitting now would stop a sync, export or upload half-way; the update also installs when the app quits.
      if (s.jobs.list().some((job) => job.state === 'running')) {
        throw new AppError('CONFLICT', 'Jobs are still running. Wait for them to finish (or cancel them in Jobs), then restart; the update is also installed when you quit Carrel.');
      }
      s.log.info('restarting to install an update', { version: s.updates.snapshot().version });
      return { started: s.updates.restart() };
    },
  };
}
