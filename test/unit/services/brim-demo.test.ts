import { afterEach, expect, it } from 'vitest';
import { sandboxInfoSchema, seedDemoConnections } from '../../../main/services/demo/seed-demo.ts';
import { startBrimCore, type BrimCore } from '../../helpers/brim-test-core.ts';

let brim: BrimCore | undefined;
afterEach(async () => {
  await brim?.close();
  brim = undefined;
});

it('the demo adds the sandbox Brim project once, with its patient-level and detailed results cached', async () => {
  brim = await startBrimCore({ connect: false });
  // What `npm run sandbox --info` writes for Brim.
  const info = sandboxInfoSchema.parse({ brim: { url: brim.sandbox.url, token: brim.sandbox.token, projectId: brim.sandbox.projectId } });
  await seedDemoConnections(brim.core.services, info);
  const [connection, ...others] = await brim.call('connections.list', {});
  expect(others).toEqual([]);
  expect(connection).toMatchObject({ kind: 'brim', hasToken: true, brim: { projectId: brim.sandbox.projectId, projectName: brim.sandbox.projectName } });
  const overview = await brim.call('brim.overview', { connectionId: connection!.id });
  expect(overview.datasets.map((d) => d.name).sort()).toEqual(['brim_detailed', 'brim_patient']);
  expect(overview.datasets.every((d) => d.rowCount > 0)).toBe(true);

  // A second start (same user data; the session-only token is gone) neither duplicates it nor fails.
  await brim.restart();
  await seedDemoConnections(brim.core.services, info);
  const again = await brim.call('connections.list', {});
  expect(again.map((c) => c.id)).toEqual([connection!.id]);
  expect(again[0]!.hasToken).toBe(true);
});
