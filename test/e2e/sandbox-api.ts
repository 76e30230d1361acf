/** Reads what the sandbox holds straight from its REDCap API: the oracle for the file and report checks. */

async function post(url: string, params: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', body: new URLSearchParams(params) });
}

export async function redcapJson<T>(url: string, token: string, params: Record<string, string>): Promise<T> {
  const response = await post(url, { token, format: 'json', ...params });
  if (!response.ok) throw new Error(`sandbox ${params.content} failed: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A record's file, as `content=file&action=export` gives it; null when the field holds none. */
export async function recordFile(url: string, token: string, ref: { record: string; field: string; event?: string }): Promise<string | null> {
  const response = await post(url, { token, content: 'file', action: 'export', record: ref.record, field: ref.field, ...(ref.event ? { event: ref.event } : {}) });
  if (!response.ok) return null;
  return response.text();
}

export interface RepositoryEntry {
  folder_id?: number;
  doc_id?: number;
  name: string;
}

export async function repositoryList(url: string, token: string, folderId?: number): Promise<RepositoryEntry[]> {
  return redcapJson<RepositoryEntry[]>(url, token, { content: 'fileRepository', action: 'list', ...(folderId ? { folder_id: String(folderId) } : {}) });
}

export async function repositoryFile(url: string, token: string, docId: number): Promise<string> {
  const response = await post(url, { token, content: 'fileRepository', action: 'export', doc_id: String(docId) });
  if (!response.ok) throw new Error(`sandbox file repository export failed: HTTP ${response.status}`);
  return response.text();
}
