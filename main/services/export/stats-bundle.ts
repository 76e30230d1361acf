import { basename, extname } from 'node:path';
import type { DictionaryEntry, ExportAbout, ExportColumn, ExportRows } from './export-types.ts';

/** What a statistics script is written from: the data file's name, its columns in order with their dictionary entries. */
export interface BundleScriptInput {
  /** The data CSV's file name, as the script refers to it (it sits beside the script). */
  csvName: string;
  columns: ReadonlyArray<ExportColumn>;
  /** One entry per column, in column order. */
  dictionary: ReadonlyArray<DictionaryEntry>;
  about: ExportAbout;
  /** Per column: the longest value in UTF-8 bytes and the most decimals (SPSS needs widths up front). */
  measures?: ReadonlyArray<ColumnMeasure>;
}

export interface ColumnMeasure {
  bytes: number;
  decimals: number;
}

export const bundleExtensions = { r: 'r', stata: 'do', spss: 'sps' } as const;
export type BundleFormat = keyof typeof bundleExtensions;

/** `study.do` → `study.csv`: the data file is named after the script the user chose. */
export function companionCsvName(scriptPath: string): string {
  const name = basename(scriptPath);
  const extension = extname(name);
  return `${extension ? name.slice(0, -extension.length) : name}.csv`;
}

/** Comment text on one line (labels and facts may hold line breaks). */
export function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').trim();
}

/** The About facts as comment lines under a prefix (`#`, `*`). */
export function aboutComment(prefix: string, about: ExportAbout): string[] {
  return about.map((fact) => `${prefix} ${fact.key}: ${oneLine(fact.value)}`);
}

/** Choices usable as value labels in Stata and SPSS: every code an integer. */
export function integerChoices(entry: DictionaryEntry | undefined): Array<{ code: string; label: string }> | null {
  if (!entry || entry.choices.length === 0) return null;
  return entry.choices.every((choice) => /^-?\d+$/.test(choice.code)) ? entry.choices : null;
}

/**
 * Names a statistics package accepts: letters, digits and underscores, not starting with a digit, at
 * most `limit` characters, not a reserved word, and unique after shortening (`_2`, `_3`… when two long
 * names share their first characters). Returns the new names and which ones changed.
 */
export function packageNames(names: ReadonlyArray<string>, limit: number, reserved: ReadonlySet<string>): { names: string[]; changed: Array<{ from: string; to: string }> } {
  const used = new Set<string>();
  const changed: Array<{ from: string; to: string }> = [];
  const out = names.map((original) => {
    let base = original.replace(/[^A-Za-z0-9_]/g, '_');
    if (!/^[A-Za-z_]/.test(base)) base = `v${base}`;
    if (reserved.has(base.toLowerCase())) base = `${base}_`;
    let name = base.slice(0, limit);
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base.slice(0, limit - String(n).length - 1)}_${n}`;
    used.add(name.toLowerCase());
    if (name !== original) changed.push({ from: original, to: name });
    return name;
  });
  return { names: out, changed };
}

/**
 * Wraps the rows so that measures are taken while they stream to the CSV (one pass over the data), and
 * optionally line breaks in values are replaced by spaces (SPSS reads one case per line).
 */
export function measuringRows(rows: ExportRows, columns: ReadonlyArray<ExportColumn>, options: { flattenLineBreaks: boolean }): { rows: ExportRows; measures: ColumnMeasure[]; flattened: () => number } {
  const measures = columns.map(() => ({ bytes: 1, decimals: 0 }));
  const numeric = columns.map((c) => c.kind === 'number' || c.kind === 'integer');
  let flattened = 0;
  const wrapped: ExportRows = {
    total: rows.total,
    *chunks() {
      for (const chunk of rows.chunks()) {
        for (const row of chunk) {
          for (let i = 0; i < row.length; i++) {
            let value = row[i]!;
            if (value === '') continue;
            if (options.flattenLineBreaks && (value.includes('\n') || value.includes('\r'))) {
              value = value.replace(/\r\n|\r|\n/g, ' ');
              row[i] = value;
              flattened++;
            }
            const measure = measures[i]!;
            // At most 3 UTF-8 bytes per UTF-16 unit: most values are measured without encoding them.
            const bytes = value.length * 3 > measure.bytes ? Buffer.byteLength(value) : 0;
            if (bytes > measure.bytes) measure.bytes = bytes;
            if (numeric[i]) {
              const dot = value.indexOf('.');
              if (dot >= 0 && value.length - dot - 1 > measure.decimals) measure.decimals = value.length - dot - 1;
            }
          }
        }
        yield chunk;
      }
    },
  };
  return { rows: wrapped, measures, flattened: () => flattened };
}
