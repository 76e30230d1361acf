import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { BrimService } from '../brim/brim-service.ts';
import type { ConnectionService } from '../connections/connection-service.ts';
import type { JobRunner } from '../jobs/job-runner.ts';
import type { Logger } from '../log/logger.ts';
import type { SyncService } from '../sync/sync-service.ts';

export const demoNotice = 'Demo: Carrel is connected to local REDCap, BrainSTEM and Brim sandboxes with made-up records. Their tokens live only for this run; your keychain and your own connections are not touched.';

/** The file `npm run sandbox --info FILE` writes: which sandbox servers run, with their demo tokens. */
export const sandboxInfoSchema = z.object({
  redcap: z
    .object({
      url: z.string(),
      projects: z.array(z.object({ name: z.string(), token: z.string(), longitudinal: z.boolean().optional() })),
    })
    .optional(),
  brainstem: z
    .object({
      url: z.string(),
      /** The demo user's personal access token. */
      token: z.string(),
      publicProjects: z.number().int().optional(),
    })
    .optional(),
  brim: z
    .object({
      url: z.string(),
      /** The demo project's project API token. */
      token: z.string(),
      projectId: z.number().int(),
    })
    .optional(),
});
export type SandboxInfo = z.infer<typeof sandboxInfoSchema>;

export function readSandboxInfo(file: string): SandboxInfo {
  return sandboxInfoSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

type DemoServices = { connections: ConnectionService; sync: SyncService; jobs: JobRunner; log: Logger; brim: BrimService };

/**
 * Adds the sandbox's REDCap projects, its BrainSTEM server (signed in as the demo user) and its Brim demo
 * project as connections (once) and syncs them, so a newcomer sees data at once.
 */
export async function seedDemoConnections(services: DemoServices, info: SandboxInfo): Promise<void> {
  const existing = await services.connections.list();
  for (const project of info.redcap?.projects ?? []) {
    const known = existing.find((c) => c.url === info.redcap!.url && c.name === project.name);
    const connection = known ?? (await services.connections.add({ kind: 'redcap', url: info.redcap!.url, token: project.token, name: project.name }));
    await syncDemo(services, connection.id);
  }
  if (info.brainstem) {
    const { url, token } = info.brainstem;
    const known = existing.find((c) => c.kind === 'brainstem' && c.url === url);
    const id = known?.id ?? (await services.connections.brainstem.connect({ url, portal: 'private', name: 'BrainSTEM sandbox' })).id;
    // The demo's keychain is session-only, so the token is signed in again on every start.
    await services.connections.brainstemSignIn.token(services.connections.getBrainstem(id), token);
    await syncDemo(services, id);
  }
  if (info.brim) await seedBrim(services, info.brim, existing);
}

/**
 * The sandbox's Brim demo project (already uploaded and generated), with its results fetched so the
 * tables show at once. The token is kept again on every start (the demo's keychain is session-only).
 */
async function seedBrim(services: DemoServices, brim: { url: string; token: string; projectId: number }, existing: Awaited<ReturnType<ConnectionService['list']>>): Promise<void> {
  try {
    const known = existing.find((c) => c.kind === 'brim' && c.brim?.projectId === brim.projectId && new URL(c.url).host === new URL(brim.url).host);
    const id = known
      ? (await services.connections.update({ connectionId: known.id, token: brim.token })).id
      : (await services.connections.brim.connect({ url: brim.url, token: brim.token, projectId: brim.projectId })).id;
    for (const kind of ['patient', 'detailed'] as const) {
      const job = services.brim.fetchResults(id, { kind, includeNulls: true });
      const finished = await services.jobs.settled(job.id);
      if (finished?.state !== 'succeeded') services.log.warn('demo: brim results not fetched', { kind, state: finished?.state, code: finished?.error?.code });
    }
  } catch (error) {
    services.log.warn('demo: brim connection not added', { error: error instanceof Error ? error.message : String(error) });
  }
}

async function syncDemo(services: DemoServices, connectionId: string): Promise<void> {
  try {
    const job = services.sync.start(connectionId);
    const finished = await services.jobs.settled(job.id);
    if (finished?.state !== 'succeeded') services.log.warn('demo sync did not finish', { state: finished?.state, code: finished?.error?.code });
  } catch (error) {
    services.log.warn('demo sync could not start', { error: error instanceof Error ? error.message : String(error) });
  }
}
