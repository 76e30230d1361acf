// Data Access Groups, which user is in which, and switching the token's own DAG.

import { z } from 'zod';
import type { RedcapApi } from '../api.ts';
import { jsonData } from '../params.ts';
import { countSchema, sendCountingWrite, type SignalOption } from './answers.ts';

export const dagSchema = z.looseObject({
  data_access_group_name: z.string(),
  unique_group_name: z.string().min(1),
  data_access_group_id: z.number().int(),
});
export type Dag = z.infer<typeof dagSchema>;

export const userDagMappingSchema = z.looseObject({
  username: z.string().min(1),
  /** "" for a user in no DAG. */
  redcap_data_access_group: z.string(),
});
export type UserDagMapping = z.infer<typeof userDagMappingSchema>;

export async function exportDags(api: RedcapApi, options: SignalOption = {}): Promise<Dag[]> {
  return api.json({ content: 'dag', action: 'export', format: 'json' }, z.array(dagSchema), 'the Data Access Groups', { signal: options.signal });
}

/** Adds DAGs (blank unique_group_name: REDCap derives one, "New DAG" → new_dag) or renames them. */
export async function importDags(api: RedcapApi, options: SignalOption & { data: ReadonlyArray<{ data_access_group_name: string; unique_group_name: string }> }): Promise<number> {
  // Not idempotent: a DAG with a blank unique_group_name is created anew by every attempt.
  return sendCountingWrite(api, { content: 'dag', action: 'import', data: jsonData(options.data) }, 'the number of imported Data Access Groups', { signal: options.signal });
}

export async function deleteDags(api: RedcapApi, options: SignalOption & { dags: ReadonlyArray<string> }): Promise<number> {
  return sendCountingWrite(api, { content: 'dag', action: 'delete', dags: options.dags }, 'the number of deleted Data Access Groups', { signal: options.signal });
}

/** Moves the token's own user into another DAG they belong to (unique group name). */
export async function switchDag(api: RedcapApi, options: SignalOption & { dag: string }): Promise<void> {
  // Switching to the same DAG twice leaves the user in that DAG: a repeat is harmless.
  await api.json({ content: 'dag', action: 'switch', format: 'json', dag: options.dag }, countSchema.pipe(z.literal(1, 'the answer 1')), 'the DAG switch', { signal: options.signal, idempotent: true });
}

export async function exportUserDagMapping(api: RedcapApi, options: SignalOption = {}): Promise<UserDagMapping[]> {
  return api.json({ content: 'userDagMapping', action: 'export', format: 'json' }, z.array(userDagMappingSchema), 'the user-DAG assignments', { signal: options.signal });
}

/** Assigns users to DAGs (redcap_data_access_group "" takes a user out of every DAG). */
export async function importUserDagMapping(api: RedcapApi, options: SignalOption & { data: ReadonlyArray<UserDagMapping> }): Promise<number> {
  // An assignment names its user and DAG: a repeat assigns the same again.
  return sendCountingWrite(api, { content: 'userDagMapping', action: 'import', data: jsonData(options.data) }, 'the number of DAG assignments', { signal: options.signal, idempotent: true });
}
