import type { ExportFormat } from '../../../shared/contract/exports.ts';

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

/** The file the save dialog offers for a format: extension and filter. Statistics bundles travel as one ZIP where a download is one file. */
export function exportFileType(format: ExportFormat, oneFile: boolean): { extension: string; filter: { name: string; extensions: string[] } } {
  if (oneFile && (format === 'r' || format === 'stata' || format === 'spss')) return { extension: 'zip', filter: { name: 'ZIP archive (script and data)', extensions: ['zip'] } };
  return fileTypes[format];
}

const fileTypes: Record<ExportFormat, { extension: string; filter: { name: string; extensions: string[] } }> = {
  csv: { extension: 'csv', filter: { name: 'CSV (comma-separated)', extensions: ['csv'] } },
  tsv: { extension: 'tsv', filter: { name: 'TSV (tab-separated)', extensions: ['tsv', 'txt'] } },
  xlsx: { extension: 'xlsx', filter: { name: 'Excel workbook', extensions: ['xlsx'] } },
  r: { extension: 'r', filter: { name: 'R script (the data CSV is written beside it)', extensions: ['r', 'R'] } },
  stata: { extension: 'do', filter: { name: 'Stata do-file (the data CSV is written beside it)', extensions: ['do'] } },
  spss: { extension: 'sps', filter: { name: 'SPSS syntax (the data CSV is written beside it)', extensions: ['sps'] } },
};
