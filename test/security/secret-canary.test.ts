import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, expect, it } from 'vitest';
import type { Job } from '../../shared/contract/jobs.ts';
import { writeNotesCsv } from '../helpers/notes-csv.ts';
import { report } from './fuzz-settings.ts';
import { filesUnder, startWorld, type World } from './world.ts';

/**
 * Issue 9.4: a whole working session with canary tokens — random, distinctive strings used as the REDCap,
 * BrainSTEM and Brim tokens (the sandboxes accept them), plus wrong canaries that the servers refuse.
 * Afterwards no canary, in any spelling a leak would take (as is, lower case, base64, base64url,
 * URL-encoded), may appear in any file under the user-data folder (settings, sqlite caches and their
 * journals, logs, staged files, plans), in any exported or downloaded file, in any event sent to the
 * window, in any reply, in any error shown or in the diagnostics. The keychain is the one place they live.
 * (test/unit/secret-hygiene.test.ts keeps the REDCap-only session with the seeded token.)
 */

let world: World | undefined;
let tally = { canaries: 0, spellings: 0, files: 0, bytes: 0, messages: 0, hits: 0 };
afterAll(async () => {
  await world?.close();
  report('secret canary', `${tally.canaries} canaries, ${tally.spellings} spellings searched in ${tally.files} files (${tally.bytes} bytes) and ${tally.messages} messages to the window: ${tally.hits} hits`);
});

function spellings(secret: string): string[] {
  const forms = [secret, secret.toLowerCase(), Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('base64url'), encodeURIComponent(secret), Buffer.from(`:${secret}`).toString('base64')];
  return [...new Set(forms)];
}

async function settled(w: World, jobId: string): Promise<Job> {
  const job = await w.core.services.jobs.settled(jobId);
  if (!job) throw new Error(`job ${jobId} disappeared`);
  return job;
}

it('a session with canary tokens on all three services leaves them in the keychain only', async () => {
  const canaries = {
    redcap: randomBytes(16).toString('hex').toUpperCase(),
    brim: `brimCANARY${randomBytes(14).toString('hex')}`,
  };
  world = await startWorld({ tokens: canaries });
  const w = world;
  const wrong = {
    redcap: randomBytes(16).toString('hex').toUpperCase(),
    brainstem: `eyJ${randomBytes(30).toString('base64url')}`,
    brim: `brimWRONGCANARY${randomBytes(12).toString('hex')}`,
  };
  const secrets = { ...Object.fromEntries(Object.entries(w.tokens).map(([k, v]) => [`${k} token`, v])), ...Object.fromEntries(Object.entries(wrong).map(([k, v]) => [`wrong ${k} token`, v])) };

  // The sandboxes really took the canaries: the connections work and the keychain holds them.
  expect(w.tokens.redcap).toBe(canaries.redcap);
  expect(w.tokens.brim).toBe(canaries.brim);
  for (const token of Object.values(w.tokens)) expect(w.keychain.stored.some((secret) => secret.includes(token)), "the token went to the keychain").toBe(true);

  // Refused tokens, and a token pasted into the address: errors the user sees.
  for (const [method, input] of [
    ['connections.test', { kind: 'redcap', url: w.redcap.url, token: wrong.redcap }],
    ['connections.add', { kind: 'redcap', url: `${w.redcap.url}?token=${wrong.redcap}`, token: wrong.redcap.slice(0, 31) }],
    ['brainstem.signIn.token', { connectionId: w.ids.brainstem, token: wrong.brainstem }],
    ['brim.connect', { url: w.brim.url, token: wrong.brim, projectId: w.brim.projectId }],
    ['connections.test', { kind: 'brim', url: `${w.brim.url}/?api_key=${wrong.brim}`, token: wrong.brim }],
  ] as const) {
    const answer = await w.reply(method, input);
    expect(answer.ok, `${method} with a wrong token`).toBe(false);
  }
  // The BrainSTEM sign-in above failed: sign in again with the canary so later calls work.
  await w.call('brainstem.signIn.token', { connectionId: w.ids.brainstem, token: w.tokens.brainstem });

  // Views, details and overviews.
  const view = await w.call('records.openView', { connectionId: w.ids.redcap, dataset: 'records', mode: 'raw', sort: [], filter: '' });
  const rows = await w.call('records.rows', { viewId: view.viewId, offset: 0, limit: 5 });
  const idColumn = view.columns.findIndex((c) => c.name === 'record_id');
  const firstId = rows.rows[0]![idColumn]!;
  await w.call('records.detail', { connectionId: w.ids.redcap, recordId: firstId });
  await w.call('project.overview', { connectionId: w.ids.redcap });
  await w.call('brainstem.overview', { connectionId: w.ids.brainstem });
  await w.call('brim.overview', { connectionId: w.ids.brim });
  await w.call('connections.list', {});
  await w.call('connections.ping', { connectionId: w.ids.redcap });

  // Exports: CSV and XLSX of the records.
  for (const format of ['csv', 'xlsx'] as const) {
    const { jobId } = await w.call('export.start', { view: { connectionId: w.ids.redcap, dataset: 'records', mode: 'raw', sort: [], filter: '' }, format, header: 'names', bom: false });
    const job = await settled(w, jobId!);
    expect(job.error, `${format} export`).toBeNull();
  }

  // A REDCap import, planned and run.
  const importCsv = `record_id,first_name\r\n${firstId},Canary\r\n`;
  const staged = await w.core.services.staging.fromStream('rename.csv', Readable.from([Buffer.from(importCsv)]));
  const planned = await settled(w, (await w.call('imports.plan', { connectionId: w.ids.redcap, stageId: staged.stageId })).jobId);
  expect(planned.error).toBeNull();
  const planId = (planned.result as { planId: string }).planId;
  await w.call('imports.planSummary', { planId });
  const imported = await settled(w, (await w.call('imports.start', { planId })).jobId);
  expect(imported.error).toBeNull();

  // Brim: pre-flight and upload a notes file, fetch results.
  const notesPath = join(w.saveDir, 'notes.csv');
  await writeNotesCsv(notesPath, { notes: 6 });
  const notes = await w.call('files.stagePath', { path: notesPath });
  const uploaded = await settled(w, (await w.call('brim.uploadNotes', { connectionId: w.ids.brim, stageId: notes.stageId, generateAfterUpload: false })).jobId);
  expect(uploaded.error).toBeNull();
  const results = await settled(w, (await w.call('brim.fetchResults', { connectionId: w.ids.brim, kind: 'patient' })).jobId);
  expect(results.error).toBeNull();

  // A sync that fails on the server: the error is shown and logged.
  w.redcap.faults.add({ kind: 'status', status: 500, times: 0 });
  const failing = await settled(w, (await w.call('sync.start', { connectionId: w.ids.redcap, mode: 'full' })).jobId);
  expect(failing.error).not.toBeNull();
  w.redcap.faults.clear();

  // What a user sends with a support request.
  await w.reply('app.diagnostics', {});
  // Read everything twice: while running (staged files, SQLite write-ahead logs, plans) and after quitting
  // (every cache, journal and log closed and on disk).
  // A planted leak, to prove the search finds one: the base64 of a wrong token in a file of its own.
  writeFileSync(join(w.saveDir, 'planted-leak.txt'), `Authorization: Basic ${Buffer.from(`:${wrong.redcap}`).toString('base64')}`);
  const read = (): Array<{ file: string; bytes: Buffer }> => [...filesUnder(w.userDataDir), ...filesUnder(w.saveDir)].map((file) => ({ file, bytes: readFileSync(file) }));
  const running = read();
  await w.shutdown();
  const contents = [...running, ...read()];
  const files = [...new Set(contents.map((c) => c.file))];
  expect(files.some((f) => f.endsWith('.csv'))).toBe(true);
  expect(files.some((f) => f.endsWith('.xlsx'))).toBe(true);
  expect(files.some((f) => /carrel\.log/.test(f))).toBe(true);
  expect(files.some((f) => /\.(?:db|sqlite)/.test(f))).toBe(true);
  if (process.env.CARREL_CANARY_LIST) process.stdout.write(files.join('\n') + '\n');
  const messages = [...w.events.map((e) => JSON.stringify(e)), ...w.replies];
  tally = { ...tally, files: files.length, bytes: contents.reduce((n, c) => n + c.bytes.length, 0), messages: messages.length };
  const hits: string[] = [];
  for (const [name, secret] of Object.entries(secrets)) {
    tally.canaries++;
    for (const form of spellings(secret)) {
      tally.spellings++;
      for (const { file, bytes } of contents) if (bytes.includes(form)) hits.push(`${name} in ${file.replace(w.userDataDir, '<user-data>').replace(w.saveDir, '<saves>')}`);
      for (const message of messages) if (message.includes(form)) hits.push(`${name} in a message to the window: ${message.slice(0, 120)}`);
    }
  }
  const planted = hits.filter((hit) => hit.includes('planted-leak.txt'));
  expect(planted.length, 'the search missed the planted leak').toBeGreaterThan(0);
  const leaks = hits.filter((hit) => !planted.includes(hit));
  tally.hits = leaks.length;
  expect(leaks).toEqual([]);
  // Errors were shown (so the search covered them) and they name the token only by its last characters.
  expect(w.replies.filter((r) => r.includes('"ok":false')).length).toBeGreaterThanOrEqual(5);
}, 180_000);
