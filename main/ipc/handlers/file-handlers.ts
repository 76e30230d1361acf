import { extname } from 'node:path';
import { AppError } from '../../../shared/contract/errors.ts';
import type { RedcapFile } from '../../services/connectors/redcap/api.ts';
import { reportDataset } from '../../services/connectors/redcap/catalogue.ts';
import {
  addFolder,
  cacheReport,
  deleteRecordFile,
  downloadDocument,
  downloadRecordFile,
  forgetReport,
  removeDocument,
  uploadDocument,
  uploadRecordFile,
} from '../../services/connectors/redcap/project-files.ts';
import { writeFileAtomically } from '../../services/files/staging.ts';
import type { Handlers } from '../handler-types.ts';
import type { Services } from '../services.ts';

type FileHandlerNames =
  | 'files.stagePath'
  | 'recordFiles.download'
  | 'recordFiles.upload'
  | 'recordFiles.delete'
  | 'repository.download'
  | 'repository.upload'
  | 'repository.delete'
  | 'repository.createFolder'
  | 'reports.add'
  | 'reports.remove';

export function fileHandlers(s: Services): Pick<Handlers, FileHandlerNames> {
  /** Saves a downloaded file where the user says (desktop) or offers it to the browser (web). */
  const deliver = async (file: RedcapFile, fallbackName: string) => {
    const fileName = file.fileName ?? fallbackName;
    const extension = extname(fileName).slice(1);
    const path = await s.ports.chooseSavePath(fileName, { name: extension ? `${extension.toUpperCase()} file` : 'File', extensions: [extension || '*'] });
    if (path === null) return { fileName, path: null, url: null, cancelled: true };
    await writeFileAtomically(path, file.bytes);
    if (s.ports.shell === 'web') return { fileName, path: null, url: (await s.ports.deliverFile(path, 'download')).url, cancelled: false };
    return { fileName, path, url: null, cancelled: false };
  };
  const changed = (connectionId: string, dataset: string): void => {
    s.views.invalidate(connectionId, dataset);
    const state = s.views.state(s.cache.db(connectionId), dataset);
    if (state) s.emit('dataset.changed', { connectionId, dataset, rowCount: state.rowCount, lastSyncedAt: state.lastSyncedAt });
  };

  return {
    'files.stagePath': async ({ path }) => {
      if (s.ports.shell !== 'desktop') throw new AppError('UNSUPPORTED', 'The browser shell receives files by upload, not by path.');
      return s.staging.fromPath(path);
    },
    'recordFiles.download': async (ref) => {
      const client = await s.connections.redcapClient(ref.connectionId);
      return deliver(await downloadRecordFile(client, ref), `${ref.recordId}_${ref.field}`);
    },
    'recordFiles.upload': async ({ stageId, ...ref }) => {
      const client = await s.connections.redcapClient(ref.connectionId);
      const file = await s.staging.read(stageId);
      await uploadRecordFile(client, s.cache.db(ref.connectionId), ref, file);
      await s.staging.release(stageId);
      changed(ref.connectionId, 'records');
      return { fileName: file.fileName };
    },
    'recordFiles.delete': async (ref) => {
      const client = await s.connections.redcapClient(ref.connectionId);
      await deleteRecordFile(client, s.cache.db(ref.connectionId), ref);
      changed(ref.connectionId, 'records');
      return { deleted: true };
    },
    'repository.download': async ({ connectionId, docId }) => {
      const client = await s.connections.redcapClient(connectionId);
      return deliver(await downloadDocument(client, docId), `document-${docId}`);
    },
    'repository.upload': async ({ connectionId, folderId, stageId }) => {
      const client = await s.connections.redcapClient(connectionId);
      const file = await s.staging.read(stageId);
      await uploadDocument(client, s.cache.db(connectionId), folderId, file);
      await s.staging.release(stageId);
      changed(connectionId, 'file_repository');
      return { fileName: file.fileName };
    },
    'repository.delete': async ({ connectionId, docId }) => {
      const client = await s.connections.redcapClient(connectionId);
      await removeDocument(client, s.cache.db(connectionId), docId);
      changed(connectionId, 'file_repository');
      return { deleted: true };
    },
    'repository.createFolder': async ({ connectionId, parentId, name }) => {
      const client = await s.connections.redcapClient(connectionId);
      const folderId = await addFolder(client, s.cache.db(connectionId), parentId, name);
      changed(connectionId, 'file_repository');
      return { folderId };
    },
    'reports.add': async ({ connectionId, reportId, title }) => {
      const connection = s.connections.get(connectionId);
      const client = await s.connections.redcapClient(connectionId);
      const name = title ?? `Report ${reportId}`;
      const dataset = await cacheReport(client, s.cache.db(connectionId), reportId, name);
      s.connections.setReports(connectionId, [...connection.reports.filter((r) => r.id !== reportId), { id: reportId, title: name }]);
      changed(connectionId, dataset);
      return { dataset, title: name };
    },
    'reports.remove': async ({ connectionId, reportId }) => {
      const connection = s.connections.get(connectionId);
      s.connections.setReports(connectionId, connection.reports.filter((r) => r.id !== reportId));
      s.views.invalidate(connectionId, reportDataset(reportId));
      return { removed: forgetReport(s.cache.db(connectionId), reportId) };
    },
  };
}
