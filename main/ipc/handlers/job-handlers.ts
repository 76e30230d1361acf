import { AppError } from '../../../shared/contract/errors.ts';
import type { ExportFormat } from '../../../shared/contract/exports.ts';
import { assertExportable } from '../../services/export/export-service.ts';
import { exportFileType, suggestedExportName } from '../../services/export/file-names.ts';
import type { Handlers } from '../handler-types.ts';
import type { Services } from '../services.ts';

const formatWords: Record<ExportFormat, string> = { csv: 'CSV', tsv: 'TSV', xlsx: 'Excel', r: 'R', stata: 'Stata', spss: 'SPSS' };

export function jobHandlers(s: Services): Pick<Handlers, 'export.start' | 'export.deliver' | 'jobs.list' | 'jobs.cancel' | 'jobs.dismiss'> {
  return {
    'export.start': async (request) => {
      const connection = s.connections.get(request.view.connectionId);
      // Refused before the save dialog: the user should not pick a file for an export that cannot be made.
      assertExportable(request, connection.kind);
      const title = connection.project?.title ?? connection.name;
      const oneFile = s.ports.shell === 'web';
      const type = exportFileType(request.format, oneFile);
      const target = await s.ports.chooseSavePath(suggestedExportName(title, request.view.dataset, type.extension), type.filter);
      if (target === null) return { jobId: null };
      const source = {
        title: `Export ${title} to ${formatWords[request.format]}`,
        revealPath: s.ports.shell === 'desktop',
        oneFile,
        version: s.app.version,
        service: connection.kind,
        serverUrl: connection.url,
        project: { title, id: connection.project?.id ?? null },
      };
      const job = request.sync
        ? s.exports.startWithSync(request, target, source, (onRecordRows) => s.sync.start(connection.id, 'auto', undefined, { onRecordRows }))
        : s.exports.start(request, target, source);
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
