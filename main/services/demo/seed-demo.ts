import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { ConnectionService } from '../connections/connection-service.ts';
import type { JobRunner } from '../jobs/job-runner.ts';
import type { Logger } from '../log/logger.ts';
import type { SyncService } from '../sync/sync-service.ts';

export const demoNotice = 'Demo: Carrel is connected to a local sandbox with made-up records. Its token lives only for this run; your keychain and your own connections are not touched.';

/** The file `npm run sandbox --info FILE` writes: which sandbox servers run, with their demo tokens. */
export const sandboxInfoSchema = z.object({
  redcap: z
    .object({
      url: z.string(),
      projects: z.array(z.object({ name: z.string(), token: z.string(), longitudinal: z.boolean().optional() })),
    })
    .optional(),
});
export type SandboxInfo = z.infer<typeof sandboxInfoSchema>;

export function readSandboxInfo(file: string): SandboxInfo {
  return sandboxInfoSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/** Adds the sandbox's projects as connections (once) and syncs them, so a newcomer sees data at once. */
export async function seedDemoConnections(
  services: { connections: ConnectionService; sync: SyncService; jobs: JobRunner; log: Logger },
  info: SandboxInfo,
): Promise<void> {
  const existing = await services.connections.list();
  for (const project of info.redcap?.projects ?? []) {
    const known = existing.find((c) => c.url === info.redcap!.url && c.name === project.name);
    const connection = known ?? (await services.connections.add({ kind: 'redcap', url: info.redcap!.url, token: project.token, name: project.name }));
    const job = services.sync.start(connection.id);
    const finished = await services.jobs.settled(job.id);
    if (finished?.state !== 'succeeded') services.log.warn('demo sync did not finish', { state: finished?.state, code: finished?.error?.code });
  }
}
