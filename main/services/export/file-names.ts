/** A file name a user would pick: project title, dataset and local time, safe on every OS. */
export function suggestedExportName(title: string, dataset: string, extension: string, now = new Date()): string {
  const safeTitle = title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60) || 'export';
  const pad = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}_${pad(now.getHours())}${pad(now.getMinutes())}`;
  return `${safeTitle}_${dataset}_${stamp}.${extension}`;
}
