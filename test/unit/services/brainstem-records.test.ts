import { afterEach, describe, expect, it } from 'vitest';
import { brainstemAppNames } from '../../../shared/contract/brainstem.ts';
import { startBrainstemCore, CallError, type BrainstemCore } from '../../helpers/brainstem-test-core.ts';
import { syncJob, tableRows } from './brainstem-sync-support.ts';

const opened: BrainstemCore[] = [];
afterEach(async () => {
  for (const c of opened.splice(0)) await c.close();
});

async function synced(options: Parameters<typeof startBrainstemCore>[0] = {}, models?: string[]): Promise<BrainstemCore> {
  const c = await startBrainstemCore({ sessions: 12, ...options });
  opened.push(c);
  expect((await syncJob(c, models)).state).toBe('succeeded');
  return c;
}

async function idOf(c: BrainstemCore, dataset: string, label: string): Promise<string> {
  const row = (await tableRows(c, dataset)).rows.find((r) => r.label === label);
  if (!row) throw new Error(`no ${label} in ${dataset}`);
  return row.id;
}

describe('one BrainSTEM record', () => {
  it('opens from the cache with every relation resolved to names, reverse ones included', async () => {
    const c = await synced();
    const id = await idOf(c, 'bs_private_subject', 'R01');
    const record = await c.call('brainstem.record', { connectionId: c.connectionId, model: 'subject', id });
    expect(record).toMatchObject({ model: 'subject', id, label: 'R01', source: 'cache', syncedAt: expect.any(String) });
    expect(record.values).toMatchObject({ name: 'R01', sex: 'F', extra_fields: { ear_tag: 'R1' } });
    const relation = (field: string) => record.relations.find((r) => r.field === field)!;
    expect(relation('projects')).toMatchObject({ label: 'Projects', model: 'project', links: [{ label: 'Hippocampal Replay in Rats', cached: true }] });
    expect(relation('strain').links).toEqual([{ id: record.values.strain, label: 'Long-Evans', cached: true }]);
    expect(relation('procedures')).toMatchObject({ model: 'procedure', links: [{ label: 'SiliconProbeImplant · R01', cached: true }] });
    expect(relation('subjectlogs').links.map((l) => l.label)).toEqual(['Weighing · R01', 'Housing · R01']);
    expect(relation('breeding').links).toEqual([]);
    // A link opens the related record offline.
    const procedure = await c.call('brainstem.record', { connectionId: c.connectionId, model: 'procedure', id: relation('procedures').links[0]!.id });
    expect(procedure.relations.find((r) => r.field === 'subject')!.links).toEqual([{ id, label: 'R01', cached: true }]);
  });

  it('reads a fresh copy from the server on request and updates the cache with it', async () => {
    const c = await synced();
    const id = await idOf(c, 'bs_private_session', (await tableRows(c, 'bs_private_session')).rows[0]!.label);
    await fetch(`${c.sandbox.url}api/private/stem/session/${id}/`, {
      method: 'PATCH', headers: { authorization: `Bearer ${c.sandbox.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ description: 'Changed on the web' }),
    });
    expect((await c.call('brainstem.record', { connectionId: c.connectionId, model: 'session', id })).values.description).not.toBe('Changed on the web');
    const fresh = await c.call('brainstem.record', { connectionId: c.connectionId, model: 'session', id, refresh: true });
    expect(fresh).toMatchObject({ source: 'server', values: { description: 'Changed on the web' } });
    // Relations stay ids in the values even though the default includes sent the objects along.
    expect(typeof (fresh.values.behaviors as unknown[])[0]).toBe('string');
    expect(fresh.relations.find((r) => r.field === 'dataacquisition')!.links[0]!.label).toMatch(/^ExtracellularEphys · /);
    expect((await tableRows(c, 'bs_private_session')).rows.find((row) => row.id === id)!.description).toBe('Changed on the web');
    expect(c.events.some((e) => e.name === 'dataset.changed' && (e.payload as { dataset: string }).dataset === 'bs_private_session')).toBe(true);
  });

  it('labels relations to records that are not cached with what the server sent along, else their ids', async () => {
    const c = await synced({}, ['session']);
    const id = (await tableRows(c, 'bs_private_session')).rows[0]!.id;
    const cached = await c.call('brainstem.record', { connectionId: c.connectionId, model: 'session', id });
    const projects = cached.relations.find((r) => r.field === 'projects')!.links;
    expect(projects).toEqual([{ id: expect.any(String), label: projects[0]!.id, cached: false }]);
    const fresh = await c.call('brainstem.record', { connectionId: c.connectionId, model: 'session', id, refresh: true });
    expect(fresh.relations.find((r) => r.field === 'behaviors')!.links[0]).toMatchObject({ cached: false, label: expect.stringContaining(fresh.label) });
  });

  it('says when a record is not in the cache, and drops one the server no longer has', async () => {
    const c = await synced();
    const missing = await c.reply('brainstem.record', { connectionId: c.connectionId, model: 'session', id: '00000000-0000-4000-8000-000000000000' });
    expect(!missing.ok && missing.error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('not in the offline cache') });
    const id = (await tableRows(c, 'bs_private_collection')).rows.find((row) => row.label === 'R highlights')!.id;
    await fetch(`${c.sandbox.url}api/private/stem/collection/${id}/`, { method: 'DELETE', headers: { authorization: `Bearer ${c.sandbox.token}` } });
    const gone = await c.call('brainstem.record', { connectionId: c.connectionId, model: 'collection', id, refresh: true }).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(CallError);
    expect((gone as CallError).code).toBe('NOT_FOUND');
    expect((await tableRows(c, 'bs_private_collection')).rows.map((row) => row.id)).not.toContain(id);
  });
});

describe('finding records and the overview', () => {
  it('searches cached records by name, ignoring case and accents, best matches first', async () => {
    const c = await synced();
    const hits = await c.call('brainstem.search', { connectionId: c.connectionId, model: 'subject', text: 'r0', limit: 3 });
    expect(hits).toEqual([{ id: expect.any(String), label: 'R01', cached: true }, expect.objectContaining({ label: 'R02' }), expect.objectContaining({ label: 'R03' })]);
    expect((await c.call('brainstem.search', { connectionId: c.connectionId, model: 'user', text: 'TOMAS' })).map((h) => h.label)).toEqual(['Tomás Reyes']);
    expect((await c.call('brainstem.search', { connectionId: c.connectionId, model: 'project', text: 'replay' })).map((h) => h.label)).toEqual(['Hippocampal Replay in Rats']);
    expect(await c.call('brainstem.search', { connectionId: c.connectionId, model: 'project', text: 'no such thing' })).toEqual([]);
  });

  it('lists apps and models in the reference order with fields, and what can be changed', async () => {
    const c = await startBrainstemCore({ sessions: 4 });
    opened.push(c);
    const before = await c.call('brainstem.overview', { connectionId: c.connectionId });
    expect(before.apps.map((a) => a.app)).toEqual([...brainstemAppNames]);
    expect(before.lastSyncedAt).toBeNull();
    const models = new Map(before.apps.flatMap((a) => a.models).map((m) => [m.model, m]));
    expect(models.get('session')).toMatchObject({
      app: 'stem', label: 'Session', pluralLabel: 'Sessions', dataset: 'bs_private_session', availability: 'not-synced', rowCount: 0, writable: true, moderated: false,
      defaultIncludes: ['dataacquisition', 'behaviors', 'manipulations', 'epochs'],
    });
    expect(models.get('session')!.fields.find((f) => f.name === 'projects')).toMatchObject({ kind: 'relations', required: true, relatedModel: 'project' });
    expect(models.get('subjectlog')).toMatchObject({ actions: ['add_entry', 'change_entry', 'remove_entry'] });
    expect(models.get('subjectlog')!.fields.find((f) => f.name === 'type')).toMatchObject({ kind: 'choice', createOnly: true, required: true });
    expect(models.get('species')).toMatchObject({ moderated: true, writable: true, pluralLabel: 'Species' });
    expect(models.get('brainregion')).toMatchObject({ writable: false });
    expect(models.get('speciesapproval')).toMatchObject({ writable: false, actions: ['accept', 'reject'] });
    expect(models.get('inventory')!.pluralLabel).toBe('Inventories');
    await syncJob(c);
    const after = await c.call('brainstem.overview', { connectionId: c.connectionId });
    expect(after.lastSyncedAt).not.toBeNull();
    expect(after.apps.flatMap((a) => a.models).find((m) => m.model === 'session')).toMatchObject({ availability: 'ok', rowCount: 4 });
  });

  it('offers no changes in the public portal', async () => {
    const c = await startBrainstemCore({ sessions: 4, portal: 'public', signIn: false });
    opened.push(c);
    const overview = await c.call('brainstem.overview', { connectionId: c.connectionId });
    expect(overview.apps.flatMap((a) => a.models).every((m) => !m.writable)).toBe(true);
  });
});
