import { open, rm } from 'node:fs/promises';
import { AppError } from '../../../../shared/contract/errors.ts';
import type { DictionaryEntry, ExportAbout, ExportColumn, ExportRows, WriterOutcome, WriterProgress } from '../export-types.ts';
import { appProperties, contentTypes, coreProperties, rootRelationships, styles, workbook, workbookRelationships, worksheetPart, type SheetEntry } from './package-parts.ts';
import { columnWidths, SheetWriter, type SheetColumn } from './sheet-xml.ts';
import { excelCellLimit, newTextStats, type TextStats } from './xml-text.ts';
import { ZipWriter } from './zip-writer.ts';

export interface XlsxInput {
  columns: ExportColumn[];
  rows: ExportRows;
  header: 'names' | 'labels';
  dictionary: DictionaryEntry[] | null;
  about: ExportAbout;
  overflow: 'split' | 'refuse';
}

/** Knobs with real defaults; tests lower the limits to reach splits and ZIP64 with small data. */
export interface XlsxOptions {
  rowsPerSheet?: number;
  zip64Limit?: number;
  level?: number;
  now?: Date;
}

/** Excel's 1,048,576 rows per sheet, one of them the header. */
export const excelRowsPerSheet = 1_048_575;
const sampleRows = 1000;
const count = (n: number): string => n.toLocaleString('en-US');

/** The sentences for the user (job notes and the About sheet) about what the spreadsheet could not hold as is. */
function textNotes(stats: TextStats): string[] {
  const notes: string[] = [];
  if (stats.cutCells) {
    const cells = stats.cutCells === 1 ? '1 cell longer than' : `${count(stats.cutCells)} cells longer than`;
    notes.push(`${cells} ${count(excelCellLimit)} characters ${stats.cutCells === 1 ? 'was' : 'were'} cut; export to CSV to keep them whole`);
  }
  if (stats.removedCharacters) {
    const chars = stats.removedCharacters === 1 ? '1 control character' : `${count(stats.removedCharacters)} control characters`;
    notes.push(`${chars} that spreadsheets cannot hold ${stats.removedCharacters === 1 ? 'was' : 'were'} removed from the text`);
  }
  return notes;
}

const dictionaryColumns: SheetColumn[] = ['Field', 'Label', 'Type', 'Validation', 'Choices', 'Form'].map((header) => ({ header, kind: 'text' }));
const aboutColumns: SheetColumn[] = [{ header: 'Item', kind: 'text' }, { header: 'Value', kind: 'text' }];

async function metaSheet(zip: ZipWriter, index: number, columns: SheetColumn[], rows: string[][], stats: TextStats): Promise<void> {
  const sheet = await SheetWriter.open(zip, worksheetPart(index), { columns, widths: columnWidths(columns, rows.slice(0, sampleRows)), selected: false, autoFilter: false }, stats);
  await sheet.write(rows);
  await sheet.close();
}

/**
 * Writes an XLSX workbook to exactly `path`: the rows on "Data" (split over "Data (2)"… past Excel's row
 * limit when asked, refused before anything is written otherwise), then "Dictionary" and "About".
 * Numbers and dates become typed cells by column kind; IDs and text stay text. Rows stream through: memory
 * holds one chunk and the first rows sampled for column widths.
 */
export async function writeXlsx(path: string, input: XlsxInput, progress: WriterProgress, options: XlsxOptions = {}): Promise<WriterOutcome> {
  const perSheet = options.rowsPerSheet ?? excelRowsPerSheet;
  const total = input.rows.total;
  if (total > perSheet && input.overflow === 'refuse') {
    throw new AppError('VALIDATION', `This export has ${count(total)} rows, more than an Excel sheet holds (${count(perSheet)} below the header). Export to CSV instead, or choose to split the rows across several sheets.`);
  }
  const dataSheets = Math.max(1, Math.ceil(total / perSheet));
  const names = Array.from({ length: dataSheets }, (_, i) => (i === 0 ? 'Data' : `Data (${i + 1})`));
  if (input.dictionary) names.push('Dictionary');
  names.push('About');
  const now = options.now ?? new Date();
  const title = input.about.find((item) => /^project$/i.test(item.key))?.value ?? 'Carrel export';
  const zip = new ZipWriter(path, { level: options.level, date: now, zip64Limit: options.zip64Limit });
  let chunks: Iterator<string[][]> | undefined;
  try {
    await zip.add('[Content_Types].xml', contentTypes(names.length));
    await zip.add('_rels/.rels', rootRelationships());
    await zip.add('docProps/core.xml', coreProperties(title, now));
    await zip.add('docProps/app.xml', appProperties());
    await zip.add('xl/styles.xml', styles());

    const columns = input.columns.map((column) => ({ header: input.header === 'labels' && column.label ? column.label : column.name, kind: column.kind }));
    chunks = input.rows.chunks()[Symbol.iterator]();
    const sampled: string[][][] = [];
    for (let rows = 0; rows < sampleRows; ) {
      const next = chunks.next();
      if (next.done) break;
      sampled.push(next.value);
      rows += next.value.length;
    }
    const spec = { columns, widths: columnWidths(columns, sampled.flat().slice(0, sampleRows)), autoFilter: true };
    const stats = newTextStats();
    const entries: SheetEntry[] = [];
    let sheet = await SheetWriter.open(zip, worksheetPart(0), { ...spec, selected: true }, stats);
    let written = 0;
    const nextSheet = async (): Promise<void> => {
      await sheet.close();
      entries.push({ name: names[entries.length]!, filterRange: sheet.range });
      // More rows than the caller declared would need a sheet the package does not list.
      if (entries.length >= dataSheets) throw new Error(`the export yielded more rows than the ${count(total)} it declared`);
      sheet = await SheetWriter.open(zip, worksheetPart(entries.length), { ...spec, selected: false }, stats);
    };
    const feed = async (chunk: string[][]): Promise<void> => {
      progress.throwIfCancelled();
      for (let offset = 0; offset < chunk.length; ) {
        if (sheet.rows >= perSheet) await nextSheet();
        const take = Math.min(chunk.length - offset, perSheet - sheet.rows);
        await sheet.write(offset === 0 && take === chunk.length ? chunk : chunk.slice(offset, offset + take));
        offset += take;
        written += take;
      }
      progress.progress(written);
    };
    for (const chunk of sampled) await feed(chunk);
    sampled.length = 0;
    for (let next = chunks.next(); !next.done; next = chunks.next()) await feed(next.value);
    // Fewer rows than declared still gives every listed sheet, each with its header.
    while (entries.length < dataSheets - 1) await nextSheet();
    await sheet.close();
    entries.push({ name: names[entries.length]!, filterRange: sheet.range });
    progress.throwIfCancelled();

    const notes = textNotes(stats);
    if (dataSheets > 1) notes.unshift(`Split across ${dataSheets} sheets of at most ${count(perSheet)} rows`);
    const metaStats = newTextStats();
    if (input.dictionary) {
      const rows = input.dictionary.map((entry) => [entry.field, entry.label, entry.type, entry.validation, entry.choices.map((choice) => `${choice.code}, ${choice.label}`).join(' | '), entry.form ?? '']);
      await metaSheet(zip, entries.length, dictionaryColumns, rows, metaStats);
      entries.push({ name: 'Dictionary', filterRange: null });
    }
    const about = [...input.about.map((item) => [item.key, item.value]), ...notes.map((note) => ['Note', note])];
    await metaSheet(zip, entries.length, aboutColumns, about, metaStats);
    entries.push({ name: 'About', filterRange: null });

    await zip.add('xl/workbook.xml', workbook(entries));
    await zip.add('xl/_rels/workbook.xml.rels', workbookRelationships(entries.length));
    await zip.finish();
    const handle = await open(path, 'r+');
    await handle.sync().finally(() => handle.close());
    return { rows: written, notes };
  } catch (error) {
    // Lets a generator reading the cache finish its statement when the export stops early.
    chunks?.return?.();
    await zip.abort();
    await rm(path, { force: true });
    if (error instanceof AppError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
      throw new AppError('FILE_SYSTEM', code === 'ENOSPC' ? 'The disk is full. Free some space or choose another drive, then export again.' : `Writing the spreadsheet failed (${code}). Choose another folder and export again.`, { cause: error });
    }
    throw error;
  }
}
