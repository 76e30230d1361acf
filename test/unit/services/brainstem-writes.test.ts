import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrainstemCore, CallError, type BrainstemCore } from '../../helpers/brainstem-test-core.ts';
import { syncJob, tableRows } from './brainstem-sync-support.ts';

let c: BrainstemCore;
beforeAll(async () => {
  c = await startBrainstemCore({ sessions: 12 });
  expect((await syncJob(c)).state).toBe('succeeded');
});
afterAll(async () => {
  await c.close();
});

async function failure(promise: Promise<unknown>): Promise<CallError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (!(error instanceof CallError)) throw new Error(`expected a failed call, got ${String(error)}`);
  return error;
}

const posts = (): number => Object.entries(c.sandbox.stats()).filter(([key]) => key.startsWith('POST ') || key.startsWith('PATCH ') || key.startsWith('PUT ')).reduce((n, [, v]) => n + v, 0);

async function row(dataset: string, id: string): Promise<Record<string, string> | undefined> {
  return (await tableRows(c, dataset)).rows.find((r) => r.id === id);
}

async function project(name: string): Promise<string> {
  return (await tableRows(c, 'bs_private_project')).rows.find((r) => r.name === name)!.id;
}

function changedEvents(dataset: string): number {
  return c.events.filter((e) => e.name === 'dataset.changed' && (e.payload as { dataset: string }).dataset === dataset).length;
}

describe('checks before anything is sent', () => {
  it('answers every missing required field at once, like the server would, without a request', async () => {
    const before = posts();
    const error = await failure(c.call('brainstem.create', { connectionId: c.connectionId, model: 'session', values: { description: 'no name' } }));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toMatch(/Nothing was sent to BrainSTEM/);
    expect(error.details).toEqual({ fields: { name: ['This field is required.'], projects: ['This field is required.'] } });
    expect(posts()).toBe(before);
  });

  it('refuses unknown, read-only and create-only fields, wrong types, lengths, choices and JSON shapes', async () => {
    const projectId = await project('Hippocampal Replay in Rats');
    const error = await failure(c.call('brainstem.create', {
      connectionId: c.connectionId, model: 'session',
      values: { name: 'x'.repeat(101), projects: [projectId], colour: 'red', behaviors: [], date_time: 'yesterday', extra_fields: ['a'], download_links: [{ repository: 'Dropbox', url: 'https://x.org' }] },
    }));
    expect(error.details?.fields).toEqual({
      name: ['Ensure this field has no more than 100 characters.'],
      colour: ['A session has no field "colour".'],
      behaviors: ['This field is read-only: BrainSTEM sets it.'],
      date_time: ['Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].'],
      extra_fields: ['Expected a dictionary of items but got type "list".'],
      download_links: ['"Dropbox" is not a valid choice.'],
    });
    const log = (await tableRows(c, 'bs_private_subjectlog')).rows[0]!.id;
    const typeChange = await failure(c.call('brainstem.update', { connectionId: c.connectionId, model: 'subjectlog', id: log, values: { type: 'Wellness', description: 'x' } }));
    expect(typeChange.details?.fields).toEqual({ type: ['This field can only be set when the record is created.'] });
    const sex = await failure(c.call('brainstem.update', { connectionId: c.connectionId, model: 'subject', id: (await tableRows(c, 'bs_private_subject')).rows[0]!.id, values: { sex: 'X', projects: 'abc' } }));
    expect(sex.details?.fields).toEqual({ sex: ['"X" is not a valid choice.'], projects: ['Expected a list of items but got type "str".'] });
  });
});

describe('writes through the server that show in the cache at once', () => {
  it('creates a session (POST) and shows it in its table and under its project without a sync', async () => {
    const projectId = await project('Hippocampal Replay in Rats');
    const events = changedEvents('bs_private_session');
    const result = await c.call('brainstem.create', { connectionId: c.connectionId, model: 'session', values: { name: 'R01_new_session', projects: [projectId], date_time: '2024-07-01T10:00:00Z', tags: ['pilot'] } });
    expect(result.approval).toBeNull();
    expect(result.record).toMatchObject({ model: 'session', label: 'R01_new_session', source: 'server', values: { name: 'R01_new_session', description: '' } });
    expect(result.record!.relations.find((r) => r.field === 'projects')!.links).toEqual([{ id: projectId, label: 'Hippocampal Replay in Rats', cached: true }]);
    const id = result.record!.id;
    expect(await row('bs_private_session', id)).toMatchObject({ name: 'R01_new_session', projects: 'Hippocampal Replay in Rats', tags: 'pilot' });
    expect(changedEvents('bs_private_session')).toBe(events + 1);
    // The project's read-only list of sessions follows, in its row and its record.
    expect((await row('bs_private_project', projectId))!.sessions).toContain('R01_new_session');
    const projectRecord = await c.call('brainstem.record', { connectionId: c.connectionId, model: 'project', id: projectId });
    expect(projectRecord.relations.find((r) => r.field === 'sessions')!.links.map((l) => l.id)).toContain(id);
    expect((await c.call('brainstem.search', { connectionId: c.connectionId, model: 'session', text: 'r01_new' })).map((h) => h.id)).toEqual([id]);
  });

  it('maps the server\'s own field errors (HTTP 400) per field, the same way', async () => {
    const projectId = await project('Hippocampal Replay in Rats');
    const taken = (await tableRows(c, 'bs_private_session')).rows[0]!.name;
    const error = await failure(c.call('brainstem.create', { connectionId: c.connectionId, model: 'session', values: { name: taken, projects: [projectId] } }));
    expect(error.code).toBe('VALIDATION');
    expect(error.details?.fields).toEqual({ name: ['session with this name already exists.'] });
    expect(error.message).toMatch(/BrainSTEM did not accept the session/);
  });

  it('changes some fields (PATCH), replaces a record (PUT) and deletes it, the table following each time', async () => {
    const projectId = await project('Prefrontal Optogenetics Pilot');
    const created = await c.call('brainstem.create', { connectionId: c.connectionId, model: 'collection', values: { name: 'Talk sessions', project: projectId, description: 'first' } });
    const id = created.record!.id;
    const rowsBefore = (await tableRows(c, 'bs_private_collection')).total;
    const patched = await c.call('brainstem.update', { connectionId: c.connectionId, model: 'collection', id, values: { description: 'second' } });
    expect(patched.record!.values).toMatchObject({ name: 'Talk sessions', description: 'second' });
    expect(await row('bs_private_collection', id)).toMatchObject({ description: 'second', project: 'Prefrontal Optogenetics Pilot' });
    // PUT: fields left out go back to their defaults on the server.
    const replaced = await c.call('brainstem.update', { connectionId: c.connectionId, model: 'collection', id, values: { name: 'Talk sessions v2', project: projectId }, replace: true });
    expect(replaced.record!.values).toMatchObject({ name: 'Talk sessions v2' });
    expect(await row('bs_private_collection', id)).toMatchObject({ label: 'Talk sessions v2', name: 'Talk sessions v2' });
    const putWithoutName = await failure(c.call('brainstem.update', { connectionId: c.connectionId, model: 'collection', id, values: { description: 'x' }, replace: true }));
    expect(putWithoutName.details?.fields).toEqual({ name: ['This field is required.'], project: ['This field is required.'] });
    expect((await tableRows(c, 'bs_private_collection')).total).toBe(rowsBefore);
    expect(await c.call('brainstem.delete', { connectionId: c.connectionId, model: 'collection', id })).toEqual({ deleted: true });
    expect(await row('bs_private_collection', id)).toBeUndefined();
    expect((await tableRows(c, 'bs_private_collection')).total).toBe(rowsBefore - 1);
    expect((await failure(c.call('brainstem.record', { connectionId: c.connectionId, model: 'collection', id }))).code).toBe('NOT_FOUND');
    expect((await row('bs_private_project', projectId))!.collections).not.toContain('Talk sessions');
  });

  it('passes on the server\'s refusal when the account may not change a record', async () => {
    // The demo user only reads the auditory project (through her group).
    const session = (await tableRows(c, 'bs_private_session')).rows.find((r) => r.projects === 'Auditory Cortex Plasticity')!;
    const error = await failure(c.call('brainstem.update', { connectionId: c.connectionId, model: 'session', id: session.id, values: { description: 'mine now' } }));
    expect(error.code).toBe('FORBIDDEN');
    expect((await row('bs_private_session', session.id))!.description).toBe(session.description);
  });

  it('queues a change to a moderated model for review and answers with the approval request', async () => {
    const before = (await tableRows(c, 'bs_private_speciesapproval')).total;
    const result = await c.call('brainstem.create', { connectionId: c.connectionId, model: 'species', values: { name: 'Octopus vulgaris', description: 'Common octopus' } });
    expect(result).toEqual({ record: null, approval: { id: expect.any(String), status: 'Pending' } });
    const approvals = await tableRows(c, 'bs_private_speciesapproval');
    expect(approvals.total).toBe(before + 1);
    expect(approvals.rows.find((r) => r.id === result.approval!.id)).toMatchObject({ label: 'Octopus vulgaris · Add · Pending', status: 'Pending' });
    expect((await tableRows(c, 'bs_private_species')).rows.map((r) => r.name)).not.toContain('Octopus vulgaris');
  });
});

describe('log entries and actions', () => {
  it('adds, changes and removes entries of a subject log, keyed by date (interval types by start)', async () => {
    const logs = (await tableRows(c, 'bs_private_subjectlog')).rows;
    const weighing = logs.find((r) => r.label.startsWith('Weighing · R01'))!;
    const added = await c.call('brainstem.logEntry', { connectionId: c.connectionId, model: 'subjectlog', id: weighing.id, change: 'add', entry: { date_time: '2024-03-01T08:30:00Z', notes: 'after fasting', details: { weight: 25.5 } } });
    const entries = (): Array<Record<string, unknown>> => added.record!.values.entries as Array<Record<string, unknown>>;
    expect(entries()).toContainEqual({ date_time: '2024-03-01T08:30:00Z', notes: 'after fasting', details: { weight: 25.5 } });
    const changed = await c.call('brainstem.logEntry', { connectionId: c.connectionId, model: 'subjectlog', id: weighing.id, change: 'change', entry: { date_time: '2024-03-01T08:30:00Z', details: { weight: 26 } } });
    expect(changed.record!.values.entries).toContainEqual(expect.objectContaining({ date_time: '2024-03-01T08:30:00Z', details: { weight: 26 } }));
    expect((await row('bs_private_subjectlog', weighing.id))!.entries).toContain('"weight":26');
    const removed = await c.call('brainstem.logEntry', { connectionId: c.connectionId, model: 'subjectlog', id: weighing.id, change: 'remove', entry: { date_time: '2024-03-01T08:30:00Z' } });
    expect((removed.record!.values.entries as unknown[]).length).toBe(entries().length - 1);
    const cached = await c.call('brainstem.record', { connectionId: c.connectionId, model: 'subjectlog', id: weighing.id });
    expect(cached.values.entries).toEqual(removed.record!.values.entries);

    const housing = logs.find((r) => r.label.startsWith('Housing · R01'))!;
    const missingStart = await failure(c.call('brainstem.logEntry', { connectionId: c.connectionId, model: 'subjectlog', id: housing.id, change: 'add', entry: { date_time: '2024-03-01T08:30:00Z' } }));
    expect(missingStart.details?.fields).toEqual({ 'entries.start_date_time': ['This field is required.'] });
    const interval = await c.call('brainstem.logEntry', { connectionId: c.connectionId, model: 'subjectlog', id: housing.id, change: 'add', entry: { start_date_time: '2024-04-01T09:00:00Z', end_date_time: '2024-04-10T09:00:00Z', notes: 'pair housed' } });
    expect(interval.record!.values.entries).toContainEqual(expect.objectContaining({ start_date_time: '2024-04-01T09:00:00Z', end_date_time: '2024-04-10T09:00:00Z' }));
    const unknown = await failure(c.call('brainstem.logEntry', { connectionId: c.connectionId, model: 'subjectlog', id: weighing.id, change: 'remove', entry: { date_time: '1999-01-01T00:00:00Z' } }));
    expect(unknown.details?.fields).toEqual({ 'entries.date_time': [expect.stringContaining('No entry')] });
  });

  it('accepts an invitation (it leaves the cache) and asks to join a group (the request appears)', async () => {
    const invitation = (await tableRows(c, 'bs_private_projectmembershipinvitation')).rows[0]!;
    // The project she is invited to is not hers yet, so the cache cannot name it.
    expect(invitation.label).toBe('Mira Okafor');
    expect(await c.call('brainstem.action', { connectionId: c.connectionId, model: 'projectmembershipinvitation', id: invitation.id, action: 'accept' })).toEqual({ done: true });
    expect((await tableRows(c, 'bs_private_projectmembershipinvitation')).total).toBe(0);
    const hoffmann = (await tableRows(c, 'bs_private_group')).rows.find((r) => r.name === 'Hoffmann Lab')!;
    const requests = (await tableRows(c, 'bs_private_groupmembershiprequest')).total;
    await c.call('brainstem.action', { connectionId: c.connectionId, model: 'group', id: hoffmann.id, action: 'join' });
    const after = (await tableRows(c, 'bs_private_groupmembershiprequest')).rows;
    expect(after.length).toBe(requests + 1);
    expect(after.map((r) => r.label)).toContain('Mira Okafor · Hoffmann Lab');
    const entryAction = await failure(c.call('brainstem.action', { connectionId: c.connectionId, model: 'subjectlog', id: (await tableRows(c, 'bs_private_subjectlog')).rows[0]!.id, action: 'add_entry' }));
    expect(entryAction.code).toBe('VALIDATION');
  });
});

describe('portals', () => {
  it('refuses changes in the public portal and says where to make them', async () => {
    const pub = await startBrainstemCore({ sessions: 4, portal: 'public', signIn: false });
    try {
      const error = await failure(pub.call('brainstem.create', { connectionId: pub.connectionId, model: 'collection', values: { name: 'x' } }));
      expect(error.code).toBe('VALIDATION');
      expect(error.message).toMatch(/private portal/);
    } finally {
      await pub.close();
    }
  });
});
