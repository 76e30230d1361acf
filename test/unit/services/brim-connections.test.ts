import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CallError, startBrimCore, type BrimCore } from '../../helpers/brim-test-core.ts';

let brim: BrimCore | undefined;
afterEach(async () => {
  await brim?.close();
  brim = undefined;
});

async function failure(promise: Promise<unknown>): Promise<CallError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CallError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('Brim connections', () => {
  it('connects with a project token: the project is named, the token is in the keychain and nowhere else', async () => {
    brim = await startBrimCore();
    const [summary] = await brim.call('connections.list', {});
    expect(summary).toMatchObject({ kind: 'brim', hasToken: true, brainstem: null, project: null });
    expect(summary!.brim).toMatchObject({ projectId: brim.sandbox.projectId, projectName: brim.sandbox.projectName });
    expect(summary!.brim!.capabilities.generate).toEqual({ state: 'unknown', note: null });
    expect(summary!.tokenHint).toBe(`…${brim.sandbox.token.slice(-4)}`);
    expect(await brim.keychain.get(`brim:${summary!.id}`)).toBe(brim.sandbox.token);
    const settingsFile = readFileSync(join(brim.userDataDir, 'settings.json'), 'utf8');
    expect(settingsFile).not.toContain(brim.sandbox.token);
    expect(JSON.stringify(summary)).not.toContain(brim.sandbox.token);
  });

  it('refuses a deactivated token and saves nothing', async () => {
    brim = await startBrimCore({ connect: false });
    const error = await failure(brim.call('brim.connect', { url: brim.sandbox.url, token: brim.sandbox.inactiveToken, projectId: brim.sandbox.projectId }));
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.message).not.toContain(brim.sandbox.inactiveToken);
    expect(await brim.call('connections.list', {})).toEqual([]);
  });

  it('refuses a project token used on another project (403) with a sentence about token scope', async () => {
    brim = await startBrimCore({ connect: false });
    const error = await failure(brim.call('brim.connect', { url: brim.sandbox.url, token: brim.sandbox.otherProject.token, projectId: brim.sandbox.projectId }));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message.toLowerCase()).toContain('project');
    expect(await brim.call('connections.list', {})).toEqual([]);
  });

  it('creates a project by name with an organization token, and reuses it the second time', async () => {
    brim = await startBrimCore({ connect: false });
    const first = await brim.call('brim.connect', { url: brim.sandbox.url, token: brim.sandbox.orgToken, projectName: 'Carrel test project' });
    const second = await brim.call('brim.connect', { url: `${brim.sandbox.url}/api/v1/`, token: brim.sandbox.orgToken, projectName: 'Carrel test project', name: 'Again' });
    expect(first.brim!.projectName).toBe('Carrel test project');
    expect(second.brim!.projectId).toBe(first.brim!.projectId);
    expect(second.url).toBe(`${brim.sandbox.url}/`);
    expect(second.name).toBe('Again');
    expect([...brim.sandbox.store().projects.values()].filter((p) => p.name === 'Carrel test project')).toHaveLength(1);
  });

  it('pings, takes a new token only when it opens the same project, and removes token and cache', async () => {
    brim = await startBrimCore();
    const id = brim.connectionId;
    expect((await brim.call('connections.ping', { connectionId: id })).online).toBe(true);
    const wrong = await failure(brim.call('connections.update', { connectionId: id, token: brim.sandbox.otherProject.token }));
    expect(wrong.code).toBe('FORBIDDEN');
    expect(await brim.keychain.get(`brim:${id}`)).toBe(brim.sandbox.token);
    const renamed = await brim.call('connections.update', { connectionId: id, token: brim.sandbox.orgToken, name: 'Registry' });
    expect(renamed).toMatchObject({ name: 'Registry', tokenHint: `…${brim.sandbox.orgToken.slice(-4)}` });
    await brim.job('brim.fetchResults', { connectionId: id, kind: 'patient', includeNulls: true, scope: { type: 'project' } });
    const cacheFile = join(brim.userDataDir, 'cache', `${id}.sqlite`);
    expect(existsSync(cacheFile)).toBe(true);
    expect((await brim.call('connections.remove', { connectionId: id })).removed).toBe(true);
    expect(await brim.keychain.get(`brim:${id}`)).toBeNull();
    expect(existsSync(cacheFile)).toBe(false);
    expect(await brim.call('connections.list', {})).toEqual([]);
  });

  it('turns an optional feature off after a 404, keeps the note across a restart, and then sends nothing', async () => {
    brim = await startBrimCore({ sandbox: { capabilities: { generate: 404 } } });
    const id = brim.connectionId;
    const error = await failure(brim.call('brim.generate', { connectionId: id }));
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.details).toMatchObject({ capability: 'generate' });
    expect(error.message).toMatch(/not available/);
    await brim.restart();
    const overview = await brim.call('brim.overview', { connectionId: id });
    expect(overview.connection.brim!.capabilities.generate.state).toBe('no');
    expect(overview.connection.brim!.capabilities.generate.note).toMatch(/not available/);
    const before = brim.sandbox.stats()['POST generate/'] ?? 0;
    expect(before).toBe(1);
    const again = await failure(brim.call('brim.generate', { connectionId: id }));
    expect(again.code).toBe('UNSUPPORTED');
    expect(brim.sandbox.stats()['POST generate/']).toBe(before);
  });

  it('turns an optional feature on once it answers (the single-note queue)', async () => {
    brim = await startBrimCore();
    const peek = await brim.call('brim.queuePeek', { connectionId: brim.connectionId });
    expect(peek).toHaveProperty('next');
    const overview = await brim.call('brim.overview', { connectionId: brim.connectionId });
    expect(overview.connection.brim!.capabilities.singleNote).toEqual({ state: 'yes', note: null });
  });

  it('invites a user, and reports an existing member as not invited', async () => {
    brim = await startBrimCore();
    const invited = await brim.call('brim.invite', { connectionId: brim.connectionId, email: 'new.person@example.org' });
    expect(invited.invited).toBe(true);
    const member = await brim.call('brim.invite', { connectionId: brim.connectionId, email: 'reviewer@brim.sandbox.test' });
    expect(member.invited).toBe(false);
    expect(member.message).toMatch(/already/i);
  });
});
