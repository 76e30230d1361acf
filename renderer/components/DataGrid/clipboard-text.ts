/**
 * Tab-separated text as spreadsheets paste it: a value with a tab, a line break or a quote is quoted,
 * with quotes doubled (what Excel and LibreOffice write themselves).
 */
export function toTsv(rows: ReadonlyArray<ReadonlyArray<string>>): string {
  return rows.map((row) => row.map(tsvField).join('\t')).join('\n');
}

function tsvField(value: string): string {
  return /[\t\n\r"]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export async function writeClipboard(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // Fall through: older permission models refuse async clipboard writes outside a user gesture.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('The clipboard refused the copy.');
}
