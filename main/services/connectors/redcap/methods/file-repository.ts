// The project's File Repository: folders and documents outside records.

import { z } from 'zod';
import { AppError } from '../../../../../shared/contract/errors.ts';
import type { RedcapApi, RedcapFile } from '../api.ts';
import type { SignalOption } from './answers.ts';

export interface RepositoryFolder {
  kind: 'folder';
  folder_id: number;
  name: string;
}

export interface RepositoryDocument {
  kind: 'document';
  doc_id: number;
  name: string;
}

export type RepositoryEntry = RepositoryFolder | RepositoryDocument;

const id = z.number().int().positive();
const folderRow = z.looseObject({ folder_id: id, name: z.string() }).transform((row): RepositoryFolder => ({ kind: 'folder', folder_id: row.folder_id, name: row.name }));
const documentRow = z.looseObject({ doc_id: id, name: z.string() }).transform((row): RepositoryDocument => ({ kind: 'document', doc_id: row.doc_id, name: row.name }));
// A listing mixes folders ({folder_id, name}) and documents ({doc_id, name}).
const listingSchema = z.array(z.union([folderRow, documentRow], { error: 'expected a folder {folder_id, name} or a document {doc_id, name}' }));

/** The folders and documents in one folder (the top level when `folder_id` is left out). */
export async function listRepository(api: RedcapApi, options: SignalOption & { folder_id?: number } = {}): Promise<RepositoryEntry[]> {
  return api.json({ content: 'fileRepository', action: 'list', format: 'json', folder_id: options.folder_id }, listingSchema, 'the File Repository listing', { signal: options.signal });
}

export interface NewFolder extends SignalOption {
  /** At most 150 characters. */
  name: string;
  /** The parent folder; the top level when left out. */
  folder_id?: number;
  /** Restrict the folder to one Data Access Group or one user role. */
  dag_id?: number;
  role_id?: number;
}

const MAX_FOLDER_NAME = 150;

/** Creates a folder and answers its folder_id. */
export async function createFolder(api: RedcapApi, options: NewFolder): Promise<number> {
  if (options.name.trim() === '' || options.name.length > MAX_FOLDER_NAME) {
    throw new AppError('VALIDATION', `A File Repository folder name must have 1 to ${MAX_FOLDER_NAME} characters (this one has ${options.name.length}).`);
  }
  const created = await api.json(
    { content: 'fileRepository', action: 'createFolder', format: 'json', name: options.name, folder_id: options.folder_id, dag_id: options.dag_id, role_id: options.role_id },
    z.tuple([z.looseObject({ folder_id: id })]),
    'the new folder',
    // Each attempt would create another folder of the same name.
    { signal: options.signal, idempotent: false },
  );
  return created[0].folder_id;
}

export async function exportDocument(api: RedcapApi, options: SignalOption & { doc_id: number }): Promise<RedcapFile> {
  return api.file({ content: 'fileRepository', action: 'export', doc_id: options.doc_id }, { signal: options.signal });
}

/** Uploads a document into a folder (the top level when `folder_id` is left out). Sent once. */
export async function importDocument(api: RedcapApi, options: SignalOption & { folder_id?: number; file: { bytes: Uint8Array; fileName: string; contentType?: string } }): Promise<void> {
  await api.upload({ content: 'fileRepository', action: 'import', folder_id: options.folder_id }, options.file, { signal: options.signal });
}

/** Moves a document to REDCap's Recycle Bin (kept 30 days). */
export async function deleteDocument(api: RedcapApi, options: SignalOption & { doc_id: number }): Promise<void> {
  // Not idempotent: a repeat names a document that is no longer in the folder.
  await api.text({ content: 'fileRepository', action: 'delete', doc_id: options.doc_id }, { signal: options.signal, idempotent: false });
}
