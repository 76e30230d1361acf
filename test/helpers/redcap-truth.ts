/** What the sandbox holds, read straight from its API: the oracle for end-to-end and benchmark checks. */
export async function redcapRecords(url: string, token: string): Promise<Array<Record<string, string>>> {
  const body = new URLSearchParams({ token, content: 'record', action: 'export', format: 'json', type: 'flat', rawOrLabel: 'raw' });
  const response = await fetch(url, { method: 'POST', body });
  if (!response.ok) throw new Error(`sandbox export failed: HTTP ${response.status}`);
  const rows = (await response.json()) as Array<Record<string, string | number>>;
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, String(v)])));
}

/** The filter box's rule: every word occurs, case- and accent-insensitively, in one of the row's values. */
export function matchesFilter(values: string[], filter: string): boolean {
  const fold = (text: string): string => text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
  const words = fold(filter).split(/\s+/).filter(Boolean);
  const cells = values.map(fold);
  return words.every((word) => cells.some((cell) => cell.includes(word)));
}

/** Changes records on the sandbox the way any REDCap client would: a JSON import. */
export async function redcapImport(url: string, token: string, rows: Array<Record<string, string>>): Promise<void> {
  const body = new URLSearchParams({ token, content: 'record', format: 'json', type: 'flat', overwriteBehavior: 'normal', returnContent: 'count', data: JSON.stringify(rows) });
  const response = await fetch(url, { method: 'POST', body });
  if (!response.ok) throw new Error(`sandbox import failed: HTTP ${response.status} ${await response.text()}`);
}

export async function redcapDelete(url: string, token: string, ids: string[]): Promise<void> {
  const body = new URLSearchParams({ token, content: 'record', action: 'delete', returnFormat: 'json' });
  ids.forEach((id, i) => body.append(`records[${i}]`, id));
  const response = await fetch(url, { method: 'POST', body });
  if (!response.ok) throw new Error(`sandbox delete failed: HTTP ${response.status} ${await response.text()}`);
}
