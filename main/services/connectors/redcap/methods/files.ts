// Files stored in records' file-upload (and signature) fields.

import type { RedcapApi, RedcapFile } from '../api.ts';
import type { SignalOption } from './answers.ts';

export interface FileFieldAddress extends SignalOption {
  record: string;
  field: string;
  /** Required in longitudinal projects: REDCap answers with an error without it. */
  event?: string;
  repeat_instance?: number;
}

function address(options: FileFieldAddress): Record<string, string | number | undefined> {
  return { record: options.record, field: options.field, event: options.event, repeat_instance: options.repeat_instance };
}

/** The file in one record's field, with the name REDCap stored it under. */
export async function exportFile(api: RedcapApi, options: FileFieldAddress): Promise<RedcapFile> {
  return api.file({ content: 'file', action: 'export', ...address(options) }, { signal: options.signal });
}

/**
 * Puts a file into a record's field (not a signature field). A new record ID creates the record.
 * Sent once: RedcapApi never retries uploads.
 */
export async function importFile(api: RedcapApi, options: FileFieldAddress & { file: { bytes: Uint8Array; fileName: string; contentType?: string } }): Promise<void> {
  // REDCap answers with an empty body; there is nothing to read.
  await api.upload({ content: 'file', action: 'import', ...address(options) }, options.file, { signal: options.signal });
}

export async function deleteFile(api: RedcapApi, options: FileFieldAddress): Promise<void> {
  // Not idempotent: once the file is gone, a repeat is refused.
  await api.text({ content: 'file', action: 'delete', ...address(options) }, { signal: options.signal, idempotent: false });
}
