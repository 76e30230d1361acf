import { afterEach, expect, it } from 'vitest';
import { seedDemoConnections, sandboxInfoSchema } from '../../../main/services/demo/seed-demo.ts';
import { startBrainstemCore, type BrainstemCore } from '../../helpers/brainstem-test-core.ts';

let c: BrainstemCore | null = null;
afterEach(async () => {
  await c?.close();
  c = null;
});

it('the demo adds the sandbox BrainSTEM once, signed in as the demo user, and starts its sync', async () => {
  c = await startBrainstemCore({ sessions: 8, signIn: false });
  await c.call('connections.remove', { connectionId: c.connectionId });
  // What `npm run sandbox --info` writes for BrainSTEM.
  const info = sandboxInfoSchema.parse({ brainstem: { url: c.sandbox.url, token: c.sandbox.token, publicProjects: c.sandbox.publicProjects } });

  await seedDemoConnections(c.core.services, info);
  const [connection, ...others] = await c.call('connections.list', {});
  expect(others).toEqual([]);
  expect(connection).toMatchObject({ kind: 'brainstem', name: 'BrainSTEM sandbox', url: c.sandbox.url, brainstem: { signedIn: true, authKind: 'personal-token', portal: 'private' } });
  const sync = c.core.services.jobs.list().find((job) => job.kind === 'sync' && job.connectionId === connection!.id);
  expect(sync?.state).toBe('succeeded');
  // The home screen's "cached" line counts the synced models of the current portal.
  expect(connection?.cached?.rows).toBeGreaterThan(0);
  expect(Date.parse(connection!.cached!.lastSyncedAt)).toBeGreaterThan(Date.now() - 60_000);

  // A second start (same user data, e.g. after a restart) neither duplicates the connection nor loses the sign-in.
  await c.call('brainstem.signOut', { connectionId: connection!.id });
  await seedDemoConnections(c.core.services, info);
  const again = await c.call('connections.list', {});
  expect(again.map((s) => s.id)).toEqual([connection!.id]);
  expect(again[0]?.brainstem?.signedIn).toBe(true);
});
