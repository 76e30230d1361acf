// The Brim operations of the fault matrix: a notes upload (then watched to its end) and a results fetch
// into the offline cache, each on a fresh sandbox and user-data folder.

import { join } from 'node:path';
import type { Job } from '../../shared/contract/jobs.ts';
import { startBrimCore, type BrimCore } from '../helpers/brim-test-core.ts';
import { writeNotesCsv } from '../helpers/notes-csv.ts';
import { MATRIX_TIMEOUT_SECONDS } from './fault-vocabulary.ts';
import { jobOutcome, type Operation, type OperationRun, type Outcome } from './matrix-types.ts';

async function bench(): Promise<BrimCore> {
  const c = await startBrimCore();
  try {
    await c.call('settings.update', { requestTimeoutSeconds: MATRIX_TIMEOUT_SECONDS });
    return c;
  } catch (error) {
    await c.close();
    throw error;
  }
}

function base(c: BrimCore): Pick<OperationRun, 'faults' | 'requests' | 'userDataDir' | 'close'> {
  return {
    faults: c.sandbox.faults,
    requests: () => Object.values(c.sandbox.stats()).reduce((sum, n) => sum + n, 0),
    userDataDir: c.userDataDir,
    close: () => c.close(),
  };
}

const NOTES_FILE = 'fault-notes.csv';
/** The notes a clean upload leaves in the project: the oracle for every faulty one. */
let cleanNoteCount: number | undefined;

export const brimNotesUpload: Operation = {
  name: 'brim notes upload',
  service: 'brim',
  async setup() {
    const c = await bench();
    const path = join(c.userDataDir, NOTES_FILE);
    await writeNotesCsv(path, { notes: 120 });
    const { stageId } = await c.call('files.stagePath', { path });
    const upload = async (): Promise<Outcome> => jobOutcome(await c.job('brim.uploadNotes', { connectionId: c.connectionId, stageId, generateAfterUpload: false }));
    return {
      ...base(c),
      perform: upload,
      async recover() {
        // Once Brim has the file, the staged copy is released and the task is in the project's history:
        // the user follows that task (the task list's "watch") instead of sending the file again.
        const { tasks } = await c.call('brim.overview', { connectionId: c.connectionId });
        const sent = tasks.find((task) => task.fileName === NOTES_FILE && task.kind === 'notes-upload');
        if (sent === undefined) return upload();
        return jobOutcome(await c.job('brim.watchTask', { connectionId: c.connectionId, taskId: sent.taskId }));
      },
      async verify(outcome) {
        // Brim keeps notes by patient and NOTE_ID, so a file sent twice (a retry after a lost answer) must
        // still leave each note once: the project holds exactly what a clean upload leaves.
        const store = c.sandbox.store();
        const notes = store.noteCount(store.projects.get(c.sandbox.projectId)!);
        cleanNoteCount ??= notes;
        if (notes !== cleanNoteCount) throw new Error(`the Brim project holds ${notes} notes, a clean upload leaves ${cleanNoteCount}`);
        const accepted = c.sandbox.uploads().filter((record) => record.fileName === NOTES_FILE && record.accepted);
        if (accepted.length === 0 || accepted.some((record) => record.rows !== 120)) throw new Error('Brim never received the whole notes file');
        const result = outcome.job?.result;
        if (result?.kind !== 'brim-task' || result.state !== 'complete') throw new Error(`the upload job ended with ${JSON.stringify(result)}`);
      },
    };
  },
};

/** The rows a clean fetch caches: the oracle for every faulty one (the sandbox's results are deterministic). */
let cleanRows: string | undefined;

async function cachedRows(c: BrimCore): Promise<string> {
  const view = await c.call('records.openView', { connectionId: c.connectionId, dataset: 'brim_patient', mode: 'raw', sort: [], filter: '' });
  const rows: string[][] = [];
  for (let offset = 0; offset < view.total; offset += 2000) rows.push(...(await c.call('records.rows', { viewId: view.viewId, offset, limit: 2000 })).rows);
  await c.call('records.closeView', { viewId: view.viewId });
  return JSON.stringify([view.columns.map((column) => column.name), ...rows]);
}

export const brimResultsFetch: Operation = {
  name: 'brim results fetch',
  service: 'brim',
  async setup() {
    const c = await bench();
    const fetchResults = async (): Promise<Job> => c.job('brim.fetchResults', { connectionId: c.connectionId, kind: 'patient', includeNulls: true, scope: { type: 'project' } });
    return {
      ...base(c),
      perform: async () => jobOutcome(await fetchResults()),
      recover: async () => jobOutcome(await fetchResults()),
      async verify(outcome) {
        const rows = await cachedRows(c);
        cleanRows ??= rows;
        if (rows !== cleanRows) throw new Error('the cached results differ from a clean fetch');
        const result = outcome.job?.result;
        if (result?.kind !== 'brim-results' || JSON.parse(rows).length - 1 !== result.rows) throw new Error(`the fetch reported ${JSON.stringify(result)}`);
      },
    };
  },
};
