import { afterEach, describe, expect, it } from 'vitest';
import { startBrimSandbox } from '../../sandbox/brim/index.ts';
import type { BrimSandbox } from '../../sandbox/brim/index.ts';
import { NOTES_HEADER, call, notesCsv, streamUpload, upload } from './brim-http.ts';

const running: BrimSandbox[] = [];
async function sandbox(options: Parameters<typeof startBrimSandbox>[0] = {}): Promise<BrimSandbox> {
  const started = await startBrimSandbox(options);
  running.push(started);
  return started;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

const NOTES = notesCsv([
  ['A1', 'P1', '2024-03-01T09:30:00Z', 'Former smoker. Biopsy confirmed adenocarcinoma.', 'Consult'],
  ['A2', 'P1', '2024-03-15 10:00', 'Mass measuring 2.4 cm, with "spiculated" margins.\nNo evidence of distant metastasis.', 'CT Chest'],
  ['B1', 'P2', '2024-04-02', 'Diagnosed on 2024-03-28 after imaging.', 'Progress Note'],
]);

describe('Brim sandbox: uploads', () => {
  it('takes a notes CSV with columns in any order and case and returns all four ids (2026 envelope)', async () => {
    const s = await sandbox();
    const shuffled = 'note_text,Note_Id,PERSON_id,note_title,NOTE_DATETIME\n"Never smoked.",X1,P9,Visit,2024-01-01\n';
    const answer = await upload(s.url, s.token, 'upload/csv/', { project_id: String(s.projectId), generate_after_upload: 'False' }, { name: 'mixed.csv', content: shuffled });
    expect(answer.status).toBe(200);
    const body = answer.json() as { status: string; data: Record<string, unknown> };
    expect(body.status).toBe('success');
    expect(body.data.original_filename).toBe('mixed.csv');
    expect(body.data.generation_task_id).toBeNull();
    expect(body.data.api_session_id).toBe(body.data.upload_task_id);
    expect(s.store().projects.get(s.projectId)?.notes.get('P9')?.get('X1')?.datetime).toBe('2024-01-01 00:00:00');
  });

  it('reads generate_after_upload case-insensitively and then hands the generation id as the 2025 handle', async () => {
    const s = await sandbox();
    for (const flag of ['True', 'true', '1', 'on']) {
      const data = (await upload(s.url, s.token, 'upload/csv/', { project_id: String(s.projectId), generate_after_upload: flag }, { name: 'n.csv', content: NOTES })).json().data as Record<string, string>;
      expect(typeof data.generation_task_id).toBe('string');
      expect(data.api_session_id).toBe(data.generation_task_id);
    }
    const bad = await upload(s.url, s.token, 'upload/csv/', { project_id: String(s.projectId), generate_after_upload: 'maybe' }, { name: 'n.csv', content: NOTES });
    expect(bad.status).toBe(400);
  });

  it('answers the 2025 generation without the status key', async () => {
    const s = await sandbox({ generation: '2025' });
    const body = (await upload(s.url, s.token, 'upload/csv/', { project_id: String(s.projectId) }, { name: 'n.csv', content: NOTES })).json();
    expect(Object.keys(body)).toEqual(['data']);
    expect((body.data as Record<string, unknown>).original_filename).toBe('n.csv');
  });

  it('rejects the whole file with Brim\'s messages: missing columns, a duplicate NOTE_ID per patient, bad dates, empty titles', async () => {
    const s = await sandbox();
    const send = (content: string) => upload(s.url, s.token, 'upload/csv/', { project_id: String(s.projectId) }, { name: 'bad.csv', content });
    const before = s.store().noteCount(s.store().projects.get(s.projectId)!);
    const missing = await send('NOTE_ID,PERSON_ID,NOTE_TEXT\n1,2,x\n');
    expect(missing.status).toBe(400);
    expect(missing.json().detail).toMatch(/^Missing required column\(s\): NOTE_DATETIME, NOTE_TITLE\./);
    const duplicate = await send(notesCsv([['A1', 'P1', '2024-01-01', 'x', 't'], ['A1', 'P2', '2024-01-01', 'y', 't'], ['A1', 'P1', '2024-01-02', 'z', 't']]));
    expect(duplicate.json()).toEqual({ detail: "Document ID 'A1' for patient MRN 'P1' appears multiple times in the file" });
    expect((await send(notesCsv([['A1', 'P1', '03/04/2024', 'x', 't']]))).json().detail).toMatch(/^Invalid NOTE_DATETIME for document ID 'A1'/);
    expect((await send(notesCsv([['A1', 'P1', '2024-01-01', 'x', ' ']]))).json().detail).toMatch(/NOTE_TITLE is empty/);
    expect((await send(`${NOTES_HEADER}"A1","P1","2024-01-01","never closed,t\n`)).json().detail).toMatch(/^Could not read the CSV file/);
    expect((await send('')).json().detail).toBe('The CSV file is empty.');
    expect((await upload(s.url, s.token, 'upload/csv/', { project_id: String(s.projectId) }, { field: 'file', name: 'n.csv', content: NOTES })).json().detail).toBe('csv_file is required.');
    expect(s.store().noteCount(s.store().projects.get(s.projectId)!)).toBe(before);
  });

  it('takes structured data (scope by label or snake case) and refuses unknown scopes', async () => {
    const s = await sandbox();
    const good = 'VALUE,NAME,SCOPE,TYPE,PATIENT_ID,NOTE_ID,NOTE_DATETIME\n62,age,One Label Per Patient,integer,P1,,\n1.5,dose,one_per_note,float,P1,A1,2024-01-01\n';
    const answer = await upload(s.url, s.token, 'upload/structured-data/', { project_id: String(s.projectId) }, { name: 's.csv', content: good });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.json().data as object)).toEqual(['upload_task_id', 'original_filename', 'api_session_id']);
    const bad = await upload(s.url, s.token, 'upload/structured-data/', { project_id: String(s.projectId) }, { name: 's.csv', content: good.replace('one_per_note', 'sometimes') });
    expect(bad.json().detail).toMatch(/^Row 2: unknown SCOPE 'sometimes'/);
  });

  it('takes a resource document and a single note (JSON) when those capabilities are on', async () => {
    const s = await sandbox();
    const resource = await upload(s.url, s.token, 'upload/resource/', { project_id: String(s.projectId), description: 'protocol' }, { field: 'file', name: 'protocol.pdf', content: Buffer.from('%PDF-1.4 fake') });
    expect(resource.status).toBe(200);
    expect(s.store().projects.get(s.projectId)?.resources).toEqual(['protocol.pdf']);
    const note = await call(s.url, s.token, 'upload/note/', { project_id: s.projectId, person_id: 'P5', note_id: 'S1', note_datetime: '2024-05-01 08:00:00', note_title: 'Consult', note_text: 'Never smoked.', generate_after_upload: true });
    expect(note.status).toBe(200);
    expect(typeof (note.json().data as Record<string, unknown>).generation_task_id).toBe('string');
  });

  it('streams a 200 MB notes CSV: counts every byte and row, holds only a small part in memory', async () => {
    const s = await sandbox();
    const text = 'Patient seen in clinic today for follow-up. '.repeat(45);
    const rowsWanted = 100_000;
    function* chunks(): Generator<string> {
      yield NOTES_HEADER;
      let batch = '';
      for (let i = 0; i < rowsWanted; i++) {
        batch += `"N${i}","P${Math.floor(i / 4)}","2024-01-01 10:00:00","${text}Row ${i}.","Progress Note"\n`;
        if (batch.length > 256 * 1024) {
          yield batch;
          batch = '';
        }
      }
      yield batch;
    }
    const answer = await streamUpload(s.url, s.token, { project_id: String(s.projectId) }, 'big.csv', chunks);
    expect(answer.status, answer.text).toBe(200);
    const [seen] = s.uploads().slice(-1);
    expect(seen?.rows).toBe(rowsWanted);
    expect(seen?.bytes).toBeGreaterThan(200_000_000);
    expect(seen?.maxHeldBytes).toBeLessThan(2 * 1024 * 1024);
  }, 120_000);
});
