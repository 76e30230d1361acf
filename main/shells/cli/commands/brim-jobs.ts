// The result a `brim …` command waits for: the job followed with its progress bar (cli-calls), and a
// failed, cancelled or unexpected outcome turned into the error the runner prints.

import { AppError } from '../../../../shared/contract/errors.ts';
import type { JobResult } from '../../../../shared/contract/jobs.ts';
import type { Core } from '../../../ipc/core.ts';
import { jobError, waitForJob } from '../cli-calls.ts';
import type { CliOutput } from '../cli-types.ts';

export async function jobResult<K extends JobResult['kind']>(core: Core, jobId: string, out: CliOutput, kind: K): Promise<Extract<JobResult, { kind: K }>> {
  const job = await waitForJob(core, jobId, out);
  if (job.state !== 'succeeded') throw jobError(job);
  if (job.result?.kind !== kind) throw new AppError('INTERNAL', `${job.title} ended without the expected result.`);
  return job.result as Extract<JobResult, { kind: K }>;
}
