// content=fileRepository: list, createFolder, export, import and delete (reference §1.4).
// Folders may be restricted to a DAG or a role; a user assigned to neither sees everything.

import { EMPTY_OK, formatOf, writeLog } from './api-call.ts';
import type { ApiCall } from './api-call.ts';
import { encodeTable, ok } from './encoding.ts';
import type { ApiResult } from './encoding.ts';
import { ApiError, INVENTED_MESSAGES, MESSAGES } from './errors.ts';
import { fileResult } from './file-methods.ts';
import type { RepositoryFolder } from './file-stores.ts';
import { mimeTypeOf } from './pdf.ts';

function canSee(call: ApiCall, folder: RepositoryFolder): boolean {
  const { user, project } = call;
  if (folder.dagId !== undefined && user.dag !== '' && project.people.dag(user.dag)?.id !== folder.dagId) return false;
  if (folder.role !== undefined && user.role !== '' && user.role !== folder.role) return false;
  return true;
}

/** A folder the caller may use (0 = the top level), or REDCap's folder error. */
function folderParam(call: ApiCall): number {
  const raw = (call.params.get('folder_id') ?? '').trim();
  if (raw === '' || raw === '0') return 0;
  const folder = /^\d+$/.test(raw) ? call.project.repository.folders.get(Number(raw)) : undefined;
  if (folder === undefined || !canSee(call, folder)) throw new ApiError(400, MESSAGES.folderMissing(raw));
  return folder.id;
}

function documentParam(call: ApiCall): number {
  const raw = (call.params.get('doc_id') ?? '').trim();
  const document = /^\d+$/.test(raw) ? call.project.repository.documents.get(Number(raw)) : undefined;
  const folder = document === undefined || document.folder === 0 ? undefined : call.project.repository.folders.get(document.folder);
  if (document === undefined || (folder !== undefined && !canSee(call, folder))) throw new ApiError(400, INVENTED_MESSAGES.documentMissing(raw));
  return document.id;
}

export function repositoryMethod(call: ApiCall): ApiResult {
  const action = call.params.choice('action') ?? 'list';
  const repository = call.project.repository;
  const format = formatOf(call);
  switch (action) {
    case 'list': {
      const parent = folderParam(call);
      const folders = [...repository.folders.values()].filter((folder) => folder.parent === parent && canSee(call, folder));
      const documents = [...repository.documents.values()].filter((document) => document.folder === parent);
      if (format === 'json') {
        return ok('json', JSON.stringify([
          ...folders.map((folder) => ({ folder_id: folder.id, name: folder.name })),
          ...documents.map((document) => ({ doc_id: document.id, name: document.name })),
        ]));
      }
      const roleName = (folder: RepositoryFolder): string => (folder.role === undefined ? '' : folder.role);
      const dagName = (folder: RepositoryFolder): string => call.project.people.dags.find((dag) => dag.id === folder.dagId)?.uniqueName ?? '';
      const rows = [
        ...folders.map((folder) => ({ folder_id: folder.id, doc_id: '', name: folder.name, role: roleName(folder), dag: dagName(folder) })),
        ...documents.map((document) => ({ folder_id: '', doc_id: document.id, name: document.name, role: '', dag: '' })),
      ];
      return ok(format, encodeTable(format, ['folder_id', 'doc_id', 'name', 'role', 'dag'], rows));
    }
    case 'createfolder': {
      const name = (call.params.get('name') ?? '').trim();
      if (name === '') throw new ApiError(400, INVENTED_MESSAGES.missingParameter('name'));
      if (name.length > 150) throw new ApiError(400, INVENTED_MESSAGES.invalidParameter('name'));
      const parent = folderParam(call);
      const dagRaw = (call.params.get('dag_id') ?? '').trim();
      const roleRaw = (call.params.get('role_id') ?? '').trim();
      const dag = dagRaw === '' ? undefined : call.project.people.dags.find((candidate) => String(candidate.id) === dagRaw);
      if (dagRaw !== '' && dag === undefined) throw new ApiError(400, MESSAGES.invalidValues('dag_id', [dagRaw]));
      const role = roleRaw === '' ? undefined : [...call.project.people.roles.values()].find((candidate) => String(candidate.id) === roleRaw || candidate.uniqueName === roleRaw);
      if (roleRaw !== '' && role === undefined) throw new ApiError(400, MESSAGES.invalidValues('role_id', [roleRaw]));
      // A DAG user's folders are always restricted to the user's DAG.
      const dagId = dag?.id ?? (call.user.dag === '' ? undefined : call.project.people.dag(call.user.dag)?.id);
      const folder = repository.createFolder(name, parent, { ...(dagId === undefined ? {} : { dagId }), ...(role === undefined ? {} : { role: role.uniqueName }) });
      writeLog(call, { action: 'Manage/Design', details: `Create folder "${name}" in File Repository (API)`, record: '', kind: 'manage' });
      return ok(format, encodeTable(format, ['folder_id'], [{ folder_id: folder.id }]));
    }
    case 'export':
      return fileResult(repository.documents.get(documentParam(call)) ?? { name: '', mime: 'application/octet-stream', data: Buffer.alloc(0) });
    case 'import': {
      const upload = call.uploads.find((file) => file.field === 'file');
      if (upload === undefined) throw new ApiError(400, INVENTED_MESSAGES.missingParameter('file'));
      const folder = folderParam(call);
      const mime = upload.contentType === 'application/octet-stream' ? mimeTypeOf(upload.fileName) : upload.contentType;
      repository.addDocument(folder, { name: upload.fileName, mime, data: upload.data });
      writeLog(call, { action: 'Manage/Design', details: `Upload file "${upload.fileName}" to File Repository (API)`, record: '', kind: 'manage' });
      return EMPTY_OK;
    }
    case 'delete': {
      const id = documentParam(call);
      const name = repository.documents.get(id)?.name ?? '';
      // REDCap moves it to the Recycle Bin for 30 days; through the API it is simply gone.
      repository.documents.delete(id);
      writeLog(call, { action: 'Manage/Design', details: `Delete file "${name}" from File Repository (API)`, record: '', kind: 'manage' });
      return EMPTY_OK;
    }
    default:
      throw new ApiError(400, INVENTED_MESSAGES.invalidParameter('action'));
  }
}
