import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/errors.ts';
import { HttpClient, type FetchLike } from '../../../main/services/http/http-client.ts';
import { brainstemServerKey, normalizeBrainstemUrl } from '../../../main/services/connectors/brainstem/address.ts';
import { BrainstemApi } from '../../../main/services/connectors/brainstem/api.ts';
import { brainstemAction, brainstemModel, brainstemModels, isModerated } from '../../../main/services/connectors/brainstem/catalogue.ts';
import { BrainstemClient, withDefaultIncludes } from '../../../main/services/connectors/brainstem/client.ts';
import { parseDrfError } from '../../../main/services/connectors/brainstem/error-bodies.ts';
import { brainstemFilterOperators, encodeBrainstemQuery } from '../../../main/services/connectors/brainstem/query.ts';
import { needsSignIn } from '../../../main/services/connectors/brainstem/responses.ts';

const base = 'https://brainstem.example.org/';
const token = 'pat_SECRET_0123456789abcdef';

interface Seen { method: string; url: URL; body: unknown; headers: Headers; redirect: RequestInit['redirect'] }
interface Answer { status?: number; json?: unknown; text?: string; headers?: Record<string, string> }

function fakeServer(handler: (request: Seen) => Answer): { http: HttpClient; requests: Seen[] } {
  const requests: Seen[] = [];
  const fetchImpl: FetchLike = async (url, init) => {
    const seen: Seen = {
      method: init.method ?? 'GET',
      url: new URL(url),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      headers: new Headers(init.headers),
      redirect: init.redirect,
    };
    requests.push(seen);
    const answer = handler(seen);
    const status = answer.status ?? 200;
    const text = answer.text ?? (answer.json === undefined ? '' : JSON.stringify(answer.json));
    return new Response(status === 204 ? null : text, { status, headers: { 'content-type': 'application/json', ...answer.headers } });
  };
  return { http: new HttpClient(fetchImpl, { wait: async () => undefined }), requests };
}

function clientFor(handler: (request: Seen) => Answer, portal: 'private' | 'public' = 'private', withToken = true): { client: BrainstemClient; requests: Seen[] } {
  const { http, requests } = fakeServer(handler);
  return { client: new BrainstemClient(new BrainstemApi(http, { baseUrl: base, portal, token: withToken ? token : null })), requests };
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('BrainSTEM server addresses', () => {
  it('finds the server base in what users type or paste', () => {
    expect(normalizeBrainstemUrl('https://www.brainstem.org/')).toEqual({ url: 'https://www.brainstem.org/', adjusted: false });
    expect(normalizeBrainstemUrl('www.brainstem.org').url).toBe('https://www.brainstem.org/');
    expect(normalizeBrainstemUrl('https://www.brainstem.org').url).toBe('https://www.brainstem.org/');
    expect(normalizeBrainstemUrl('https://WWW.BrainSTEM.org/private/stem/session/1234/').url).toBe('https://www.brainstem.org/');
    expect(normalizeBrainstemUrl('https://www.brainstem.org/api/private/stem/session/?filter{name}=x').url).toBe('https://www.brainstem.org/');
    expect(normalizeBrainstemUrl('https://www.brainstem.org/account/authorize/?session=abc').url).toBe('https://www.brainstem.org/');
    expect(normalizeBrainstemUrl('https://lab.example.edu/brainstem/api/public/stem/project/').url).toBe('https://lab.example.edu/brainstem/');
    expect(normalizeBrainstemUrl('http://127.0.0.1:8000/').url).toBe('http://127.0.0.1:8000/');
    expect(normalizeBrainstemUrl('http://localhost:8000/api/').url).toBe('http://localhost:8000/');
  });

  it('refuses addresses that would expose the token or are not BrainSTEM servers', () => {
    expect(() => normalizeBrainstemUrl('http://www.brainstem.org/')).toThrow(/https/);
    expect(() => normalizeBrainstemUrl('ftp://www.brainstem.org/')).toThrow();
    expect(() => normalizeBrainstemUrl('https://me:pw@www.brainstem.org/')).toThrow(/passwords/);
    expect(() => normalizeBrainstemUrl('https://support.brainstem.org/api/')).toThrow(/documentation/);
    expect(() => normalizeBrainstemUrl('  ')).toThrow(/server address/);
  });

  it('keys credentials by server, whatever the spelling', () => {
    expect(brainstemServerKey('https://www.brainstem.org/private/users/tokens/')).toBe(brainstemServerKey('www.brainstem.org'));
    expect(brainstemServerKey('http://127.0.0.1:8000')).not.toBe(brainstemServerKey('https://www.brainstem.org'));
  });
});

describe('BrainSTEM model catalogue', () => {
  it('knows every app and the irregular envelope keys', () => {
    const apps = new Set(brainstemModels().map((model) => model.app));
    expect([...apps].sort()).toEqual(['dissemination', 'modules', 'personal_attributes', 'resources', 'stem', 'taxonomies', 'users']);
    const keys = (name: string): [string | undefined, string | undefined] => [brainstemModel(name).singularKeys[0], brainstemModel(name).pluralKeys[0]];
    expect(keys('dataacquisition')).toEqual(['data_acquisition', 'data_acquisitions']);
    expect(keys('procedurelog')).toEqual(['procedure_log', 'procedure_logs']);
    expect(keys('subjectlog')).toEqual(['subject_log', 'subject_logs']);
    expect(keys('brainregion')).toEqual(['brain_region', 'brain_regions']);
    expect(keys('setuptype')).toEqual(['setup_type', 'setup_types']);
    expect(keys('behavioralcategory')).toEqual(['behavioral_category', 'behavioral_categories']);
    expect(keys('behavioralparadigm')).toEqual(['behavioral_paradigm', 'behavioral_paradigms']);
    expect(keys('species')).toEqual(['species', 'species']);
    expect(keys('equipment')).toEqual(['equipment', 'equipment']);
    expect(keys('inventory')).toEqual(['inventory', 'inventories']);
    expect(keys('laboratory')).toEqual(['laboratory', 'laboratories']);
    expect(keys('regulatoryauthority')).toEqual(['regulatoryauthority', 'regulatoryauthorities']);
    expect(keys('consumablestock')).toEqual(['consumable stock', 'consumable stocks']);
    expect(brainstemModel('consumablestock').pluralKeys).toContain('consumable_stocks');
    expect(keys('projectmembershipinvitation')).toEqual(['project_membership_invitation', 'project_membership_invitations']);
    expect(brainstemModel('user').idKind).toBe('integer');
    expect(brainstemModel('group').idKind).toBe('integer');
    expect(brainstemModel('session').idKind).toBe('uuid');
  });

  it('marks moderated models with their approval envelopes, and only those', () => {
    const moderated = brainstemModels().filter(isModerated).map((model) => model.name).sort();
    expect(moderated).toEqual(['behavioralcategory', 'behavioralparadigm', 'consumable', 'hardwaredevice', 'journal', 'regulatoryauthority', 'setuptype', 'species', 'strain', 'supplier']);
    const approval = brainstemModel(brainstemModel('species').approvalModel!);
    expect(approval).toMatchObject({ name: 'speciesapproval', app: 'taxonomies', singularKeys: ['species_approval'], pluralKeys: ['species_approvals'], approves: 'species' });
    expect(brainstemModel('hardwaredeviceapproval').singularKeys).toEqual(['hardwaredevice_approval']);
    expect(isModerated(brainstemModel('brainregion'))).toBe(false);
  });

  it('knows the custom actions with their methods', () => {
    expect(brainstemAction(brainstemModel('procedurelog'), 'add_entry')).toEqual({ name: 'add_entry', method: 'PATCH', body: 'entry' });
    expect(brainstemAction(brainstemModel('subjectlog'), 'remove_entry').method).toBe('PATCH');
    expect(brainstemAction(brainstemModel('projectmembershipinvitation'), 'accept').method).toBe('GET');
    expect(brainstemAction(brainstemModel('groupmembershiprequest'), 'reject').method).toBe('GET');
    expect(brainstemAction(brainstemModel('group'), 'join').method).toBe('GET');
    expect(brainstemAction(brainstemModel('strainapproval'), 'accept').method).toBe('PATCH');
    expect(() => brainstemAction(brainstemModel('session'), 'add_entry')).toThrow(/no action/);
  });

  it('has the Python tool default includes and accepts other clients\' model spellings', () => {
    expect(brainstemModel('project').defaultIncludes).toEqual(['sessions', 'subjects', 'collections', 'cohorts']);
    expect(brainstemModel('subject').defaultIncludes).toEqual(['procedures', 'subjectlogs']);
    expect(brainstemModel('session').defaultIncludes).toEqual(['dataacquisition', 'behaviors', 'manipulations', 'epochs']);
    expect(brainstemModel('collection').defaultIncludes).toEqual(['sessions']);
    expect(brainstemModel('cohort').defaultIncludes).toEqual(['subjects']);
    expect(brainstemModel('behavior').defaultIncludes).toEqual([]);
    expect(withDefaultIncludes('cohort', { include: ['project'] }).include).toEqual(['subjects', 'project']);
    expect(brainstemModel('project_membership_invitation').name).toBe('projectmembershipinvitation');
    expect(brainstemModel('auth/group').name).toBe('group');
    expect(() => brainstemModel('sessions')).toThrow(/no model/);
  });
});

describe('BrainSTEM query strings', () => {
  const decoded = (params: URLSearchParams): string[] => [...params].map(([key, value]) => `${key}=${value}`);

  it('encodes filters, sort, include, exclude and paging as dynamic-rest reads them', () => {
    const params = encodeBrainstemQuery({
      filters: { 'name.icontains': 'rat', 'projects.id': 'p1', sex: 'M' },
      sort: ['-name', 'date_time'],
      include: ['behaviors', 'projects.*', 'behaviors.subjects'],
      exclude: ['description'],
      limit: 50,
      offset: 20,
    });
    expect(decoded(params)).toEqual([
      'filter{name.icontains}=rat', 'filter{projects.id}=p1', 'filter{sex}=M',
      'sort[]=-name', 'sort[]=date_time',
      'include[]=behaviors.*', 'include[]=projects.*', 'include[]=behaviors.subjects.*',
      'exclude[]=description', 'limit=50', 'offset=20',
    ]);
    expect(params.toString()).toContain('filter%7Bname.icontains%7D=rat');
    expect(params.toString()).toContain('include%5B%5D=behaviors.*');
  });

  it('writes every operator, with lists repeated and exclusions prefixed', () => {
    for (const op of brainstemFilterOperators) {
      const value = op === 'range' ? [1, 5] : op === 'isnull' ? true : op === 'in' || op === 'any' || op === 'all' ? ['a', 'b'] : 'x';
      const params = decoded(encodeBrainstemQuery({ filters: [{ field: 'f', op, value }] }));
      const key = op === 'eq' ? 'filter{f}' : `filter{f.${op}}`;
      const expected = Array.isArray(value) ? value.map((v) => `${key}=${v}`) : [`${key}=${String(value)}`];
      expect(params, op).toEqual(expected);
    }
    expect(decoded(encodeBrainstemQuery({ filters: [{ field: 'name', value: 'x', exclude: true }] }))).toEqual(['filter{-name}=x']);
    expect(decoded(encodeBrainstemQuery({ filters: { '-tags.in': ['a'] } }))).toEqual(['filter{-tags.in}=a']);
    expect(decoded(encodeBrainstemQuery({ filters: [{ field: 'behaviors|subjects.id', value: 3 }] }))).toEqual(['filter{behaviors|subjects.id}=3']);
    expect(decoded(encodeBrainstemQuery({ filters: { is_public: false } }))).toEqual(['filter{is_public}=false']);
  });

  it('refuses queries the server would answer with 400, before sending them', () => {
    expect(() => encodeBrainstemQuery({ filters: [{ field: 'foo{', value: 'x' }] })).toThrow(/field path/);
    expect(() => encodeBrainstemQuery({ filters: [{ field: 'date_time', op: 'range', value: ['2024'] }] })).toThrow(/two values/);
    expect(() => encodeBrainstemQuery({ filters: [{ field: 'death_date', op: 'isnull', value: 'yes' }] })).toThrow(/true or false/);
    expect(() => encodeBrainstemQuery({ filters: [{ field: 'name', value: ['a', 'b'] }] })).toThrow(/"in"/);
    expect(() => encodeBrainstemQuery({ filters: [{ field: 'name', value: null }] })).toThrow(/isnull/);
    expect(() => encodeBrainstemQuery({ filters: [{ field: 'name', op: 'like' as never, value: 'a' }] })).toThrow(/operator/);
    expect(() => encodeBrainstemQuery({ sort: ['-'] })).toThrow(/field path/);
    expect(() => encodeBrainstemQuery({ offset: -1 })).toThrow(/offset/);
    expect(encodeBrainstemQuery({ limit: 500 }).get('limit')).toBe('100');
  });
});

describe('BrainSTEM requests', () => {
  it('builds /api/<portal>/<app>/<model>/ URLs with the trailing slash and the bearer header', async () => {
    const { client, requests } = clientFor(() => ({ json: { data_acquisitions: [] } }));
    await client.list('dataacquisition', { filters: { 'session.id': 's1' } });
    expect(requests[0]!.url.pathname).toBe('/api/private/modules/dataacquisition/');
    expect(requests[0]!.url.searchParams.get('filter{session.id}')).toBe('s1');
    expect(requests[0]!.headers.get('authorization')).toBe(`Bearer ${token}`);
    expect(requests[0]!.redirect).toBe('manual');

    const api = client.api;
    expect(api.modelUrl(brainstemModel('group'), 8, 'join')).toBe(`${base}api/private/users/group/8/join/`);
    expect(api.modelUrl(brainstemModel('procedurelog'), 'a-1', 'add_entry')).toBe(`${base}api/private/modules/procedurelog/a-1/add_entry/`);
    expect(api.withPortal('public').modelUrl(brainstemModel('projectmembershipinvitation'))).toBe(`${base}api/public/stem/projectmembershipinvitation/`);
    expect(() => api.modelUrl(brainstemModel('session'), '../x')).toThrow(/not a valid session id/);
    expect(() => api.modelUrl(brainstemModel('user'), 'abc')).toThrow(/whole number/);
  });

  it('reads the public portal without a token, and will not send writes there', async () => {
    const { client, requests } = clientFor(() => ({ json: { projects: [] } }), 'public', false);
    await client.list('project');
    expect(requests[0]!.headers.has('authorization')).toBe(false);
    expect(requests[0]!.url.pathname).toBe('/api/public/stem/project/');
    expect((await failure(client.create('project', { name: 'x' }))).message).toMatch(/private portal/);
    const anonymousPrivate = clientFor(() => ({ json: {} }), 'private', false).client;
    expect((await failure(anonymousPrivate.list('session'))).code).toBe('NO_TOKEN');
  });

  it('reports a redirect on a write instead of following it (the PATCH body would be lost)', async () => {
    const { client, requests } = clientFor(() => ({ status: 301, headers: { location: 'https://brainstem.example.org/api/private/modules/procedurelog/p1/add_entry/?x=1' } }));
    const error = await failure(client.action('procedurelog', 'p1', 'add_entry', { date_time: '2023-04-05T13:45:00Z' }));
    expect(error.code).toBe('NOT_SERVICE');
    expect(error.message).toMatch(/nothing was saved/);
    expect(error.message).not.toContain('x=1');
    expect(requests).toHaveLength(1);
  });
});

describe('BrainSTEM errors', () => {
  it('reads every DRF error body shape into per-field messages', () => {
    expect(parseDrfError('{"name": ["This field is required."], "projects": ["This field is required."]}')).toEqual({
      detail: null, code: null, general: [], fields: { name: ['This field is required.'], projects: ['This field is required.'] },
    });
    expect(parseDrfError('{"entries": {"date_time": ["This field is required."]}}')?.fields).toEqual({ 'entries.date_time': ['This field is required.'] });
    expect(parseDrfError('{"non_field_errors": ["The fields name, project must make a unique set."]}')?.general).toEqual(['The fields name, project must make a unique set.']);
    expect(parseDrfError('["Invalid filter field: foo"]')?.general).toEqual(['Invalid filter field: foo']);
    expect(parseDrfError('{"detail": "\\"filter{foo\\" is not a well-formed filter key."}')?.detail).toBe('"filter{foo" is not a well-formed filter key.');
    expect(parseDrfError('[{}, {"name": ["This field is required."]}]')?.fields).toEqual({ '1.name': ['This field is required.'] });
    expect(parseDrfError('{"detail":"Given token not valid for any token type","code":"token_not_valid","messages":[{"token_class":"AccessToken"}]}')).toMatchObject({ code: 'token_not_valid', fields: {} });
    expect(parseDrfError('Server Error (500)')).toBeNull();
  });

  it('turns validation failures into VALIDATION with the field messages in details, never the values sent', async () => {
    const { client } = clientFor(() => ({ status: 400, json: { name: ['This field is required.'], projects: ['"zzz-secret-value" is not a valid UUID.'] } }));
    const error = await failure(client.create('session', { projects: ['zzz-secret-value'] }));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toContain('name: This field is required.');
    expect(error.message).toContain('projects');
    expect(error.message).not.toContain('zzz-secret-value');
    expect(error.details).toMatchObject({ status: 400, fields: { name: ['This field is required.'], projects: ['"zzz-secret-value" is not a valid UUID.'] } });

    const bareList = await failure(clientFor(() => ({ status: 400, json: ['Invalid filter field: foo'] })).client.list('session', { filters: { foo: 1 } }));
    expect(bareList.message).toContain('Invalid filter field: foo');
    expect(bareList.details).toMatchObject({ errors: ['Invalid filter field: foo'] });

    const nonField = await failure(clientFor(() => ({ status: 400, json: { non_field_errors: ['Subjects must belong to the project.'] } })).client.create('cohort', { name: 'c' }));
    expect(nonField.details).toMatchObject({ errors: ['Subjects must belong to the project.'] });
  });

  it('says what to do for 401, 403, 404, 405 and 5xx, and never includes the token', async () => {
    const answer = (status: number, json?: unknown, text?: string): Answer => ({ status, ...(json !== undefined ? { json } : {}), ...(text !== undefined ? { text, headers: { 'content-type': 'text/html' } } : {}) });
    const cases: Array<[Answer, string, RegExp]> = [
      [answer(401, { detail: 'Invalid token.' }), 'AUTH_FAILED', /Sign in again.*private\/users\/tokens/],
      [answer(403, { detail: 'Authentication credentials were not provided.' }), 'AUTH_FAILED', /Sign in again/],
      [answer(403, { detail: 'You do not have permission to perform this action.' }), 'FORBIDDEN', /may not see this session/],
      [answer(404, { detail: 'No Session matches the given query.' }), 'NOT_FOUND', /does not exist.*private portal/],
      [answer(404, undefined, '<!doctype html><h1>Not Found</h1>'), 'NOT_SERVICE', /Nothing answers/],
      [answer(405, { detail: 'Method "GET" not allowed.' }), 'SERVICE_ERROR', /does not allow/],
      [answer(500, undefined, 'Server Error (500)'), 'SERVICE_ERROR', /internal error/],
      [answer(200, undefined, '<!DOCTYPE html><html>Login</html>'), 'NOT_SERVICE', /web page/],
    ];
    for (const [reply, code, message] of cases) {
      const { client, requests } = clientFor(() => reply);
      const error = await failure(client.get('session', 'b3c1e1f0-0000-4000-8000-000000000001'));
      expect(error.code, `${reply.status}`).toBe(code);
      expect(error.message).toMatch(message);
      expect(JSON.stringify(error.toShape())).not.toContain(token);
      if (reply.status === 500) {
        expect(error.retryable).toBe(true);
        expect(requests.length).toBeGreaterThan(1); // reads are retried
      }
    }
    const expired = await failure(clientFor(() => ({ status: 401, json: { detail: 'Token has expired.' } })).client.list('project'));
    expect(needsSignIn(expired)).toBe(true);
    expect(needsSignIn(new AppError('FORBIDDEN', 'x'))).toBe(false);
  });

  it('retries a truncated list but not a failed create', async () => {
    let calls = 0;
    const { client } = clientFor(() => (++calls === 1 ? { text: '{"sessions": [{"id": "s1", "na' } : { json: { sessions: [{ id: 's1' }] } }));
    expect((await client.list('session')).records).toEqual([{ id: 's1' }]);
    const create = clientFor(() => ({ status: 503, text: 'busy' }));
    expect((await failure(create.client.create('session', { name: 'n', projects: ['p'] }))).code).toBe('SERVICE_ERROR');
    expect(create.requests).toHaveLength(1);
  });
});
