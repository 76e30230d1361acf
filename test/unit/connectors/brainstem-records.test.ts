import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/errors.ts';
import { HttpClient, type FetchLike } from '../../../main/services/http/http-client.ts';
import { addLogEntry, answerInvitation, changeGroupMembership, changeLogEntry, listApprovals, removeLogEntry, reviewApproval } from '../../../main/services/connectors/brainstem/actions.ts';
import { BrainstemApi } from '../../../main/services/connectors/brainstem/api.ts';
import { BrainstemClient } from '../../../main/services/connectors/brainstem/client.ts';
import type { LoadAllProgress } from '../../../main/services/connectors/brainstem/load-all.ts';

const base = 'https://brainstem.example.org/';

interface Seen { method: string; url: URL; body: unknown }
interface Answer { status?: number; json?: unknown; text?: string }

function clientFor(handler: (request: Seen) => Answer): { client: BrainstemClient; requests: Seen[] } {
  const requests: Seen[] = [];
  const fetchImpl: FetchLike = async (url, init) => {
    const seen: Seen = { method: init.method ?? 'GET', url: new URL(url), body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined };
    requests.push(seen);
    const answer = handler(seen);
    const status = answer.status ?? 200;
    const text = answer.text ?? (answer.json === undefined ? '' : JSON.stringify(answer.json));
    return new Response(status === 204 ? null : text, { status, headers: { 'content-type': 'application/json' } });
  };
  const http = new HttpClient(fetchImpl, { wait: async () => undefined });
  return { client: new BrainstemClient(new BrainstemApi(http, { baseUrl: base, token: 'tok' })), requests };
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const sessions = (from: number, to: number): Array<{ id: string; name: string }> =>
  Array.from({ length: to - from }, (_, i) => ({ id: `s${from + i}`, name: `Session ${from + i}` }));

/** A list endpoint over `total` sessions, answering limit/offset with the metadata `mode` asks for. */
function pagedSessions(total: number, mode: 'meta' | 'count' | 'none', options: { ignoreOffset?: boolean; maxLimit?: number } = {}) {
  return (request: Seen): Answer => {
    const limit = Math.min(Number(request.url.searchParams.get('limit') ?? 20), options.maxLimit ?? 100);
    const offset = options.ignoreOffset ? 0 : Number(request.url.searchParams.get('offset') ?? 0);
    const body: Record<string, unknown> = { sessions: sessions(offset, Math.min(total, offset + limit)) };
    if (mode === 'meta') body.meta = { page: Math.floor(offset / limit) + 1, per_page: limit, total_pages: Math.ceil(total / limit), total_results: total };
    if (mode === 'count') body.count = total;
    return { json: body };
  };
}

describe('BrainSTEM lists and sideloads', () => {
  it('merges sideloaded related objects back onto their records (dynamic-rest key order)', async () => {
    const { client, requests } = clientFor(() => ({
      json: {
        behaviors: [{ id: 'b1', session: 's1', subjects: ['u1'], setup: 'x', behavioralassay: 'y' }],
        data_acquisitions: [{ id: 'd1', type: 'ExtracellularEphys', session: 's1' }],
        sessions: [{ id: 's1', name: 'Rat01', behaviors: ['b1'], dataacquisition: ['d1', 'd-missing'], manipulations: [], epochs: [], projects: ['p1'] }],
        meta: { page: 1, per_page: 20, total_pages: 1, total_results: 1 },
      },
    }));
    const page = await client.list('session', { include: ['behaviors', 'dataacquisition', 'manipulations'] });
    expect(requests[0]!.url.searchParams.getAll('include[]')).toEqual(['behaviors.*', 'dataacquisition.*', 'manipulations.*']);
    expect(page.records).toHaveLength(1);
    expect(page.records[0]!.behaviors).toEqual([{ id: 'b1', session: 's1', subjects: ['u1'], setup: 'x', behavioralassay: 'y' }]);
    expect(page.records[0]!.dataacquisition).toEqual([{ id: 'd1', type: 'ExtracellularEphys', session: 's1' }, 'd-missing']);
    expect(page.records[0]!.projects).toEqual(['p1']);
    expect(page.totalResults).toBe(1);
    expect(Object.keys(page.sideloaded).sort()).toEqual(['behaviors', 'data_acquisitions']);
  });

  it('merges a to-one relation and keeps includes on a detail request', async () => {
    const { client, requests } = clientFor(() => ({
      json: { strains: [{ id: 'st1', name: 'C57BL/6J' }], subject: { id: 'u1', name: 'Mouse 1', strain: 'st1', projects: ['p1'] } },
    }));
    const subject = await client.get('subject', 'u1', { include: ['strain'] });
    expect(requests[0]!.url.pathname).toBe('/api/private/stem/subject/u1/');
    expect(requests[0]!.url.searchParams.getAll('include[]')).toEqual(['strain.*']);
    expect(subject.strain).toEqual({ id: 'st1', name: 'C57BL/6J' });
  });

  it('finds records by the model\'s key, not by position, and says when they are missing', async () => {
    const { client } = clientFor(() => ({ json: { 'consumable stocks': [{ id: 'c1' }] } }));
    expect((await client.list('consumablestock')).records).toEqual([{ id: 'c1' }]);
    const other = clientFor(() => ({ json: { consumable_stocks: [{ id: 'c2' }] } }));
    expect((await other.client.list('consumablestock')).records).toEqual([{ id: 'c2' }]);
    const wrong = clientFor(() => ({ json: { projects: [{ id: 'p1' }] } }));
    expect((await failure(wrong.client.list('session'))).code).toBe('BAD_RESPONSE');
    const noId = clientFor(() => ({ json: { sessions: [{ name: 'x' }] } }));
    expect((await failure(noId.client.list('session'))).message).toMatch(/not a list of records/);
  });

  it('counts with one small request', async () => {
    const { client, requests } = clientFor(pagedSessions(41, 'meta'));
    expect(await client.count('session', { filters: { 'name.icontains': 'rat' } })).toBe(41);
    expect(requests[0]!.url.searchParams.get('limit')).toBe('1');
    expect(await clientFor(pagedSessions(7, 'count')).client.count('session')).toBe(7);
    expect(await clientFor(pagedSessions(7, 'none')).client.count('session')).toBeNull();
  });
});

describe('BrainSTEM loadAll', () => {
  it('trusts meta.total_results, stepping limit/offset and reporting progress', async () => {
    const { client, requests } = clientFor(pagedSessions(250, 'meta'));
    const progress: LoadAllProgress[] = [];
    const result = await client.loadAll('session', {}, { onProgress: (p) => progress.push(p) });
    expect(result.records).toHaveLength(250);
    expect(result.endedBy).toBe('total');
    expect(result.serverTotal).toBe(250);
    expect(result.issues).toEqual([]);
    expect(requests.map((r) => r.url.searchParams.get('offset'))).toEqual(['0', '100', '200']);
    expect(requests.every((r) => r.url.searchParams.get('limit') === '100')).toBe(true);
    expect(requests[0]!.url.searchParams.getAll('sort[]')).toEqual(['id']);
    expect(progress.map((p) => p.loaded)).toEqual([100, 200, 250]);
    expect(progress[0]!.total).toBe(250);
  });

  it('falls back to count, then to the first short page', async () => {
    const counted = clientFor(pagedSessions(45, 'count'));
    const byCount = await counted.client.loadAll('session', { limit: 20 });
    expect(byCount).toMatchObject({ endedBy: 'total', serverTotal: 45 });
    expect(byCount.records).toHaveLength(45);
    expect(counted.requests).toHaveLength(3);

    const bare = clientFor(pagedSessions(45, 'none'));
    const byShortPage = await bare.client.loadAll('session', { limit: 20, sort: ['-name'] });
    expect(byShortPage).toMatchObject({ endedBy: 'short_page', serverTotal: null });
    expect(byShortPage.records).toHaveLength(45);
    expect(bare.requests[0]!.url.searchParams.getAll('sort[]')).toEqual(['-name']);

    const exact = clientFor(pagedSessions(40, 'none'));
    const endsEmpty = await exact.client.loadAll('session', { limit: 20 });
    expect(endsEmpty).toMatchObject({ endedBy: 'empty_page' });
    expect(endsEmpty.records).toHaveLength(40);
  });

  it('loses nothing when the server quietly uses smaller pages than asked', async () => {
    const result = await clientFor(pagedSessions(95, 'count', { maxLimit: 30 })).client.loadAll('session');
    expect(result.records).toHaveLength(95);
    expect(result.issues).toEqual([]);
  });

  it('stops on a server that ignores offset, and reports it', async () => {
    for (const mode of ['meta', 'none'] as const) {
      const { client, requests } = clientFor(pagedSessions(250, mode, { ignoreOffset: true }));
      const result = await client.loadAll('session', { limit: 100 });
      expect(result.endedBy).toBe('repeated_page');
      expect(requests).toHaveLength(2);
      expect(result.records).toHaveLength(100);
      expect(result.issues).toContainEqual({ kind: 'repeated_page', offset: 100 });
      if (mode === 'meta') expect(result.issues).toContainEqual({ kind: 'total_mismatch', serverTotal: 250, received: 100 });
    }
  });

  it('returns each record once when pages overlap, and says the total disagreed', async () => {
    let call = 0;
    const { client } = clientFor(() => {
      call++;
      const page = call === 1 ? sessions(0, 3) : call === 2 ? sessions(2, 5) : [];
      return { json: { sessions: page, meta: { total_results: 6 } } };
    });
    const result = await client.loadAll('session', { limit: 3 });
    expect(result.records.map((r) => r.id)).toEqual(['s0', 's1', 's2', 's3', 's4']);
    expect(result.issues).toEqual([{ kind: 'duplicates', count: 1 }, { kind: 'total_mismatch', serverTotal: 6, received: 5 }]);
  });

  it('stops at the page limit on a server that never runs out', async () => {
    let call = 0;
    const { client } = clientFor(() => ({ json: { sessions: sessions(call * 10, ++call * 10) } }));
    const result = await client.loadAll('session', { limit: 10 }, { maxPages: 5 });
    expect(result).toMatchObject({ endedBy: 'page_limit', pages: 5 });
  });

  it('honours an AbortSignal between pages', async () => {
    const controller = new AbortController();
    const { client, requests } = clientFor(pagedSessions(500, 'meta'));
    const error = await failure(client.loadAll('session', {}, { signal: controller.signal, onProgress: (p) => p.pages === 2 && controller.abort() }));
    expect(error.code).toBe('CANCELLED');
    expect(requests).toHaveLength(2);
  });

  it('merges sideloads on every page and collects them', async () => {
    const { client } = clientFor((request) => {
      const offset = Number(request.url.searchParams.get('offset'));
      return offset === 0
        ? { json: { behaviors: [{ id: 'b1' }], sessions: [{ id: 's1', behaviors: ['b1'] }], meta: { total_results: 2 } } }
        : { json: { behaviors: [{ id: 'b2' }], sessions: [{ id: 's2', behaviors: ['b2'] }], meta: { total_results: 2 } } };
    });
    const result = await client.loadAll('session', { include: ['behaviors'], limit: 1 });
    expect(result.records).toEqual([{ id: 's1', behaviors: [{ id: 'b1' }] }, { id: 's2', behaviors: [{ id: 'b2' }] }]);
    expect(result.sideloaded.behaviors).toHaveLength(2);
  });
});

describe('BrainSTEM writes', () => {
  it('creates with POST, updates with PATCH, replaces with PUT and deletes', async () => {
    const { client, requests } = clientFor((request) => {
      if (request.method === 'DELETE') return { status: 204 };
      const session = { id: 's9', name: 'NewSession', description: 'some text', projects: ['p1'], epochs: [], tags: [], extra_fields: {} };
      return { status: request.method === 'POST' ? 201 : 200, json: { session } };
    });
    const created = await client.create('session', { name: 'NewSession', description: 'some text', projects: ['p1'] });
    expect(created).toEqual({ kind: 'record', record: expect.objectContaining({ id: 's9', name: 'NewSession' }) });
    await client.update('session', 's9', { description: 'new text' });
    await client.replace('session', 's9', { name: 'NewSession', projects: ['p1'], tags: [] });
    await client.remove('session', 's9');
    expect(requests.map((r) => `${r.method} ${r.url.pathname}`)).toEqual([
      'POST /api/private/stem/session/',
      'PATCH /api/private/stem/session/s9/',
      'PUT /api/private/stem/session/s9/',
      'DELETE /api/private/stem/session/s9/',
    ]);
    expect(requests[0]!.body).toEqual({ name: 'NewSession', description: 'some text', projects: ['p1'] });
    expect(requests[1]!.body).toEqual({ description: 'new text' });
    expect(requests[3]!.body).toBeUndefined();
  });

  it('treats an already-deleted record as deleted only when asked to', async () => {
    const gone = (): Answer => ({ status: 404, json: { detail: 'Not found.' } });
    expect((await failure(clientFor(gone).client.remove('session', 's1'))).code).toBe('NOT_FOUND');
    await expect(clientFor(gone).client.remove('session', 's1', { missingOk: true })).resolves.toBeUndefined();
  });

  it('answers a moderated model\'s write with the approval request it queued', async () => {
    const { client, requests } = clientFor(() => ({ status: 201, json: { species_approval: { id: 'a1', name: 'MyNewSpecies', description: '', rrid: null, external_identifiers: [] } } }));
    const result = await client.create('species', { name: 'MyNewSpecies', description: '' });
    expect(result).toEqual({ kind: 'approval', approvalModel: 'speciesapproval', approval: expect.objectContaining({ id: 'a1', name: 'MyNewSpecies' }) });
    expect(requests[0]!.url.pathname).toBe('/api/private/taxonomies/species/');
    // a curator's own write may apply at once
    const direct = clientFor(() => ({ json: { species: { id: 'sp1', name: 'Mus musculus' } } }));
    expect((await direct.client.update('species', 'sp1', { description: 'x' })).kind).toBe('record');
  });

  it('lists and reviews approval queues', async () => {
    const { client, requests } = clientFor((request) =>
      request.method === 'GET'
        ? { json: { species_approvals: [{ id: 'a1', name: 'MyNewSpecies', instance_id: null, action: 'Add', reviewer: null, status: 'Pending' }], meta: { total_results: 1 } } }
        : { json: {} });
    const queue = await listApprovals(client, 'species', { filters: { status: 'Pending' } });
    expect(queue.records[0]).toMatchObject({ action: 'Add', status: 'Pending' });
    await reviewApproval(client, 'species', 'a1', 'accept');
    await reviewApproval(client, 'speciesapproval', 'a1', 'reject');
    expect(requests.map((r) => `${r.method} ${r.url.pathname}`)).toEqual([
      'GET /api/private/taxonomies/speciesapproval/',
      'PATCH /api/private/taxonomies/speciesapproval/a1/accept/',
      'PATCH /api/private/taxonomies/speciesapproval/a1/reject/',
    ]);
    await expect(listApprovals(client, 'session')).rejects.toThrow(/not moderated/);
  });
});

describe('BrainSTEM custom actions', () => {
  it('adds, changes and removes log entries with PATCH and reads the updated log', async () => {
    const { client, requests } = clientFor((request) => ({
      json: request.url.pathname.includes('subjectlog')
        ? { subject_log: { id: 'l2', type: 'Housing', entries: [request.body] } }
        : { procedure_log: { id: 'l1', type: 'LinearDisplacement', entries: [request.body] } },
    }));
    const entry = { date_time: '2023-04-05T13:45:00Z', notes: null, details: { displacement: 9.0 } };
    const log = await addLogEntry(client, 'procedurelog', 'l1', entry);
    expect(log).toMatchObject({ id: 'l1', entries: [entry] });
    await changeLogEntry(client, 'procedurelog', 'l1', { ...entry, details: { displacement: 9.5 } });
    await removeLogEntry(client, 'procedurelog', 'l1', { date_time: entry.date_time });
    await addLogEntry(client, 'subjectlog', 'l2', { start_date_time: '2023-04-01T08:00:00Z', end_date_time: '2023-04-02T08:00:00Z', notes: 'cage 4' });
    expect(requests.map((r) => `${r.method} ${r.url.pathname}`)).toEqual([
      'PATCH /api/private/modules/procedurelog/l1/add_entry/',
      'PATCH /api/private/modules/procedurelog/l1/change_entry/',
      'PATCH /api/private/modules/procedurelog/l1/remove_entry/',
      'PATCH /api/private/modules/subjectlog/l2/add_entry/',
    ]);
    expect(requests[0]!.body).toEqual(entry);
    await expect(addLogEntry(client, 'procedurelog', 'l1', { notes: 'no date' })).rejects.toThrow(/date_time/);
  });

  it('answers invitations and changes group membership with GET, never retried', async () => {
    let calls = 0;
    const { client, requests } = clientFor(() => (++calls === 1 ? { status: 503, text: 'busy' } : { json: {} }));
    expect((await failure(answerInvitation(client, 'projectmembershipinvitation', 'i1', 'accept'))).code).toBe('SERVICE_ERROR');
    expect(requests).toHaveLength(1);
    await answerInvitation(client, 'groupmembershipinvitation', 'i2', 'reject');
    await answerInvitation(client, 'projectgroupmembershipinvitation', 'i3', 'cancel');
    await changeGroupMembership(client, 8, 'join');
    await changeGroupMembership(client, 8, 'leave');
    expect(requests.slice(1).map((r) => `${r.method} ${r.url.pathname}`)).toEqual([
      'GET /api/private/users/groupmembershipinvitation/i2/reject/',
      'GET /api/private/stem/projectgroupmembershipinvitation/i3/cancel/',
      'GET /api/private/users/group/8/join/',
      'GET /api/private/users/group/8/leave/',
    ]);
  });
});
