// One XLSX export measurement in a process of its own, so its time and peak RSS are its alone.
// Usage: node test/bench/xlsx-worker.ts <ours|exceljs|generate> <file> <rows>
//   ours      Carrel's streaming writer (writeXlsx), cells typed from the column kinds
//   exceljs   exceljs' streaming WorkbookWriter, the same rows given as numbers, Dates and strings
//   generate  the baseline: producing the same rows and discarding them
// The rows (40 columns of mixed kinds, like a REDCap project) are generated here, deterministically, so
// every writer gets exactly the same data.
import { rmSync, statSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { ExportColumn, ExportRows } from '../../main/services/export/export-types.ts';
import { writeXlsx } from '../../main/services/export/xlsx/xlsx-writer.ts';
import { formatMs, median, runWorker } from './bench-support.ts';

const kinds: Array<ExportColumn['kind']> = ['id', ...Array<'integer'>(5).fill('integer'), ...Array<'number'>(8).fill('number'), ...Array<'date'>(4).fill('date'), ...Array<'datetime'>(3).fill('datetime'), 'time', 'time', ...Array<'text'>(17).fill('text')];
const columns: ExportColumn[] = kinds.map((kind, i) => ({ name: i === 0 ? 'record_id' : `${kind}_${i}`, label: `${kind} field ${i}`, kind }));
const words = ['sleep', 'visit', 'baseline', 'follow-up', 'Ünïcødé', 'caffeine', 'melatonin', 'actigraphy', 'headache', 'none', '=A1+1', '-2 mg'];
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function rowsOf(total: number): ExportRows {
  return {
    total,
    *chunks() {
      let seed = 42;
      const next = (n: number): number => {
        seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
        return seed % n;
      };
      for (let start = 0; start < total; start += 2000) {
        const chunk: string[][] = [];
        for (let r = start; r < Math.min(total, start + 2000); r++) {
          chunk.push(
            kinds.map((kind, c) => {
              if (c > 0 && next(10) === 0) return '';
              switch (kind) {
                case 'id':
                  return pad(r + 1, 7);
                case 'integer':
                  return String(next(200) - 20);
                case 'number':
                  return `${next(100_000) / 100}`;
                case 'date':
                  return `${1940 + next(80)}-${pad(1 + next(12))}-${pad(1 + next(28))}`;
                case 'datetime':
                  return `20${pad(10 + next(15))}-${pad(1 + next(12))}-${pad(1 + next(28))} ${pad(next(24))}:${pad(next(60))}`;
                case 'time':
                  return `${pad(next(24))}:${pad(next(60))}`;
                default:
                  return c % 5 === 0 ? `${words[next(words.length)]} ${words[next(words.length)]} ${words[next(words.length)]} noted at visit ${next(9)}` : words[next(words.length)]!;
              }
            }),
          );
        }
        yield chunk;
      }
    },
  };
}

const day = (text: string): Date => new Date(`${text.length === 5 ? `1899-12-30T${text}` : text.replace(' ', 'T')}Z`);
const exceljsValue = (kind: ExportColumn['kind'], value: string): string | number | Date | null => {
  if (value === '') return null;
  if (kind === 'integer' || kind === 'number') return Number(value);
  if (kind === 'date' || kind === 'datetime' || kind === 'time') return day(value);
  return value;
};
const formats: Partial<Record<ExportColumn['kind'], string>> = { date: 'yyyy-mm-dd', datetime: 'yyyy-mm-dd hh:mm', time: 'hh:mm' };

async function withExceljs(file: string, rows: ExportRows): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  const sheet = book.addWorksheet('Data', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column) => ({ header: column.name, key: column.name, width: 14, style: formats[column.kind] ? { numFmt: formats[column.kind] } : {} }));
  sheet.autoFilter = `A1:AN${rows.total + 1}`;
  for (const chunk of rows.chunks()) for (const row of chunk) sheet.addRow(row.map((value, c) => exceljsValue(kinds[c]!, value))).commit();
  sheet.commit();
  await book.commit();
}

interface XlsxRun {
  ms: number;
  maxRssMb: number;
  bytes: number;
  rows: number;
}

async function main(mode: string, file: string, total: number): Promise<XlsxRun> {
  const rows = rowsOf(total);
  const started = performance.now();
  let count = 0;
  if (mode === 'ours') {
    const progress = { throwIfCancelled: () => undefined, progress: () => undefined };
    count = (await writeXlsx(file, { columns, rows, header: 'names', dictionary: null, about: [{ key: 'Project', value: 'bench' }], overflow: 'refuse' }, progress)).rows;
  } else if (mode === 'exceljs') {
    await withExceljs(file, rows);
    count = total;
  } else {
    for (const chunk of rows.chunks()) count += chunk.length;
  }
  const ms = performance.now() - started;
  return { ms, maxRssMb: process.resourceUsage().maxRSS / 1024, bytes: mode === 'generate' ? 0 : statSync(file).size, rows: count };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [mode, file, total] = process.argv.slice(2) as [string, string, string];
  process.stdout.write(`${JSON.stringify(await main(mode, file, Number(total)))}\n`);
}

/**
 * `npm run bench -- xlsx`: an XLSX export of R rows × 40 columns of mixed kinds by Carrel's writer and by
 * exceljs' streaming WorkbookWriter, each run in a fresh process; baseline: generating the rows alone.
 */
export async function benchXlsx(options: { rows: number; runs: number; work: string; write: (line: string) => void }): Promise<string[][]> {
  const { rows, runs, work, write } = options;
  const script = 'test/bench/xlsx-worker.ts';
  const results: Record<'ours' | 'exceljs' | 'generate', XlsxRun[]> = { ours: [], exceljs: [], generate: [] };
  for (let run = 0; run < runs; run++) {
    for (const mode of ['ours', 'exceljs', 'generate'] as const) {
      const file = `${work}/bench-${mode}-${run}.xlsx`;
      const result = await runWorker<XlsxRun>(script, [mode, file, String(rows)]);
      rmSync(file, { force: true });
      if (result.rows !== rows) throw new Error(`${mode} wrote ${result.rows} rows of ${rows}`);
      results[mode].push(result);
      write(`  ${mode} run ${run + 1}: ${formatMs(result.ms)}, peak RSS ${result.maxRssMb.toFixed(0)} MB${result.bytes ? `, ${(result.bytes / 1024 / 1024).toFixed(1)} MB file` : ''}\n`);
    }
  }
  const ms = (mode: keyof typeof results): number => median(results[mode].map((r) => r.ms));
  const rss = (mode: keyof typeof results): number => median(results[mode].map((r) => r.maxRssMb));
  const verdict = (value: number, limit: number): string => (value <= limit ? 'ok' : 'OVER');
  const size = `${rows.toLocaleString('en-US')} × ${columns.length}`;
  return [
    [`XLSX export (Carrel), ${size}`, formatMs(ms('ours')), formatMs(ms('generate')), `${(ms('ours') / ms('generate')).toFixed(2)}×`, '≤ 40 s', verdict(ms('ours'), 40_000)],
    ['XLSX export peak RSS (Carrel)', `${rss('ours').toFixed(0)} MB`, `${rss('generate').toFixed(0)} MB`, `${(rss('ours') / rss('generate')).toFixed(2)}×`, '≤ 500 MB', verdict(rss('ours'), 500)],
    [`XLSX export (exceljs), ${size}`, formatMs(ms('exceljs')), formatMs(ms('ours')), `${(ms('exceljs') / ms('ours')).toFixed(2)}× ours`, '', 'alt'],
    ['XLSX export peak RSS (exceljs)', `${rss('exceljs').toFixed(0)} MB`, `${rss('ours').toFixed(0)} MB`, `${(rss('exceljs') / rss('ours')).toFixed(2)}× ours`, '', 'alt'],
  ];
}
