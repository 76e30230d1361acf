import { writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { writeDelimited, writeDelimitedTo, type DelimitedInput } from './csv-export.ts';
import { writeAtomically } from './export-target.ts';
import type { DictionaryEntry, ExportAbout, ExportColumn, ExportRows, WriterProgress } from './export-types.ts';
import { bundleExtensions, companionCsvName, measuringRows, type BundleFormat, type BundleScriptInput } from './stats-bundle.ts';
import { rScript } from './stats-r.ts';
import { spssNames, spssScript } from './stats-spss.ts';
import { stataNames, stataScript } from './stats-stata.ts';
import { ZipWriter } from './xlsx/zip-writer.ts';

export interface BundleRequest {
  format: BundleFormat;
  /** The script the user chose (`study.do`); in the web shell, the `.zip` that carries script and data. */
  target: string;
  zip: boolean;
  columns: ExportColumn[];
  dictionary: DictionaryEntry[];
  rows: ExportRows;
  about: ExportAbout;
}

const scripts: Record<BundleFormat, (input: BundleScriptInput) => string> = { r: rScript, stata: stataScript, spss: spssScript };
const renamers: Record<BundleFormat, { name: string; names: ((names: string[]) => { changed: unknown[] }) | null }> = {
  r: { name: 'R', names: null },
  stata: { name: 'Stata', names: stataNames },
  spss: { name: 'SPSS', names: spssNames },
};

/**
 * A statistics bundle: the data as CSV (field names, raw codes, comma, no byte-order mark, values exactly
 * as cached) and a script that reads it and applies labels. On the desktop the CSV is written beside the
 * chosen script; in the web shell, where a download is one file, both go into a ZIP.
 */
export async function writeBundle(request: BundleRequest, progress: WriterProgress): Promise<{ rows: number; notes: string[]; companions: string[] }> {
  const { format, columns } = request;
  // SPSS reads one case per line, even inside quotes: line breaks in values become spaces for it.
  const measured = measuringRows(request.rows, columns, { flattenLineBreaks: format === 'spss' });
  const data: DelimitedInput = { columns, rows: measured.rows, header: 'names', delimiter: ',', bom: false, neutralise: false };
  const script = (csvName: string): string => scripts[format]({ csvName, columns, dictionary: request.dictionary, about: request.about, measures: measured.measures });

  let rows = 0;
  let companions: string[] = [];
  const notes: string[] = [];
  if (request.zip) {
    const stem = basename(request.target, extname(request.target));
    const names = { script: `${stem}.${bundleExtensions[format]}`, csv: `${stem}.csv` };
    await writeAtomically([request.target], async ([partial]) => {
      const zip = new ZipWriter(partial!);
      try {
        const entry = await zip.entry(names.csv);
        rows = (await writeDelimitedTo({ write: (bytes) => entry.write(bytes) }, data, progress)).rows;
        await entry.end();
        await zip.add(names.script, script(names.csv));
        await zip.finish();
      } catch (error) {
        await zip.abort();
        throw error;
      }
    });
    notes.push(`The ZIP holds ${names.script} and ${names.csv}: unpack both into one folder`);
  } else {
    let csvPath = join(dirname(request.target), companionCsvName(request.target));
    if (csvPath === request.target) csvPath = join(dirname(request.target), `${basename(request.target, extname(request.target))}_data.csv`);
    await writeAtomically([request.target, csvPath], async ([scriptPartial, csvPartial]) => {
      rows = (await writeDelimited(csvPartial!, data, progress)).rows;
      await writeFile(scriptPartial!, script(basename(csvPath)), { encoding: 'utf8', mode: 0o600 });
    });
    companions = [basename(csvPath)];
  }

  const flattened = measured.flattened();
  if (flattened > 0) notes.push(`${flattened.toLocaleString('en-US')} value${flattened === 1 ? '' : 's'} with line breaks had them replaced by spaces, because SPSS reads one case per line`);
  const renamer = renamers[format];
  const renamed = renamer.names?.(columns.map((c) => c.name)).changed.length ?? 0;
  if (renamed > 0) notes.push(`${renamed} variable name${renamed === 1 ? ' was' : 's were'} shortened or changed for ${renamer.name}; the script lists them at the top`);
  return { rows, notes, companions };
}
