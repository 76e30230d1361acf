import { parseCsv } from '../helpers/csv-parse.ts';

/** Reads what the Brim sandbox itself answers, the way Brim's own example script does: the oracle for the Brim specs. */

function apiBase(url: string): string {
  return /\/api\/v1\/?$/.test(url) ? url.replace(/\/?$/, '/') : new URL('api/v1/', url.endsWith('/') ? url : `${url}/`).toString();
}

/** Brim's CSV, without blank lines. */
function parseBrimCsv(text: string): string[][] {
  return parseCsv(text).filter((row) => !(row.length === 1 && row[0] === ''));
}

/**
 * The project's results export as the sandbox gives it to Brim's 2025 example script: POST /results/,
 * then poll with the export task id until the answer is CSV.
 */
export async function brimExport(url: string, token: string, projectId: number, kind: 'patient' | 'detailed', includeNulls = true): Promise<string[][]> {
  const endpoint = new URL('results/', apiBase(url)).toString();
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const body: Record<string, unknown> = { project_id: String(projectId), detailed_export: kind === 'detailed', patient_export: kind === 'patient', include_null_in_export: includeNulls };
  for (let attempt = 0; attempt < 60; attempt++) {
    const response = await fetch(endpoint, { method: 'POST', headers, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`sandbox results failed: HTTP ${response.status} ${await response.text()}`);
    if ((response.headers.get('content-type') ?? '').includes('text/csv')) return parseBrimCsv(await response.text());
    const status = (await response.json()) as { data?: { api_session_id?: string; export_task_id?: string; status?: number; is_complete?: boolean; message?: string } };
    const data = status.data ?? {};
    if (data.status === 3 || (data.is_complete && data.status !== 2)) throw new Error(`sandbox export failed: ${data.message ?? 'no message'}`);
    body.api_session_id = data.api_session_id ?? data.export_task_id;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('sandbox export did not finish');
}

/** A notes CSV as a user's spreadsheet might hold it: columns in another order and case, written with quotes where needed. */
export function notesCsv(header: string[], rows: string[][]): Buffer {
  const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  return Buffer.from([header, ...rows].map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n', 'utf8');
}

/** Turns a knob of the Brim sandbox through its admin endpoint (see test/sandbox/brim/sandbox-admin.ts). */
export async function brimControl(url: string, path: string, body: Record<string, unknown>): Promise<void> {
  const response = await fetch(new URL(`/__sandbox/${path}`, url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`sandbox control ${path} failed: HTTP ${response.status} ${await response.text()}`);
}
