import { afterEach, describe, expect, it } from 'vitest';
import { brainstemModel, brainstemModels } from '../../../main/services/connectors/brainstem/catalogue.ts';
import { startBrainstemCore, type BrainstemCore } from '../../helpers/brainstem-test-core.ts';
import { serverIds, sorted, syncJob, tableRows } from './brainstem-sync-support.ts';

const opened: BrainstemCore[] = [];
afterEach(async () => {
  for (const c of opened.splice(0)) await c.close();
});

async function start(options: Parameters<typeof startBrainstemCore>[0] = {}): Promise<BrainstemCore> {
  const c = await startBrainstemCore({ sessions: 60, ...options });
  opened.push(c);
  return c;
}

/** meta.total_results of a model's list, asked with plain HTTP. */
async function serverTotal(c: BrainstemCore, portal: 'private' | 'public', model: string, token: string | null): Promise<number | null> {
  const entry = brainstemModel(model);
  const response = await fetch(`${c.sandbox.url}api/${portal}/${entry.app}/${entry.name}/?limit=1`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (response.status === 404) return null;
  const body = (await response.json()) as { meta: { total_results: number } };
  return body.meta.total_results;
}

describe('syncing a BrainSTEM portal into the offline cache', () => {
  it('caches every model of the private portal, each as a table with as many rows as the server lists', async () => {
    const c = await start();
    const job = await syncJob(c);
    expect(job.state).toBe('succeeded');
    expect(job.result).toMatchObject({ kind: 'sync', mode: 'full', skipped: [] });
    const overview = await c.call('brainstem.overview', { connectionId: c.connectionId });
    const models = overview.apps.flatMap((app) => app.models);
    expect(models.map((m) => m.model).sort()).toEqual(brainstemModels().map((m) => m.name).sort());
    for (const model of models) {
      expect(model.availability, model.model).toBe('ok');
      expect(model.rowCount, model.model).toBe(await serverTotal(c, 'private', model.model, c.sandbox.token));
    }
    const byName = new Map(models.map((m) => [m.model, m.rowCount]));
    // The demo user owns three projects and reads a fourth; 60 sessions are hers, each with a behavior and an acquisition.
    expect([byName.get('project'), byName.get('session'), byName.get('behavior'), byName.get('dataacquisition')]).toEqual([4, 60, 60, 60]);
    expect(job.result?.kind === 'sync' && job.result.records).toBe([...byName.values()].reduce((a, b) => a + b, 0));
    // Every session exactly once, with the ids the server has.
    const sessions = await tableRows(c, 'bs_private_session');
    expect(sorted(sessions.rows.map((row) => row.id))).toEqual(sorted(await serverIds(c, 'private', 'stem', 'session', 'sessions')));
    expect(c.events.filter((e) => e.name === 'dataset.changed').map((e) => (e.payload as { dataset: string }).dataset)).toContain('bs_private_session');
  });

  it('shows related records by name, numbers as numbers and JSON as compact text', async () => {
    const c = await start({ sessions: 12 });
    await syncJob(c);
    const subjects = await tableRows(c, 'bs_private_subject');
    expect(subjects.columns.slice(0, 3)).toEqual(['id', 'label', 'name']);
    const r01 = subjects.rows.find((row) => row.name === 'R01')!;
    expect(r01).toMatchObject({ label: 'R01', projects: 'Hippocampal Replay in Rats', strain: 'Long-Evans', supplier: 'Charles River Laboratories', sex: 'F', extra_fields: '{"ear_tag":"R1"}' });
    expect(r01.procedures).toMatch(/^SiliconProbeImplant · R01$/);
    expect(r01.subjectlogs).toBe('Weighing · R01; Housing · R01');
    const view = await c.call('records.openView', { connectionId: c.connectionId, dataset: 'bs_private_breeding', mode: 'label', sort: [], filter: '' });
    expect(view.columns.find((col) => col.name === 'litter_size')).toMatchObject({ numeric: true });
    const label = await tableRows(c, 'bs_private_subject', { mode: 'label' });
    expect(label.rows.find((row) => row.name === 'R01')!.sex).toBe('Female');
  });

  it('syncs the public portal anonymously: only public projects and what hangs under them', async () => {
    const c = await start({ portal: 'public', signIn: false });
    const job = await syncJob(c);
    expect(job.state).toBe('succeeded');
    const overview = await c.call('brainstem.overview', { connectionId: c.connectionId });
    expect(overview.portal).toBe('public');
    const models = overview.apps.flatMap((app) => app.models);
    expect(models.every((m) => m.dataset.startsWith('bs_public_'))).toBe(true);
    // Invitations are private by nature: the public portal does not offer them.
    expect(models.map((m) => m.model)).not.toContain('projectmembershipinvitation');
    const byName = new Map(models.map((m) => [m.model, m]));
    expect(byName.get('project')!.rowCount).toBe(c.sandbox.publicProjects);
    for (const model of models) {
      const total = await serverTotal(c, 'public', model.model, null);
      // Approval queues are not routed in the public portal.
      if (total === null) expect([model.model, model.availability]).toEqual([model.model, 'not-applicable']);
      else expect([model.model, model.rowCount]).toEqual([model.model, total]);
    }
    const projects = await tableRows(c, 'bs_public_project');
    expect(sorted(projects.rows.map((row) => row.name))).toEqual(['Hippocampal Replay in Rats', 'Mouse Sleep Spindles Atlas', 'Open Ephys Benchmark Recordings']);
  });

  it('syncs only the models asked for, and refuses a model name it does not know before starting', async () => {
    const c = await start({ sessions: 8 });
    const job = await syncJob(c, ['session', 'project']);
    expect(job.state).toBe('succeeded');
    const overview = await c.call('brainstem.overview', { connectionId: c.connectionId });
    const synced = overview.apps.flatMap((app) => app.models).filter((m) => m.availability !== 'not-synced').map((m) => m.model);
    expect(synced.sort()).toEqual(['project', 'session']);
    // Acquisitions were not synced, so the sessions' acquisitions come along (include[]) to be shown by name.
    const sessions = await tableRows(c, 'bs_private_session');
    const first = sessions.rows.find((row) => row.name.startsWith('R01_'))!;
    expect(first.dataacquisition).toBe(`ExtracellularEphys · ${first.name}`);
    const refused = await c.reply('sync.start', { connectionId: c.connectionId, models: ['sesion'] });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('sesion') });
  });

  it('fails the sync with a sign-in prompt when the private portal has no sign-in, leaving the cache empty', async () => {
    const c = await start({ sessions: 4, signIn: false });
    const job = await syncJob(c);
    expect(job.state).toBe('failed');
    expect(job.error).toMatchObject({ code: 'NO_TOKEN', details: { signIn: true } });
    const overview = await c.call('brainstem.overview', { connectionId: c.connectionId });
    expect(overview.apps.flatMap((a) => a.models).every((m) => m.availability === 'not-synced')).toBe(true);
  });

  it('counts records the server no longer lists as deleted, and drops them from the cache', async () => {
    const c = await start({ sessions: 8 });
    await syncJob(c);
    const before = await tableRows(c, 'bs_private_collection');
    const gone = before.rows.find((row) => row.label === 'R highlights')!.id;
    const response = await fetch(`${c.sandbox.url}api/private/stem/collection/${gone}/`, { method: 'DELETE', headers: { authorization: `Bearer ${c.sandbox.token}` } });
    expect(response.status).toBe(204);
    const job = await syncJob(c);
    expect(job.result).toMatchObject({ kind: 'sync', deleted: 1 });
    const after = await tableRows(c, 'bs_private_collection');
    expect(after.rows.map((row) => row.id)).not.toContain(gone);
    expect(after.total).toBe(before.total - 1);
  });
});
