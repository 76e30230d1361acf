import { AppError } from '../../../shared/contract/errors.ts';
import { suggestedExportName } from '../../services/export/file-names.ts';
import type { Handlers } from '../handler-types.ts';
import type { Services } from '../services.ts';

export function jobHandlers(s: Services): Pick<Handlers, 'export.start' | 'export.deliver' | 'jobs.list' | 'jobs.cancel' | 'jobs.dismiss'> {
  return {
    'export.start': async (request) => {
      const connection = s.connections.get(request.view.connectionId);
      const title = connection.project?.title ?? connection.name;
      const target = await s.ports.chooseSavePath(suggestedExportName(title, request.view.dataset, 'csv'), { name: 'CSV (comma-separated)', extensions: ['csv'] });
      if (target === null) return { jobId: null };
      const job = s.exports.start(request, target, { title: `Export ${title} to CSV`, revealPath: s.ports.shell === 'desktop' });
      return { jobId: job.id };
    },
    'export.deliver': async ({ jobId, action }) => {
      const job = s.jobs.get(jobId);
      const path = s.exports.outputOf(jobId);
      if (!job || job.kind !== 'export' || !path) throw new AppError('NOT_FOUND', 'This export is no longer available.');
      if (job.state !== 'succeeded') throw new AppError('CONFLICT', 'This export has not finished.');
      return s.ports.deliverFile(path, action);
    },
    'jobs.list': async () => s.jobs.list(),
    'jobs.cancel': async ({ jobId }) => ({ cancelled: s.jobs.cancel(jobId) }),
    'jobs.dismiss': async ({ jobId }) => ({ dismissed: s.jobs.dismiss(jobId) }),
  };
}
