import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrainstemSandbox } from '../../sandbox/brainstem/index.ts';
import type { BrainstemSandbox } from '../../sandbox/brainstem/index.ts';
import { call, objectOf, recordOf, recordsOf } from '../../sandbox/brainstem/http-client.ts';

let sandbox: BrainstemSandbox;
beforeAll(async () => {
  sandbox = await startBrainstemSandbox({ sessions: 90 });
});
afterAll(async () => {
  await sandbox.close();
});

const get = (path: string) => call(sandbox.url, path, { token: sandbox.token });
const names = (records: Array<Record<string, unknown>>): string[] => records.map((record) => String(record.name));

describe('BrainSTEM sandbox: dynamic-rest query semantics', () => {
  it('filters with operators, ANDs several filters and matches to-many relations by id', async () => {
    const projects = recordsOf(await get('api/private/stem/project/'), 'projects');
    const replay = projects.find((project) => project.name === 'Hippocampal Replay in Rats');
    const byProject = recordsOf(await get(`api/private/stem/session/?filter{projects.id}=${String(replay?.id)}&limit=100`), 'sessions');
    expect(byProject).toHaveLength(30);
    expect(recordsOf(await get(`api/private/stem/session/?filter{projects}=${String(replay?.id)}&limit=100`), 'sessions')).toHaveLength(30);
    const icontains = recordsOf(await get('api/private/stem/session/?filter{name.icontains}=r01_&filter{description.icontains}=MORNING&limit=100'), 'sessions');
    expect(icontains.length).toBeGreaterThan(0);
    expect(icontains.every((s) => String(s.name).startsWith('R01_') && String(s.description).includes('morning'))).toBe(true);
    expect(names(recordsOf(await get('api/private/stem/subject/?filter{name.in}=R01&filter{name.in}=V02'), 'subjects')).sort()).toEqual(['R01', 'V02']);
    expect(recordsOf(await get('api/private/stem/subject/?filter{-name.startswith}=R&limit=100'), 'subjects').some((s) => String(s.name).startsWith('R'))).toBe(false);
    expect(names(recordsOf(await get('api/private/stem/subject/?filter{sex}=F&filter{name.istartswith}=v'), 'subjects'))).toEqual(['V01', 'V03', 'V05']);
    const spring = recordsOf(await get('api/private/stem/session/?filter{date_time.gte}=2024-02-06&filter{date_time.lt}=2024-02-07&limit=100'), 'sessions');
    expect(spring.length).toBeGreaterThan(0);
    expect(spring.every((s) => String(s.date_time).startsWith('2024-02-06'))).toBe(true);
    expect(recordsOf(await get('api/private/stem/session/?filter{date_time.year}=2024&filter{date_time.month}=2&limit=100'), 'sessions').length).toBe(30);
    const ranged = recordsOf(await get('api/private/stem/session/?filter{date_time.range}=2024-02-05&filter{date_time.range}=2024-02-06&limit=100'), 'sessions');
    expect(ranged.length).toBeGreaterThan(0);
    expect(recordsOf(await get('api/private/taxonomies/species/?filter{name.iexact}=MUS MUSCULUS'), 'species')).toHaveLength(1);
    expect(recordsOf(await get('api/private/taxonomies/behavioralcategory/?filter{parent.isnull}=true'), 'behavioral_categories')).toHaveLength(2);
    expect(recordsOf(await get('api/private/stem/subject/?filter{strain.name}=Long-Evans'), 'subjects')).toHaveLength(6);
    expect(recordsOf(await get('api/private/modules/behavior/?filter{subjects.name}=R01&limit=100'), 'behaviors')).toHaveLength(5);
  });

  it('answers unknown and malformed filters with the dynamic-rest 400 bodies', async () => {
    const unknown = await get('api/private/stem/session/?filter{subject}=x');
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual(['Invalid filter field: subject']);
    const malformed = await get('api/private/stem/session/?filter{name=x');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({ detail: '"filter{name" is not a well-formed filter key.' });
    const sort = await get('api/private/stem/session/?sort[]=-start_time');
    expect(sort.status).toBe(400);
    expect(sort.body).toEqual(["Invalid filter field: ['start_time']"]);
    const include = await get('api/private/stem/session/?include[]=subjects.*');
    expect(include.status).toBe(400);
    expect(include.body).toEqual({ detail: '"subjects" is not a valid field name for "session".' });
  });

  it('sorts by several fields, descending, and through relations', async () => {
    const subjects = recordsOf(await get('api/private/stem/subject/?sort[]=-sex&sort[]=name&limit=100'), 'subjects');
    const keys = subjects.map((s) => `${String(s.sex)}${String(s.name)}`);
    expect(keys).toEqual([...keys].sort((a, b) => (a[0] === b[0] ? a.localeCompare(b) : b.localeCompare(a))));
    const desc = names(recordsOf(await get('api/private/stem/session/?sort[]=-name&limit=100'), 'sessions'));
    expect(desc).toEqual([...desc].sort().reverse());
    const byStrain = recordsOf(await get('api/private/stem/subject/?sort[]=strain.name&limit=100'), 'subjects');
    // C57BL/6J < Long-Evans < PV-Cre < Thy1-GCaMP6s: the auditory project's mice come first, the two-photon mice last.
    expect([byStrain[0]?.name, byStrain[byStrain.length - 1]?.name]).toEqual(['A01', 'V06']);
  });

  it('sideloads included relations under their plural keys, records first, and leaves bare includes alone', async () => {
    const reply = await get('api/private/stem/session/?include[]=behaviors.*&include[]=projects.*&limit=5');
    const body = objectOf(reply);
    expect(Object.keys(body)).toEqual(['sessions', 'behaviors', 'projects', 'meta', 'count', 'next', 'previous']);
    const sessions = recordsOf(reply, 'sessions');
    const behaviors = recordsOf(reply, 'behaviors');
    expect(behaviors.map((b) => b.id).sort()).toEqual(sessions.flatMap((s) => s.behaviors as string[]).sort());
    expect(sessions.every((s) => Array.isArray(s.behaviors) && typeof (s.behaviors as unknown[])[0] === 'string')).toBe(true);
    expect(recordsOf(reply, 'projects')).toHaveLength(1);
    const nested = await get('api/private/stem/session/?include[]=behaviors.subjects.*&limit=3');
    expect(Object.keys(objectOf(nested))).toContain('subjects');
    expect(Object.keys(objectOf(await get('api/private/stem/session/?include[]=behaviors&limit=3')))).toEqual(['sessions', 'meta', 'count', 'next', 'previous']);
    const detail = await get(`api/private/stem/session/${String(sessions[0]?.id)}/?include[]=dataacquisition.*`);
    expect(Object.keys(objectOf(detail))).toEqual(['session', 'data_acquisitions']);
    expect(recordOf(detail, 'session').id).toBe(sessions[0]?.id);
  });

  it('pages with limit/offset (default 20, max 100) and reports meta, count, next and previous', async () => {
    const first = await get('api/private/stem/session/');
    expect(recordsOf(first, 'sessions')).toHaveLength(20);
    expect(objectOf(first).meta).toEqual({ page: 1, per_page: 20, total_pages: 5, total_results: 90 });
    expect(objectOf(first).count).toBe(90);
    expect(objectOf(first).previous).toBeNull();
    const next = String(objectOf(first).next);
    expect(next).toBe(`${sandbox.url}api/private/stem/session/?limit=20&offset=20`);
    const second = await call(next, '', { token: sandbox.token });
    expect(objectOf(second).previous).toBe(`${sandbox.url}api/private/stem/session/?limit=20`);
    const last = await get('api/private/stem/session/?limit=40&offset=80');
    expect(recordsOf(last, 'sessions')).toHaveLength(10);
    expect(objectOf(last).next).toBeNull();
    expect(objectOf(last).meta).toEqual({ page: 3, per_page: 40, total_pages: 3, total_results: 90 });
    expect(recordsOf(await get('api/private/stem/session/?limit=500'), 'sessions')).toHaveLength(90);
    expect(objectOf(await get('api/private/stem/session/?limit=500')).meta).toMatchObject({ per_page: 100 });
    const alias = await get('api/private/stem/session/?per_page=10&page=3');
    expect(objectOf(alias).meta).toEqual({ page: 3, per_page: 10, total_pages: 9, total_results: 90 });
    const all: string[] = [];
    for (let offset = 0; offset < 90; offset += 25) all.push(...names(recordsOf(await get(`api/private/stem/session/?limit=25&offset=${offset}`), 'sessions')));
    expect(new Set(all).size).toBe(90);
  });

  it('reads raw brackets and percent-encoded ones the same way', async () => {
    const raw = await get('api/private/stem/session/?filter{name.icontains}=V0&sort[]=-name&include[]=behaviors.*&limit=7');
    const encoded = await get('api/private/stem/session/?filter%7Bname.icontains%7D=V0&sort%5B%5D=-name&include%5B%5D=behaviors.%2A&limit=7');
    expect(encoded.text).toBe(raw.text);
  });

  it('drops fields with exclude[]', async () => {
    const reply = await get('api/private/stem/project/?exclude[]=*&include[]=name&limit=1');
    expect(Object.keys(recordsOf(reply, 'projects')[0] ?? {})).toEqual(['id', 'name']);
    const some = await get('api/private/stem/project/?exclude[]=users&exclude[]=groups&limit=1');
    expect(Object.keys(recordsOf(some, 'projects')[0] ?? {})).not.toContain('users');
  });
});

describe('BrainSTEM sandbox: envelope switches', () => {
  it('can use dynamic-rest key order, hide count/next/previous and leave meta off private lists', async () => {
    const strict = await startBrainstemSandbox({ sessions: 5, strictKeyOrder: true, countNextPrevious: false, metaOnPrivate: false });
    try {
      const reply = await call(strict.url, 'api/private/stem/session/?include[]=behaviors.*', { token: strict.token });
      expect(Object.keys(objectOf(reply))).toEqual(['behaviors', 'sessions']);
      expect(Object.keys(objectOf(await call(strict.url, 'api/public/stem/project/')))).toEqual(['projects', 'meta']);
    } finally {
      await strict.close();
    }
  });

  it('embeds a relation instead of sideloading it when asked to', async () => {
    const embedded = await startBrainstemSandbox({ sessions: 5, embed: ['session.datastorage'] });
    try {
      const reply = await call(embedded.url, 'api/private/stem/session/?include[]=datastorage.*&limit=1', { token: embedded.token });
      const session = recordsOf(reply, 'sessions')[0];
      expect((session?.datastorage as Array<Record<string, unknown>>)[0]?.name).toBe('Okafor lab NAS');
      expect(Object.keys(objectOf(reply))).not.toContain('datastorages');
    } finally {
      await embedded.close();
    }
  });
});
