import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BRAINSTEM_USERS, startBrainstemSandbox } from '../../sandbox/brainstem/index.ts';
import type { BrainstemSandbox } from '../../sandbox/brainstem/index.ts';
import { call, objectOf, recordOf, recordsOf } from '../../sandbox/brainstem/http-client.ts';

let sandbox: BrainstemSandbox;
let replay: string;
beforeEach(async () => {
  sandbox = await startBrainstemSandbox({ sessions: 12 });
  const projects = recordsOf(await call(sandbox.url, 'api/private/stem/project/', { token: sandbox.token }), 'projects');
  replay = String(projects.find((project) => project.name === 'Hippocampal Replay in Rats')?.id);
});
afterEach(async () => {
  await sandbox.close();
});

const as = (method: string, path: string, body?: unknown, token = sandbox.token) => call(sandbox.url, path, { method, token, body });

describe('BrainSTEM sandbox: create, update, replace, delete', () => {
  it('creates a session with 201 and the documented envelope', async () => {
    const reply = await as('POST', 'api/private/stem/session/', { name: 'NewSession', description: 'some text', projects: [replay] });
    expect(reply.status).toBe(201);
    const session = recordOf(reply, 'session');
    expect(session).toMatchObject({
      name: 'NewSession', description: 'some text', epochs: [], projects: [replay], date_time: null, datastorage: [], extra_fields: {},
      download_links: [], dataacquisition: [], behaviors: [], manipulations: [], tags: [],
    });
    expect(String(session.id)).toMatch(/^[0-9a-f-]{36}$/);
    const again = await as('GET', `api/private/stem/session/${String(session.id)}/`);
    expect(recordOf(again, 'session').name).toBe('NewSession');
    const project = recordOf(await as('GET', `api/private/stem/project/${replay}/`), 'project');
    expect(project.sessions).toContain(session.id);
  });

  it('answers missing and invalid fields with DRF field errors, all at once', async () => {
    const empty = await as('POST', 'api/private/stem/session/', {});
    expect(empty.status).toBe(400);
    expect(empty.body).toEqual({ name: ['This field is required.'], projects: ['This field is required.'] });
    const wrong = await as('POST', 'api/private/stem/subject/', {
      name: 'R01', projects: 'not-a-list', sex: 'X', strain: '00000000-0000-4000-8000-000000000000', birth_date: '5 May 2024',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual({
      name: ['subject with this name already exists.'],
      projects: ['Expected a list of items but got type "str".'],
      strain: ['Invalid pk "00000000-0000-4000-8000-000000000000" - object does not exist.'],
      sex: ['"X" is not a valid choice.'],
      birth_date: ['Date has wrong format. Use one of these formats instead: YYYY-MM-DD.'],
    });
    const emptyList = await as('POST', 'api/private/stem/session/', { name: 'No projects', projects: [] });
    expect(emptyList.body).toEqual({ projects: ['This list may not be empty.'] });
    const badLink = await as('POST', 'api/private/stem/session/', { name: 'Bad link', projects: [replay], download_links: [{ repository: 'DANDI', url: 'dandiarchive.org/x' }] });
    expect(badLink.body).toEqual({ download_links: ['Enter a valid URL.'] });
  });

  it('updates partially with PATCH, needs required fields on PUT, and ignores read-only and unknown keys', async () => {
    const session = recordsOf(await as('GET', `api/private/stem/session/?filter{projects}=${replay}&limit=1`), 'sessions')[0] ?? {};
    const patched = await as('PATCH', `api/private/stem/session/${String(session.id)}/`, { description: 'new text' });
    expect(patched.status).toBe(200);
    expect(recordOf(patched, 'session')).toMatchObject({ description: 'new text', name: session.name, projects: session.projects });
    const partialPut = await as('PUT', `api/private/stem/session/${String(session.id)}/`, { description: 'only this' });
    expect(partialPut.status).toBe(400);
    expect(partialPut.body).toEqual({ name: ['This field is required.'], projects: ['This field is required.'] });
    // [ML] PUTs the whole loaded struct back, id, links and all.
    const whole = { ...recordOf(patched, 'session'), name: 'Renamed session', behaviors: ['ignored'], links: { x: 'y' } };
    const put = await as('PUT', `api/private/stem/session/${String(session.id)}/`, whole);
    expect(put.status).toBe(200);
    expect(recordOf(put, 'session')).toMatchObject({ name: 'Renamed session', behaviors: session.behaviors });
  });

  it('deletes with 204 and an empty body, cascading to the modules under the record', async () => {
    const session = recordsOf(await as('GET', `api/private/stem/session/?filter{projects}=${replay}&limit=1`), 'sessions')[0] ?? {};
    const behavior = (session.behaviors as string[])[0];
    const deleted = await as('DELETE', `api/private/stem/session/${String(session.id)}/`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect((await as('GET', `api/private/stem/session/${String(session.id)}/`)).status).toBe(404);
    expect((await as('GET', `api/private/modules/behavior/${String(behavior)}/`)).status).toBe(404);
  });

  it('makes the creator of a project its owner and manages members through PATCH', async () => {
    const created = await as('POST', 'api/private/stem/project/', { name: 'Brand new project', description: '', is_public: false }, BRAINSTEM_USERS.outsider.token);
    expect(created.status).toBe(201);
    const project = recordOf(created, 'project');
    expect(project.users).toEqual({ 'lena.hoffmann@lab.example': { can_change: true, is_manager: true, is_owner: true } });
    const id = String(project.id);
    expect((await as('GET', `api/private/stem/project/${id}/`)).status).toBe(404);
    const invite = await as('PATCH', `api/private/stem/project/${id}/`, {
      users: { 'mira.okafor@lab.example': { can_change: true } }, groups: { 'Imaging Core': { is_manager: true } },
    }, BRAINSTEM_USERS.outsider.token);
    expect(recordOf(invite, 'project')).toMatchObject({
      users: { 'mira.okafor@lab.example': { can_change: true, is_manager: false, is_owner: false } },
      groups: { 'Imaging Core': { can_change: true, is_manager: true, is_owner: false } },
    });
    expect((await as('GET', `api/private/stem/project/${id}/`)).status).toBe(200);
    // A contributor may not change the project's details.
    expect((await as('PATCH', `api/private/stem/project/${id}/`, { description: 'mine now' })).status).toBe(403);
    const removed = await as('PATCH', `api/private/stem/project/${id}/`, { users: { 'mira.okafor@lab.example': { remove: true } } }, BRAINSTEM_USERS.outsider.token);
    expect(Object.keys(recordOf(removed, 'project').users as object)).toEqual(['lena.hoffmann@lab.example']);
  });

  it("checks that a cohort's subjects belong to its project", async () => {
    const foreign = recordsOf(await as('GET', 'api/private/stem/subject/?filter{name}=V01'), 'subjects')[0];
    const reply = await as('POST', 'api/private/stem/cohort/', { name: 'Mixed cohort', project: replay, subjects: [foreign?.id] });
    expect(reply.status).toBe(400);
    expect(objectOf(reply)).toHaveProperty('subjects');
  });
});

describe('BrainSTEM sandbox: moderation and custom actions', () => {
  it('answers taxonomy writes with a pending *_approval record that an admin accepts', async () => {
    const reply = await as('POST', 'api/private/taxonomies/species/', { name: 'MyNewSpecies', description: '' });
    expect(reply.status).toBe(201);
    const approval = recordOf(reply, 'species_approval');
    expect(approval).toMatchObject({ name: 'MyNewSpecies', description: '', rrid: null, external_identifiers: [], instance_id: null, action: 'Add', reviewer: null, status: 'Pending' });
    expect(recordsOf(await as('GET', 'api/private/taxonomies/species/?filter{name}=MyNewSpecies'), 'species')).toHaveLength(0);
    const mine = recordsOf(await as('GET', 'api/private/taxonomies/speciesapproval/'), 'species_approvals');
    expect(mine.map((a) => a.name)).toEqual(['Danio rerio', 'MyNewSpecies']);
    expect((await as('PATCH', `api/private/taxonomies/speciesapproval/${String(approval.id)}/accept/`)).status).toBe(403);
    const accepted = await as('PATCH', `api/private/taxonomies/speciesapproval/${String(approval.id)}/accept/`, undefined, BRAINSTEM_USERS.admin.token);
    expect(accepted.status).toBe(200);
    expect(recordOf(accepted, 'species_approval')).toMatchObject({ status: 'Accepted', reviewer: BRAINSTEM_USERS.admin.id });
    expect(recordsOf(await as('GET', 'api/public/taxonomies/species/?filter{name}=MyNewSpecies'), 'species')).toHaveLength(1);
  });

  it('adds, changes and removes log entries, matching on date_time, with nested errors', async () => {
    const log = recordsOf(await as('GET', 'api/private/modules/procedurelog/?limit=1'), 'procedure_logs')[0] ?? {};
    const base = `api/private/modules/procedurelog/${String(log.id)}`;
    const before = (log.entries as unknown[]).length;
    const added = await as('PATCH', `${base}/add_entry/`, { date_time: '2023-04-05T13:45:00Z', notes: null, details: { displacement: 9.0 } });
    expect(added.status).toBe(200);
    expect((recordOf(added, 'procedure_log').entries as unknown[]).length).toBe(before + 1);
    const changed = await as('PATCH', `${base}/change_entry/`, { date_time: '2023-04-05T13:45:00Z', notes: 'moved', details: { displacement: 8.5 } });
    expect((recordOf(changed, 'procedure_log').entries as Array<Record<string, unknown>>)[0]).toEqual({ date_time: '2023-04-05T13:45:00Z', notes: 'moved', details: { displacement: 8.5 } });
    const removed = await as('PATCH', `${base}/remove_entry/`, { date_time: '2023-04-05T13:45:00Z' });
    expect((recordOf(removed, 'procedure_log').entries as unknown[]).length).toBe(before);
    const invalid = await as('PATCH', `${base}/add_entry/`, { notes: 'no time' });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toEqual({ entries: { date_time: ['This field is required.'] } });
    const housing = recordsOf(await as('GET', 'api/private/modules/subjectlog/?filter{type}=Housing&limit=1'), 'subject_logs')[0] ?? {};
    const interval = await as('PATCH', `api/private/modules/subjectlog/${String(housing.id)}/add_entry`, { start_date_time: '2024-05-01T09:00:00Z', end_date_time: '2024-05-08T09:00:00Z', notes: 'pair housed' });
    expect(interval.status).toBe(200);
    expect((recordOf(interval, 'subject_log').entries as Array<Record<string, unknown>>).at(-1)).toMatchObject({ start_date_time: '2024-05-01T09:00:00Z', end_date_time: '2024-05-08T09:00:00Z' });
    expect((await as('GET', `${base}/add_entry/`)).status).toBe(405);
  });

  it('accepts a project invitation with GET, which makes the invitee a member', async () => {
    const invitations = recordsOf(await as('GET', 'api/private/stem/projectmembershipinvitation/'), 'project_membership_invitations');
    expect(invitations).toHaveLength(1);
    const invitation = invitations[0] ?? {};
    expect(invitation).toMatchObject({ invitee: BRAINSTEM_USERS.demo.id, can_change: true, manage_project: false, own_project: false });
    expect((await as('GET', `api/private/stem/projectmembershipinvitation/${String(invitation.id)}/accept/`)).status).toBe(200);
    const project = recordOf(await as('GET', `api/private/stem/project/${String(invitation.project)}/`), 'project');
    expect(project.users).toMatchObject({ 'mira.okafor@lab.example': { can_change: true, is_manager: false, is_owner: false } });
    expect(recordsOf(await as('GET', 'api/private/stem/projectmembershipinvitation/'), 'project_membership_invitations')).toHaveLength(0);
  });

  it('joins a group through a request a manager accepts, and leaves it', async () => {
    const outsider = BRAINSTEM_USERS.outsider.token;
    const join = await as('GET', 'api/private/users/group/2/join/', undefined, outsider);
    expect(join.status).toBe(200);
    const request = recordOf(join, 'group_membership_request');
    expect(request).toMatchObject({ user_account_request: BRAINSTEM_USERS.outsider.id, authgroup: 2 });
    // A plain member of the group is not involved in the request and cannot even see it.
    expect((await as('GET', `api/private/users/groupmembershiprequest/${String(request.id)}/accept/`)).status).toBe(404);
    expect((await as('GET', `api/private/users/groupmembershiprequest/${String(request.id)}/accept/`, undefined, BRAINSTEM_USERS.imaging.token)).status).toBe(200);
    const group = recordOf(await as('GET', 'api/private/auth/group/2/'), 'group');
    expect(Object.keys(group.users as object)).toContain('lena.hoffmann@lab.example');
    expect((await as('GET', 'api/private/users/group/2/leave/', undefined, outsider)).status).toBe(200);
    expect(Object.keys(recordOf(await as('GET', 'api/private/users/group/2/'), 'group').users as object)).not.toContain('lena.hoffmann@lab.example');
  });
});
