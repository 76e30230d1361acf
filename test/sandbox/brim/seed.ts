// The seeded organization: a demo project with notes already uploaded and generated (so results
// exist at start), a second, empty project, and their tokens. Note texts are synthetic oncology
// notes built from a seeded generator: no real patient is in them.

import type { SandboxClock } from '../brainstem/clock.ts';
import { Prng } from '../brainstem/random.ts';
import { findAll } from './labeller.ts';
import { Store, noteKey } from './store.ts';
import type { NoteDigest, Task } from './store.ts';

export const BRIM_DEMO_PROJECT_ID = 101;
export const BRIM_DEMO_PROJECT_NAME = 'Lung Cancer Registry (demo)';
export const BRIM_OTHER_PROJECT_ID = 102;
export const BRIM_OTHER_PROJECT_NAME = 'Cardiology Notes (sandbox)';
/** A project token for the demo project. */
export const BRIM_DEMO_TOKEN = 'brimP1demo0c4f8a21d9e3b7a65f0c2e18d4b9a7';
/** A project token for the other project: refused (403) on the demo project. */
export const BRIM_OTHER_TOKEN = 'brimP2card9b1e7d04a6c3f85e2d17b0a9c4e63';
/** An organization token: opens every project and can create projects. */
export const BRIM_ORG_TOKEN = 'brimO1org7e2a9c5d1f08b4e6a3c7d92f1b05e8';
/** A deactivated token: 401. */
export const BRIM_INACTIVE_TOKEN = 'brimP0off5a7c1e9d3b2f46a8c0e7d1b9f3a24c6';
export const BRIM_OWNER_EMAIL = 'owner@brim.sandbox.test';
export const BRIM_MEMBER_EMAIL = 'reviewer@brim.sandbox.test';
export const BRIM_DEFAULT_NOTES = 120;

const TITLES = ['Oncology Consult', 'Pathology Report', 'CT Chest', 'Progress Note', 'Discharge Summary', 'Tumor Board'];
const SMOKING = ['Patient has never smoked.', 'Former smoker, quit smoking in 2015.', 'Current smoker with a 30 pack-year history.', 'Non-smoker.'];
const HISTOLOGY = ['Biopsy confirmed adenocarcinoma of the right upper lobe.', 'Pathology shows squamous cell carcinoma.', 'Findings consistent with small cell carcinoma.'];
const SIZE = ['A spiculated mass measuring 3.2 cm is seen.', 'The lesion measures 18 mm in greatest dimension.', 'Nodule of 1.1 cm, stable.', 'Mass now 4.5 cm, increased.'];
const METASTASIS = ['No evidence of distant metastasis.', 'New hepatic metastasis noted.', 'Bone scan shows metastases to the spine.'];
const MEDS = ['Started carboplatin and pemetrexed.', 'Continues pembrolizumab every three weeks.', 'Switched to osimertinib.', 'Received docetaxel.'];
const FILLER = ['Patient seen in clinic today.', 'Vital signs stable.', 'Follow-up in four weeks.', 'Discussed the plan with the family.', 'Appetite is fair.'];

function noteText(prng: Prng, year: number): string {
  const parts = [prng.pick(FILLER)];
  if (prng.chance(0.5)) parts.push(prng.pick(SMOKING));
  if (prng.chance(0.4)) parts.push(`Diagnosed on ${year}-${String(prng.int(1, 12)).padStart(2, '0')}-${String(prng.int(1, 28)).padStart(2, '0')} after imaging.`);
  if (prng.chance(0.5)) parts.push(prng.pick(HISTOLOGY));
  if (prng.chance(0.6)) parts.push(prng.pick(SIZE));
  if (prng.chance(0.5)) parts.push(prng.pick(METASTASIS));
  if (prng.chance(0.5)) parts.push(prng.pick(MEDS));
  parts.push(prng.pick(FILLER));
  return parts.join(' ');
}

/**
 * The patient ID (Brim's "MRN") of the demo's patient `n` (1-based). It is the MRN the REDCap sandbox gives
 * its record `n` (test/sandbox/redcap/seed-values.ts, `mrn`), so the Brim demo's patients are the REDCap demo's
 * participants and "Send to REDCap" finds them by MRN; every tenth patient is someone REDCap does not have.
 */
export function demoPatientId(n: number): string {
  const index = n % 10 === 0 ? 500_000 + n : n - 1;
  return String((index * 7919 + 123) % 1_000_000).padStart(6, '0');
}

/** Synthetic notes for `count` notes, about three per patient. */
export function* syntheticNotes(seed: number, count: number): Generator<{ noteId: string; personId: string; datetime: string; title: string; text: string }> {
  const prng = new Prng(seed);
  for (let i = 0; i < count; i++) {
    const patient = Math.floor(i / 3) + 1;
    const year = 2019 + (patient % 5);
    yield {
      noteId: `N${String(i + 1).padStart(6, '0')}`,
      personId: demoPatientId(patient),
      datetime: `${year}-${String(prng.int(1, 12)).padStart(2, '0')}-${String(prng.int(1, 28)).padStart(2, '0')} ${String(prng.int(7, 18)).padStart(2, '0')}:${String(prng.int(0, 59)).padStart(2, '0')}:00`,
      title: prng.pick(TITLES),
      text: noteText(prng, year),
    };
  }
}

function historyTask(id: string, projectId: number, kind: Task['kind'], at: number, extra: Partial<Task> = {}): Task {
  return {
    id, projectId, kind, createdAt: at, startsAt: at, waitingMs: 1000, runningMs: 4000, outcome: 'complete', outcomeMessage: null,
    settled: { state: 'complete', at: at + 5000, message: null }, fileName: null, noteKeys: [], variableNames: null, childTaskId: null, queued: false, exportSpec: null,
    ...extra,
  };
}

export function seedStore(seed: number, notes: number, clock: SandboxClock): Store {
  const store = new Store();
  const prng = new Prng(seed + 31);
  const demo = store.addProject(BRIM_DEMO_PROJECT_NAME, BRIM_DEMO_PROJECT_ID);
  const other = store.addProject(BRIM_OTHER_PROJECT_NAME, BRIM_OTHER_PROJECT_ID);
  demo.members.add(BRIM_OWNER_EMAIL).add(BRIM_MEMBER_EMAIL);
  other.members.add(BRIM_OWNER_EMAIL);
  store.tokens.set(BRIM_DEMO_TOKEN, { token: BRIM_DEMO_TOKEN, kind: 'project', projectId: demo.id, ownerEmail: BRIM_OWNER_EMAIL, active: true });
  store.tokens.set(BRIM_OTHER_TOKEN, { token: BRIM_OTHER_TOKEN, kind: 'project', projectId: other.id, ownerEmail: BRIM_OWNER_EMAIL, active: true });
  store.tokens.set(BRIM_ORG_TOKEN, { token: BRIM_ORG_TOKEN, kind: 'organization', projectId: null, ownerEmail: BRIM_OWNER_EMAIL, active: true });
  store.tokens.set(BRIM_INACTIVE_TOKEN, { token: BRIM_INACTIVE_TOKEN, kind: 'project', projectId: demo.id, ownerEmail: BRIM_OWNER_EMAIL, active: false });
  if (notes === 0) return store;
  // An upload and the generation it started, an hour ago.
  const at = clock.now() - 3_600_000;
  const upload = historyTask(prng.uuid(), demo.id, 'notes-upload', at, { fileName: 'registry_notes.csv' });
  const generation = historyTask(prng.uuid(), demo.id, 'generation', at + 5000, { runningMs: 60_000, settled: { state: 'complete', at: at + 66_000, message: null } });
  upload.childTaskId = generation.id;
  for (const note of syntheticNotes(seed, notes)) {
    const { findings, firstSentence } = findAll(note.text);
    const digest: NoteDigest = {
      noteId: note.noteId, personId: note.personId, datetime: note.datetime, title: note.title, textBytes: Buffer.byteLength(note.text),
      firstSentence, findings, uploadTaskId: upload.id, labelledBy: generation.id,
    };
    const byId = demo.notes.get(note.personId) ?? new Map<string, NoteDigest>();
    byId.set(note.noteId, digest);
    demo.notes.set(note.personId, byId);
    generation.noteKeys.push(noteKey(note.personId, note.noteId));
  }
  store.tasks.set(upload.id, upload);
  store.tasks.set(generation.id, generation);
  return store;
}
