import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../helpers/csv-parse.ts';
import { redcapImport, redcapRecords } from '../../helpers/redcap-truth.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';
import { exportAndWait, exportSetup, filesIn, TOKEN } from './export-service-support.ts';

const tempDir = useTempDirs();
type FileResult = { kind: 'file'; fileName: string; path: string | null; rows: number; bytes: number; companions: string[]; notes: string[] };
const view = (connectionId: string, extra: Record<string, unknown> = {}) => ({ connectionId, dataset: 'records', mode: 'raw', sort: [], filter: '', ...extra });

describe('exports through the contract, from a synced REDCap project', () => {
  it('scope "view" writes the rows, order and columns the table shows; "all" writes the whole dataset in the view’s mode', async () => {
    const { core, out, sandbox, connectionId } = await exportSetup(tempDir(), tempDir());
    const truth = await redcapRecords(sandbox.url, TOKEN);
    const columns = ['record_id', 'sex', 'sbp', 'mrn'];
    const spec = view(connectionId, { columns, sort: [{ column: 'sbp', direction: 'desc' }], where: [{ column: 'sex', values: ['1'] }] });

    const shown = await exportAndWait(core, { view: spec, format: 'csv', header: 'names', bom: false, delimiter: ';' });
    expect(shown.state).toBe('succeeded');
    const result = shown.result as FileResult;
    const expected = truth
      .map((record, index) => ({ record, index }))
      .filter(({ record }) => record.sex === '1')
      .sort((a, b) => {
        const [x, y] = [a.record.sbp!, b.record.sbp!];
        if ((x === '') !== (y === '')) return x === '' ? 1 : -1;
        return Number(y) - Number(x) || a.index - b.index;
      })
      .map(({ record }) => columns.map((c) => record[c]!));
    const [header, ...rows] = parseCsv(readFileSync(result.path!, 'utf8'), ';');
    expect(header).toEqual(columns);
    expect(rows).toEqual(expected);
    expect(result.rows).toBe(expected.length);
    expect(rows.some((row) => row[3]!.startsWith('0'))).toBe(true);

    const everything = await exportAndWait(core, { view: { ...spec, mode: 'label', filter: 'zzz-matches-nothing' }, scope: 'all', format: 'csv', header: 'names', bom: false });
    const all = parseCsv(readFileSync((everything.result as FileResult).path!, 'utf8'));
    expect(all[0]).toEqual(Object.keys(truth[0]!));
    expect(all).toHaveLength(truth.length + 1);
    const sex = all[0]!.indexOf('sex');
    expect(all.slice(1).map((row) => row[0])).toEqual(truth.map((r) => r.record_id));
    expect(new Set(all.slice(1).map((row) => row[sex]))).toEqual(new Set(truth.map((r) => ({ '1': 'Female', '2': 'Male', '3': 'Intersex', '': '' })[r.sex!])));
  });

  it('neutralises formula-like text in CSV and says how many cells it prefixed; TSV uses tabs', async () => {
    const { core, connectionId } = await exportSetup(tempDir(), tempDir(), {
      before: (sandbox) => redcapImport(sandbox.url, TOKEN, [{ record_id: '1', first_name: '=HYPERLINK("http://evil")', last_name: '-Smith', medications: '@SUM(1)' }]),
    });
    const spec = view(connectionId, { columns: ['record_id', 'first_name', 'last_name', 'medications', 'weight_kg'], where: [{ column: 'record_id', values: ['1'] }] });
    const csv = await exportAndWait(core, { view: spec, format: 'csv', header: 'names', bom: true });
    const result = csv.result as FileResult;
    expect(result.notes).toEqual(["3 cells starting with = + - @ were prefixed with ' so spreadsheets show them as text"]);
    const text = readFileSync(result.path!, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(parseCsv(text.slice(1))[1]!.slice(0, 4)).toEqual(['1', `'=HYPERLINK("http://evil")`, "'-Smith", "'@SUM(1)"]);

    const tsv = await exportAndWait(core, { view: spec, format: 'tsv', header: 'labels', bom: false });
    const tsvResult = tsv.result as FileResult;
    expect(tsvResult.fileName.endsWith('.tsv')).toBe(true);
    expect(readFileSync(tsvResult.path!, 'utf8').split('\r\n')[0]).toBe('Record ID\tFirst name\tLast name\tCurrent medications\tWeight (kg)');
  });

  it('cancelling removes the partial file and leaves nothing that looks like an export', async () => {
    const { core, out, connectionId } = await exportSetup(tempDir(), tempDir(), { records: 200 });
    const connection = core.services.connections.get(connectionId);
    for (const format of ['csv', 'r'] as const) {
      const target = join(out, `cancelled.${format}`);
      const job = core.services.exports.start({ view: view(connectionId), scope: 'view', format, header: 'names', bom: false, delimiter: ',', xlsxOverflow: 'split' } as never, target, {
        title: 'Export', revealPath: true, oneFile: false, version: 'test', service: 'redcap', serverUrl: connection.url, project: { title: 'P', id: '1' },
      });
      core.services.jobs.cancel(job.id);
      const settled = await core.services.jobs.settled(job.id);
      expect(settled!.state).toBe('cancelled');
    }
    expect(filesIn(out)).toEqual([]);
  });

  it('refuses statistics bundles for tables without a data dictionary, before asking where to save', async () => {
    const { core, out, connectionId, ports } = await exportSetup(tempDir(), tempDir());
    ports.nextSavePath = join(out, 'never.r');
    const reply = await core.dispatch('export.start', { view: view(connectionId, { dataset: 'logging' }), format: 'r', header: 'names', bom: false }, { shell: 'desktop' });
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.message).toMatch(/REDCap records and reports.*CSV or Excel/);
    expect(filesIn(out)).toEqual([]);
  });

  it('R, Stata and SPSS on the desktop: the chosen script, and the data CSV beside it (names, raw codes, no BOM)', async () => {
    const { core, out, sandbox, connectionId, ports } = await exportSetup(tempDir(), tempDir());
    const truth = await redcapRecords(sandbox.url, TOKEN);
    for (const [format, extension] of [['r', 'r'], ['stata', 'do'], ['spss', 'sps']] as const) {
      ports.nextSavePath = join(out, `study-${format}.${extension}`);
      // Label mode and a labels header in the table: the bundle still holds field names and raw codes.
      const job = await exportAndWait(core, { view: view(connectionId, { mode: 'label' }), format, header: 'labels', bom: true });
      expect(job.error).toBeNull();
      const result = job.result as FileResult;
      expect(result.companions).toEqual([`study-${format}.csv`]);
      const data = readFileSync(join(out, `study-${format}.csv`), 'utf8');
      expect(data.startsWith('\uFEFF')).toBe(false);
      const [header, ...rows] = parseCsv(data);
      expect(header).toEqual(Object.keys(truth[0]!));
      const medications = header!.indexOf('medications');
      const expected = truth.map((record) => header!.map((f) => (format === 'spss' && f === 'medications' ? record[f]!.replace(/\r\n|\r|\n/g, ' ') : record[f]!)));
      expect(rows).toEqual(expected);
      if (format === 'spss') expect(result.notes.join(' ')).toMatch(/line breaks had them replaced by spaces/);
      else expect(rows.some((row) => row[medications]!.includes('\n'))).toBe(true);

      const script = readFileSync(ports.nextSavePath, 'utf8');
      expect(script).toContain(`study-${format}.csv`);
      expect(script).not.toContain(TOKEN);
      if (format === 'r') {
        expect(script).toContain('"mrn" = "character"');
        expect(script).toContain('data[["sex.factor"]] <- factor(data[["sex"]], levels = c("1", "2", "3"), labels = c("Female", "Male", "Intersex"))');
        expect(script).toContain('data[["race___2.factor"]] <- factor(data[["race___2"]], levels = c("0", "1"), labels = c("Unchecked", "Checked"))');
        expect(script).toContain('data[["dob"]] <- as.Date(data[["dob"]], format = "%Y-%m-%d")');
        expect(script).toContain('attr(data[["sbp"]], "label") <- "Systolic blood pressure (mmHg)"');
      }
      if (format === 'stata') {
        expect(script).toMatch(/stringcols\(1\/5 12\/15 /);
        expect(script).toContain('label define smoking_status 0 `"Never smoked"\' 1 `"Former smoker"\' 2 `"Current smoker"\', replace');
        expect(script).toContain('generate double _carrel_tmp = date(dob, "YMD")');
      }
      if (format === 'spss') {
        expect(script).toContain('    dob SDATE10');
        expect(script).toContain('    sbp F8.0');
        expect(script).toMatch(/ {4}mrn A6\n/);
      }
    }
  });

  it('in the web shell a bundle is one ZIP holding the script and its CSV', async () => {
    const { core, out, connectionId } = await exportSetup(tempDir(), tempDir(), { shell: 'web' });
    const job = await exportAndWait(core, { view: view(connectionId), format: 'stata', header: 'names', bom: false });
    const result = job.result as FileResult;
    expect(result.fileName).toMatch(/\.zip$/);
    expect(result.path).toBeNull();
    const zip = join(out, result.fileName);
    const stem = result.fileName.replace(/\.zip$/, '');
    const listing = execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).trim().split('\n').sort();
    expect(listing).toEqual([`${stem}.csv`, `${stem}.do`]);
    execFileSync('unzip', ['-tq', zip]);
    const script = execFileSync('unzip', ['-p', zip, `${stem}.do`], { encoding: 'utf8' });
    expect(script).toContain(`import delimited using \`"${stem}.csv"'`);
    const data = parseCsv(execFileSync('unzip', ['-p', zip, `${stem}.csv`], { encoding: 'utf8' }));
    expect(data).toHaveLength(31);
  });
});
