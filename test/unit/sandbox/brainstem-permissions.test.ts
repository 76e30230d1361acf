import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRAINSTEM_USERS, startBrainstemSandbox } from '../../sandbox/brainstem/index.ts';
import type { BrainstemSandbox } from '../../sandbox/brainstem/index.ts';
import { call, recordsOf } from '../../sandbox/brainstem/http-client.ts';

let sandbox: BrainstemSandbox;
let projects: Record<string, string>;
beforeAll(async () => {
  sandbox = await startBrainstemSandbox({ sessions: 30 });
  const all = recordsOf(await call(sandbox.url, 'api/super/stem/project/', { token: BRAINSTEM_USERS.admin.token }), 'projects');
  projects = Object.fromEntries(all.map((project) => [String(project.name), String(project.id)]));
});
afterAll(async () => {
  await sandbox.close();
});

const DENIED = { detail: 'You do not have permission to perform this action.' };

describe('BrainSTEM sandbox: who sees and changes what', () => {
  it('needs a token for the private portal and rejects a bad token even on the public one', async () => {
    const anonymous = await call(sandbox.url, 'api/private/stem/project/');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({ detail: 'Authentication credentials were not provided.' });
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="api"');
    const bad = await call(sandbox.url, 'api/public/stem/project/', { token: 'not-a-token' });
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ code: 'token_not_valid' });
    expect((await call(sandbox.url, 'api/public/stem/project/', { token: sandbox.token })).status).toBe(200);
  });

  it("lists in the private portal only the projects a user belongs to, directly or through a group", async () => {
    const list = async (token: string): Promise<string[]> => recordsOf(await call(sandbox.url, 'api/private/stem/project/', { token }), 'projects').map((p) => String(p.name)).sort();
    expect(await list(BRAINSTEM_USERS.demo.token)).toEqual(['Auditory Cortex Plasticity', 'Hippocampal Replay in Rats', 'Prefrontal Optogenetics Pilot', 'Visual Cortex Two-Photon Imaging']);
    expect(await list(BRAINSTEM_USERS.outsider.token)).toEqual(['Cerebellar Learning Study']);
    expect(await list(BRAINSTEM_USERS.reader.token)).toEqual(['Hippocampal Replay in Rats', 'Prefrontal Optogenetics Pilot', 'Visual Cortex Two-Photon Imaging']);
  });

  it('hides private records from other users and from the public portal with 404', async () => {
    const cerebellar = projects['Cerebellar Learning Study'] ?? '';
    expect((await call(sandbox.url, `api/private/stem/project/${cerebellar}/`, { token: sandbox.token })).body).toEqual({ detail: 'Not found.' });
    expect((await call(sandbox.url, `api/public/stem/project/${cerebellar}/`)).status).toBe(404);
    const sessions = recordsOf(await call(sandbox.url, 'api/public/stem/session/?limit=100'), 'sessions');
    const publicIds = new Set([projects['Hippocampal Replay in Rats'], projects['Mouse Sleep Spindles Atlas'], projects['Open Ephys Benchmark Recordings']]);
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions.every((s) => (s.projects as string[]).some((id) => publicIds.has(id)))).toBe(true);
    const setups = recordsOf(await call(sandbox.url, 'api/public/personal_attributes/setup/'), 'setups');
    expect(setups.every((setup) => setup.is_public === true)).toBe(true);
  });

  it('does not route invitations, requests or approvals in the public portal', async () => {
    for (const route of ['stem/projectmembershipinvitation/', 'users/groupmembershiprequest/', 'taxonomies/speciesapproval/']) {
      expect((await call(sandbox.url, `api/public/${route}`, { token: sandbox.token })).status).toBe(404);
    }
  });

  it('refuses writes on the public portal: 401 without a token, 403 with one', async () => {
    const body = { name: 'Public write', projects: [projects['Hippocampal Replay in Rats']] };
    expect((await call(sandbox.url, 'api/public/stem/session/', { method: 'POST', body })).status).toBe(401);
    const withToken = await call(sandbox.url, 'api/public/stem/session/', { method: 'POST', body, token: sandbox.token });
    expect(withToken.status).toBe(403);
    expect(withToken.body).toEqual(DENIED);
  });

  it('lets members read but only contributors write, and only owners delete a project', async () => {
    const visual = projects['Visual Cortex Two-Photon Imaging'] ?? '';
    const reader = BRAINSTEM_USERS.reader.token;
    expect((await call(sandbox.url, `api/private/stem/project/${visual}/`, { token: reader })).status).toBe(200);
    const post = await call(sandbox.url, 'api/private/stem/session/', { method: 'POST', token: reader, body: { name: 'Reader session', projects: [visual] } });
    expect(post.status).toBe(403);
    expect(post.body).toEqual(DENIED);
    const session = recordsOf(await call(sandbox.url, `api/private/stem/session/?filter{projects}=${visual}&limit=1`, { token: reader }), 'sessions')[0];
    expect((await call(sandbox.url, `api/private/stem/session/${String(session?.id)}/`, { method: 'PATCH', token: reader, body: { description: 'x' } })).status).toBe(403);
    expect((await call(sandbox.url, `api/private/stem/session/${String(session?.id)}/`, { method: 'DELETE', token: reader })).status).toBe(403);
    // Through the Okafor Lab group the reader can change the optogenetics project's records.
    const opto = projects['Prefrontal Optogenetics Pilot'] ?? '';
    const created = await call(sandbox.url, 'api/private/stem/session/', { method: 'POST', token: reader, body: { name: 'Group contributor session', projects: [opto] } });
    expect(created.status).toBe(201);
    expect((await call(sandbox.url, `api/private/stem/project/${opto}/`, { method: 'DELETE', token: reader })).status).toBe(403);
  });

  it('keeps brain regions admin-only and taxonomy deletes admin-only', async () => {
    const region = await call(sandbox.url, 'api/private/taxonomies/brainregion/', { method: 'POST', token: sandbox.token, body: { name: 'Claustrum', acronym: 'CLA', atlas: 'AIA' } });
    expect(region.status).toBe(403);
    const species = recordsOf(await call(sandbox.url, 'api/private/taxonomies/species/', { token: sandbox.token }), 'species')[0];
    expect((await call(sandbox.url, `api/private/taxonomies/species/${String(species?.id)}/`, { method: 'DELETE', token: sandbox.token })).status).toBe(403);
    const admin = await call(sandbox.url, 'api/private/taxonomies/brainregion/', { method: 'POST', token: BRAINSTEM_USERS.admin.token, body: { name: 'Claustrum', acronym: 'CLA', atlas: 'AIA' } });
    expect(admin.status).toBe(201);
  });

  it('lets users change only their own user record and refuses to create users', async () => {
    const me = BRAINSTEM_USERS.demo.id;
    const own = await call(sandbox.url, `api/private/users/user/${me}/`, { method: 'PATCH', token: sandbox.token, body: { website: 'https://okafor.lab.example' } });
    expect(own.status).toBe(200);
    expect((await call(sandbox.url, `api/private/users/user/${BRAINSTEM_USERS.reader.id}/`, { method: 'PATCH', token: sandbox.token, body: { website: 'x' } })).status).toBe(403);
    expect((await call(sandbox.url, 'api/private/users/user/', { method: 'POST', token: sandbox.token, body: { email: 'new@lab.example' } })).status).toBe(405);
  });

  it('restricts the super portal to administrators', async () => {
    expect((await call(sandbox.url, 'api/super/stem/project/', { token: sandbox.token })).status).toBe(403);
    expect(recordsOf(await call(sandbox.url, 'api/super/stem/project/', { token: BRAINSTEM_USERS.admin.token }), 'projects')).toHaveLength(7);
  });
});
