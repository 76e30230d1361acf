import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../helpers/csv-parse.ts';
import { redcapRecords } from '../../helpers/redcap-truth.ts';
import { addCohort, cliSetup, TOKEN, withToken } from './cli-support.ts';

describe('carrel against the REDCap sandbox', () => {
  it('adds a connection from $CARREL_TOKEN, lists it, syncs and exports CSV and XLSX, never showing the token', async () => {
    const s = await cliSetup(40);
    const id = await addCohort(s);

    const list = await s.carrel(['connections', 'list', '--json']);
    expect(list.code).toBe(0);
    const listed = JSON.parse(list.stdout) as Array<{ id: string; name: string; kind: string; hasToken: boolean; project: { title: string } | null }>;
    expect(listed).toEqual([expect.objectContaining({ id, name: 'Cohort', kind: 'redcap' })]);
    // Session-only: the token did not outlive the command that added it.
    expect(listed[0]!.hasToken).toBe(false);

    const noToken = await s.carrel(['sync', 'Cohort']);
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toMatch(/no token/i);

    const sync = await s.carrel(['--json', 'sync', 'cohort'], withToken);
    expect(sync.code).toBe(0);
    expect(JSON.parse(sync.stdout)).toMatchObject({ connectionId: id, state: 'succeeded', result: { kind: 'sync', records: 40 } });

    const truth = await redcapRecords(s.sandbox.url, TOKEN);
    const csvRun = await s.carrel(['export', id, '--format', 'csv', '--out', 'cohort.csv', '--json'], withToken);
    expect(csvRun.code).toBe(0);
    expect(JSON.parse(csvRun.stdout)).toMatchObject({ format: 'csv', rows: truth.length, path: join(s.dir, 'cohort.csv') });
    const rows = parseCsv(readFileSync(join(s.dir, 'cohort.csv'), 'utf8'));
    const header = rows[0]!;
    expect(header[0]).toBe('record_id');
    expect(rows.length - 1).toBe(truth.length);
    const byId = new Map(rows.slice(1).map((r) => [r[0]!, Object.fromEntries(header.map((h, i) => [h, r[i]!]))]));
    for (const record of truth.slice(0, 5)) expect(byId.get(record.record_id!)).toMatchObject({ first_name: record.first_name, last_name: record.last_name });

    const xlsx = await s.carrel(['export', 'Cohort', '--format', 'xlsx', '--out', 'some.xlsx', '--fields', 'record_id,last_name', '--where', `record_id=${truth[0]!.record_id}`, '--where', `record_id=${truth[1]!.record_id}`], withToken);
    expect(xlsx.code).toBe(0);
    expect(xlsx.stdout).toMatch(/Wrote 2 rows to .*some\.xlsx/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(s.dir, 'some.xlsx'));
    const sheet = book.worksheets[0]!;
    const values = sheet.getSheetValues().slice(1).map((row) => (row as unknown[]).slice(1).map(String));
    expect(values).toEqual([['record_id', 'last_name'], [truth[0]!.record_id, truth[0]!.last_name], [truth[1]!.record_id, truth[1]!.last_name]]);

    const tested = await s.carrel(['connections', 'test', 'Cohort'], withToken);
    expect(tested).toMatchObject({ code: 0, stdout: 'Cohort: the server answers.\n' });
    const removed = await s.carrel(['connections', 'remove', 'Cohort', '--yes']);
    expect(removed.code).toBe(0);
    expect(JSON.parse((await s.carrel(['connections', 'list', '--json'])).stdout)).toEqual([]);

    const transcript = s.transcript.join('\n');
    expect(transcript).not.toContain(TOKEN);
    expect(transcript).not.toContain(TOKEN.slice(0, 12));
  }, 120_000);

  it('checks an import (errors: exit 1, nothing sent), imports for real, lists it and undoes it', async () => {
    const s = await cliSetup(20);
    await addCohort(s);
    const truth = await redcapRecords(s.sandbox.url, TOKEN);
    const [one, two] = truth;
    writeFileSync(join(s.dir, 'bad.csv'), `record_id,first_name,dob\r\n${one!.record_id},Zelda,${one!.dob}\r\n9002,Bad,2020-13-45\r\n`);
    const dry = await s.carrel(['import', 'Cohort', 'bad.csv', '--dry-run'], withToken);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toMatch(/1 error/);
    expect(dry.stdout).toMatch(/error row 2, dob/);
    expect(dry.stdout).toMatch(/Nothing was imported/);
    expect((await redcapRecords(s.sandbox.url, TOKEN)).find((r) => r.record_id === one!.record_id)!.first_name).toBe(one!.first_name);

    writeFileSync(join(s.dir, 'names.csv'), `record_id,first_name\r\n${one!.record_id},Zelda\r\n${two!.record_id},Yusuf\r\n`);
    const unconfirmed = await s.carrel(['import', 'Cohort', 'names.csv'], withToken);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toMatch(/--yes/);

    const run = await s.carrel(['import', 'Cohort', 'names.csv', '--yes', '--json'], withToken);
    expect(run.code).toBe(0);
    const done = JSON.parse(run.stdout) as { importId: string; state: string; result: { state: string; confirmedRows: number } };
    expect(done).toMatchObject({ state: 'succeeded', result: { state: 'done', confirmedRows: 2 } });
    let server = await redcapRecords(s.sandbox.url, TOKEN);
    expect(server.find((r) => r.record_id === one!.record_id)!.first_name).toBe('Zelda');
    expect(server.find((r) => r.record_id === two!.record_id)!.first_name).toBe('Yusuf');

    const listed = await s.carrel(['imports', 'list', 'Cohort']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`${done.importId}  import  done`);

    const jobs = JSON.parse((await s.carrel(['jobs', 'list', '--json'])).stdout) as { imports: Array<{ importId: string; state: string; connection: string }> };
    expect(jobs.imports).toEqual([expect.objectContaining({ importId: done.importId, state: 'done', connection: 'Cohort' })]);
    expect((await s.carrel(['jobs', 'show', done.importId])).stdout).toContain(`${done.importId}  import  done  Cohort`);
    const humanList = await s.carrel(['jobs', 'list']);
    expect(humanList.stdout).toMatch(new RegExp(`^Imports and undos, newest first:\n${done.importId}  import  done  Cohort`));
    // Cancelling from another process is not something the command line can do: a usage error (2) that says what to do.
    const cancel = await s.carrel(['jobs', 'cancel', done.importId]);
    expect(cancel.code).toBe(2);
    expect(cancel.stderr).toContain(`Import ${done.importId} is done; nothing is running. Revert it with \`carrel import "Cohort" --undo ${done.importId}\`.`);
    expect(cancel.stderr).toContain('Usage: carrel jobs cancel IMPORT_ID');
    const unknownCancel = await s.carrel(['jobs', 'cancel', 'nope', '--json']);
    expect(unknownCancel.code).toBe(2);
    expect(JSON.parse(unknownCancel.stdout)).toMatchObject({ error: { code: 'USAGE', message: expect.stringContaining('journals of imports and undos') } });

    const undo = await s.carrel(['import', 'Cohort', '--undo', done.importId, '--yes'], withToken);
    expect(undo.code).toBe(0);
    expect(undo.stderr).toMatch(/restore 2 values/);
    server = await redcapRecords(s.sandbox.url, TOKEN);
    expect(server.find((r) => r.record_id === one!.record_id)!.first_name).toBe(one!.first_name);
    expect(server.find((r) => r.record_id === two!.record_id)!.first_name).toBe(two!.first_name);
    expect(s.transcript.join('\n')).not.toContain(TOKEN);
  }, 120_000);

  it('uploads a file into a record\'s file field and downloads it again; a missing file among several is a partial success', async () => {
    const s = await cliSetup(10);
    await addCohort(s);
    const record = (await redcapRecords(s.sandbox.url, TOKEN))[0]!.record_id!;
    writeFileSync(join(s.dir, 'consent.pdf'), '%PDF-1.4 consent of the participant');
    const up = await s.carrel(['files', 'upload', 'Cohort', 'consent.pdf', '--record', record, '--field', 'consent_form'], withToken);
    expect(up.code).toBe(0);
    const down = await s.carrel(['files', 'download', 'Cohort', '--record', record, '--field', 'consent_form', '--out', 'back.pdf', '--json'], withToken);
    expect(down.code).toBe(0);
    expect(JSON.parse(down.stdout)).toMatchObject({ fileName: 'consent.pdf', path: join(s.dir, 'back.pdf') });
    expect(readFileSync(join(s.dir, 'back.pdf'), 'utf8')).toBe('%PDF-1.4 consent of the participant');

    writeFileSync(join(s.dir, 'minutes.txt'), 'minutes of the steering committee');
    const repo = await s.carrel(['files', 'upload', 'Cohort', 'minutes.txt', 'missing.txt', '--json'], withToken);
    expect(repo.code).toBe(3);
    expect(JSON.parse(repo.stdout)).toEqual([
      expect.objectContaining({ file: 'minutes.txt', uploaded: true }),
      expect.objectContaining({ file: 'missing.txt', uploaded: false }),
    ]);
  }, 120_000);

  it('cancels the running sync on Ctrl+C and exits 130, leaving the cache as it was', async () => {
    const s = await cliSetup(2000);
    await addCohort(s);
    s.sandbox.faults.add({ kind: 'latency', latencyMs: 1500, times: 0, match: { content: 'record' } });
    const run = await s.carrel(['sync', 'Cohort'], {
      ...withToken,
      started: (child) => setTimeout(() => child.kill('SIGINT'), 3000),
    });
    expect(run.code).toBe(130);
    expect(run.stderr).toContain('Stopping');
    const list = JSON.parse((await s.carrel(['connections', 'list', '--json'])).stdout) as Array<{ cached: unknown }>;
    expect(list[0]!.cached).toBeNull();
  }, 60_000);
});
