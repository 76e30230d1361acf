import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrainstemSandbox } from '../../sandbox/brainstem/index.ts';
import type { BrainstemSandbox } from '../../sandbox/brainstem/index.ts';
import { call, objectOf, recordOf, recordsOf } from '../../sandbox/brainstem/http-client.ts';

let sandbox: BrainstemSandbox;
beforeAll(async () => {
  sandbox = await startBrainstemSandbox({ sessions: 40 });
});
afterAll(async () => {
  await sandbox.close();
});

// Every route a client may send (both spellings where the clients disagree) and its list key (reference §2.1).
const ROUTES: Array<[string, string]> = [
  ['stem/project', 'projects'], ['stem/subject', 'subjects'], ['stem/session', 'sessions'], ['stem/collection', 'collections'],
  ['stem/cohort', 'cohorts'], ['stem/breeding', 'breedings'], ['stem/epoch', 'epochs'],
  ['stem/projectmembershipinvitation', 'project_membership_invitations'], ['stem/project_membership_invitation', 'project_membership_invitations'],
  ['users/projectmembershipinvitation', 'project_membership_invitations'],
  ['stem/projectgroupmembershipinvitation', 'project_group_membership_invitations'], ['stem/project_group_membership_invitation', 'project_group_membership_invitations'],
  ['modules/procedure', 'procedures'], ['modules/behavior', 'behaviors'], ['modules/dataacquisition', 'data_acquisitions'],
  ['modules/manipulation', 'manipulations'], ['modules/equipment', 'equipment'], ['modules/consumablestock', 'consumable stocks'],
  ['modules/procedurelog', 'procedure_logs'], ['modules/subjectlog', 'subject_logs'],
  ['personal_attributes/behavioralassay', 'behavioralassays'], ['personal_attributes/datastorage', 'datastorages'],
  ['personal_attributes/inventory', 'inventories'], ['personal_attributes/license', 'licenses'], ['personal_attributes/setup', 'setups'],
  ['personal_attributes/protocol', 'protocols'],
  ['resources/consumable', 'consumables'], ['resources/consumableapproval', 'consumable_approvals'], ['resources/hardwaredevice', 'hardwaredevices'],
  ['resources/hardwaredeviceapproval', 'hardwaredevice_approvals'], ['resources/supplier', 'suppliers'], ['resources/supplierapproval', 'supplier_approvals'],
  ['taxonomies/species', 'species'], ['taxonomies/speciesapproval', 'species_approvals'], ['taxonomies/strain', 'strains'],
  ['taxonomies/strainapproval', 'strain_approvals'], ['taxonomies/brainregion', 'brain_regions'], ['taxonomies/setuptype', 'setup_types'],
  ['taxonomies/setuptypeapproval', 'setup_type_approvals'], ['taxonomies/behavioralcategory', 'behavioral_categories'],
  ['taxonomies/behavioralcategoryapproval', 'behavioral_category_approvals'], ['taxonomies/behavioralparadigm', 'behavioral_paradigms'],
  ['taxonomies/behavioralparadigmapproval', 'behavioral_paradigm_approvals'], ['taxonomies/regulatoryauthority', 'regulatoryauthorities'],
  ['taxonomies/regulatoryauthorityapproval', 'regulatoryauthority_approvals'],
  ['dissemination/journal', 'journals'], ['dissemination/journalapproval', 'journal_approvals'], ['dissemination/publication', 'publications'],
  ['users/user', 'users'], ['users/group', 'groups'], ['auth/group', 'groups'], ['users/laboratory', 'laboratories'],
  ['users/groupmembershipinvitation', 'group_membership_invitations'], ['users/group_membership_invitation', 'group_membership_invitations'],
  ['users/groupmembershiprequest', 'group_membership_requests'], ['users/group_membership_request', 'group_membership_requests'],
];

describe('BrainSTEM sandbox: URLs, portals and resource keys', () => {
  it('serves every app and model under its plural key, with and without a trailing slash, never redirecting', async () => {
    for (const [route, plural] of ROUTES) {
      for (const path of [`api/private/${route}/`, `api/private/${route}`]) {
        const reply = await call(sandbox.url, path, { token: sandbox.token });
        expect(reply.status, path).toBe(200);
        expect(reply.headers.get('content-type'), path).toBe('application/json');
        expect(Object.keys(objectOf(reply))[0], path).toBe(plural);
      }
    }
  });

  it('answers detail URLs and custom-action URLs with and without the slash', async () => {
    const list = recordsOf(await call(sandbox.url, 'api/private/stem/session/?limit=1', { token: sandbox.token }), 'sessions');
    const id = String(list[0]?.id);
    for (const path of [`api/private/stem/session/${id}/`, `api/private/stem/session/${id}`]) {
      const reply = await call(sandbox.url, path, { token: sandbox.token });
      expect(reply.status).toBe(200);
      expect(recordOf(reply, 'session').id).toBe(id);
      expect(reply.headers.get('allow')).toBe('GET, PUT, PATCH, DELETE, HEAD, OPTIONS');
    }
    const logs = recordsOf(await call(sandbox.url, 'api/private/modules/procedurelog/?limit=1', { token: sandbox.token }), 'procedure_logs');
    const action = await call(sandbox.url, `api/private/modules/procedurelog/${String(logs[0]?.id)}/add_entry`, {
      method: 'PATCH', token: sandbox.token, body: { date_time: '2024-02-09T10:00:00Z', notes: null, details: { displacement: 0.05 } },
    });
    expect(action.status).toBe(200);
  });

  it('uses the irregular singular keys in detail envelopes', async () => {
    for (const [route, single] of [['modules/dataacquisition', 'data_acquisition'], ['modules/subjectlog', 'subject_log'], ['taxonomies/brainregion', 'brain_region'], ['taxonomies/species', 'species'], ['modules/consumablestock', 'consumable stock']] as const) {
      const plural = Object.keys(objectOf(await call(sandbox.url, `api/private/${route}/?limit=1`, { token: sandbox.token })))[0] ?? '';
      const first = recordsOf(await call(sandbox.url, `api/private/${route}/?limit=1`, { token: sandbox.token }), plural)[0];
      const detail = await call(sandbox.url, `api/private/${route}/${String(first?.id)}/`, { token: sandbox.token });
      expect(Object.keys(objectOf(detail))).toEqual([single]);
    }
  });

  it('serves public reads without a token and lists only public projects there', async () => {
    const reply = await call(sandbox.url, 'api/public/stem/project/');
    expect(reply.status).toBe(200);
    const projects = recordsOf(reply, 'projects');
    expect(projects).toHaveLength(sandbox.publicProjects);
    expect(projects.every((project) => project.is_public === true)).toBe(true);
    expect(objectOf(reply).meta).toEqual({ page: 1, per_page: 20, total_pages: 1, total_results: 3 });
  });

  it('prints projects like the documented example: ids, permission maps and links without empty relations', async () => {
    const project = recordsOf(await call(sandbox.url, 'api/public/stem/project/?filter{name}=Hippocampal Replay in Rats'), 'projects')[0] ?? {};
    expect(Object.keys(project)).toEqual([
      'id', 'name', 'description', 'sessions', 'subjects', 'publications', 'collections', 'cohorts', 'extra_fields', 'is_public', 'tags', 'links', 'users', 'groups',
    ]);
    expect(project.links).toEqual({ sessions: 'sessions/', subjects: 'subjects/', collections: 'collections/', cohorts: 'cohorts/' });
    expect(project.users).toEqual({
      'mira.okafor@lab.example': { can_change: true, is_manager: true, is_owner: true },
      'tomas.reyes@lab.example': { can_change: true, is_manager: false, is_owner: false },
    });
    const related = await call(sandbox.url, `api/public/stem/project/${String(project.id)}/subjects/`);
    expect(recordsOf(related, 'subjects')).toHaveLength(6);
  });

  it("answers unknown routes with Django's 404 page and keeps the sandbox's controls apart", async () => {
    for (const path of ['api/private/stem/nothing/', 'api/elsewhere/stem/session/', 'api/private/modules/session/', 'no/such/page']) {
      const reply = await call(sandbox.url, path, { token: sandbox.token });
      expect(reply.status, path).toBe(404);
      expect(reply.text).toContain('<h1>Not Found</h1>');
    }
    expect((await call(sandbox.url, 'api/private/stem/session/not-a-uuid/', { token: sandbox.token })).body).toEqual({ detail: 'Not found.' });
  });

  it('returns HTML for format=api and the same JSON for format=json', async () => {
    const html = await call(sandbox.url, 'api/public/stem/project/?format=api');
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.text).toContain('Django REST framework');
    const raw = await call(sandbox.url, 'api/public/stem/project/?format=json');
    expect(recordsOf(raw, 'projects')).toHaveLength(3);
  });

  it('answers HEAD without a body and refuses unknown methods with 405', async () => {
    const head = await fetch(new URL('api/public/stem/project/', sandbox.url), { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const put = await call(sandbox.url, 'api/private/stem/session/', { method: 'PUT', token: sandbox.token, body: {} });
    expect(put.status).toBe(405);
    expect(put.body).toEqual({ detail: 'Method "PUT" not allowed.' });
  });
});
