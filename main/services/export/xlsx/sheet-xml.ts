import type { ExportCellKind } from '../export-types.ts';
import { styleIds, typerFor, type TypedValue } from './cell-values.ts';
import { cellText, columnLetters, escapeXml, inlineString, type TextStats } from './xml-text.ts';
import type { ZipEntry, ZipWriter } from './zip-writer.ts';

// One worksheet part written as a stream: head (view with the frozen header, column widths), then rows
// as they come, then the tail (autofilter). Element order follows CT_Worksheet in ECMA-376 part 1.

export interface SheetColumn {
  header: string;
  kind: ExportCellKind;
}

export interface SheetSpec {
  columns: SheetColumn[];
  /** Widths in Excel character units, one per column. */
  widths: number[];
  /** The tab Excel shows first. */
  selected: boolean;
  autoFilter: boolean;
}

const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const minWidth = 6;
const maxWidth = 60;

/** Widths from the header and sample rows: the longest line of each column, within bounds. */
export function columnWidths(columns: SheetColumn[], sample: string[][]): number[] {
  return columns.map((column, i) => {
    let longest = Math.max(...column.header.split('\n').map((line) => line.length));
    for (const row of sample) {
      const value = row[i] ?? '';
      if (value.length <= longest) continue;
      const typed = typerFor(column.kind)(value);
      // A typed date shows in its number format, not as the cache text; numbers show as written.
      const shown = typed && typed.s !== 0 ? value.length : Math.max(...value.slice(0, maxWidth * 4).split('\n').map((line) => line.length));
      longest = Math.max(longest, shown);
    }
    return Math.min(maxWidth, Math.max(minWidth, longest + 2));
  });
}

export class SheetWriter {
  private rowNumber = 1;
  private readonly letters: string[];
  private readonly typers: Array<(value: string) => TypedValue | null>;

  private readonly entry: ZipEntry;
  private readonly spec: SheetSpec;
  private readonly stats: TextStats;

  private constructor(entry: ZipEntry, spec: SheetSpec, stats: TextStats) {
    this.entry = entry;
    this.spec = spec;
    this.stats = stats;
    this.letters = spec.columns.map((_, i) => columnLetters(i));
    this.typers = spec.columns.map((column) => typerFor(column.kind));
  }

  static async open(zip: ZipWriter, part: string, spec: SheetSpec, stats: TextStats): Promise<SheetWriter> {
    const writer = new SheetWriter(await zip.entry(part), spec, stats);
    await writer.head();
    return writer;
  }

  private async head(): Promise<void> {
    const { columns, widths, selected } = this.spec;
    const view = `<sheetViews><sheetView workbookViewId="0"${selected ? ' tabSelected="1"' : ''}><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>`;
    const cols = columns.length ? `<cols>${widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>` : '';
    const header = columns.map((column, i) => `<c r="${this.letters[i]}1" s="${styleIds.header}" t="inlineStr">${inlineString(cellText(column.header, this.stats))}</c>`).join('');
    await this.entry.write(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${ns}>${view}<sheetFormatPr defaultRowHeight="15"/>${cols}<sheetData><row r="1">${header}</row>`);
  }

  /** Appends rows (each a cell string per column; '' writes no cell). */
  async write(rows: string[][]): Promise<void> {
    const { letters, typers, stats } = this;
    const count = letters.length;
    let xml = '';
    for (const row of rows) {
      const r = ++this.rowNumber;
      xml += `<row r="${r}">`;
      for (let i = 0; i < count; i++) {
        const value = row[i];
        if (value === undefined || value === '') continue;
        const typed = typers[i]!(value);
        if (typed) xml += typed.s ? `<c r="${letters[i]}${r}" s="${typed.s}"><v>${typed.v}</v></c>` : `<c r="${letters[i]}${r}"><v>${typed.v}</v></c>`;
        else xml += `<c r="${letters[i]}${r}" t="inlineStr">${inlineString(cellText(value, stats))}</c>`;
      }
      xml += '</row>';
    }
    await this.entry.write(xml);
  }

  /** Data rows written so far. */
  get rows(): number {
    return this.rowNumber - 1;
  }

  /** The header and data range (`A1:D10`), or null when the sheet has no columns. */
  get range(): string | null {
    const count = this.letters.length;
    return count ? `A1:${this.letters[count - 1]}${this.rowNumber}` : null;
  }

  async close(): Promise<void> {
    const range = this.range;
    const filter = this.spec.autoFilter && range ? `<autoFilter ref="${escapeXml(range)}"/>` : '';
    await this.entry.write(`</sheetData>${filter}<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`);
    await this.entry.end();
  }
}
