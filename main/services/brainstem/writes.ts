import type { DatabaseSync } from 'node:sqlite';
import type { BrainstemWriteResult } from '../../../shared/contract/brainstem.ts';
import type { BrainstemPortalName } from '../../../shared/contract/connections.ts';
import { AppError, isAppError } from '../../../shared/contract/errors.ts';
import { addLogEntry, changeLogEntry, removeLogEntry, type LogEntry } from '../connectors/brainstem/actions.ts';
import { brainstemAction, brainstemModel, brainstemModels } from '../connectors/brainstem/catalogue.ts';
import type { BrainstemClient } from '../connectors/brainstem/client.ts';
import { recordSchema, type BrainstemRecord, type BrainstemWriteResult as ClientWriteResult } from '../connectors/brainstem/envelopes.ts';
import { intervalLogTypes } from '../connectors/brainstem/fields-vocabularies.ts';
import { cacheRecord, uncacheRecord, type Touched } from './cache-patch.ts';
import { modelPluralNoun } from './naming.ts';
import { readObject } from './objects.ts';
import { recordView } from './record-view.ts';
import { validateWrite } from './validate-write.ts';

/** What a write works with: the portal's client and cache, and the datasets it touched (for events). */
export interface WriteContext {
  client: BrainstemClient;
  db: DatabaseSync;
  portal: BrainstemPortalName;
  touched: Touched;
}

function writableModel(name: string): string {
  const model = brainstemModel(name);
  if (model.approves !== null) {
    throw new AppError('VALIDATION', `${model.label} requests are created by BrainSTEM when someone proposes a change; curators accept or reject them.`);
  }
  return model.name;
}

/** The server's answer, into the cache and back as the contract's write result. */
function settle(context: WriteContext, model: string, result: ClientWriteResult): BrainstemWriteResult {
  const { db, portal, touched } = context;
  if (result.kind === 'approval') {
    cacheRecord(db, portal, result.approvalModel, result.approval, touched);
    return { record: null, approval: { id: String(result.approval.id), status: String(result.approval.status ?? 'Pending') } };
  }
  const cached = cacheRecord(db, portal, model, result.record, touched);
  return { record: recordView(db, portal, model, cached.record, cached.label, 'server', new Date().toISOString(), cached.lookup), approval: null };
}

/** POST, after the values passed the catalogue's checks. */
export async function createRecord(context: WriteContext, modelName: string, values: Record<string, unknown>): Promise<BrainstemWriteResult> {
  const model = writableModel(modelName);
  const body = validateWrite(model, values, 'create');
  return settle(context, model, await context.client.create(model, body));
}

/** PATCH (only the given fields) or PUT (`replace`: the record becomes the given values). */
export async function updateRecord(context: WriteContext, modelName: string, id: string, values: Record<string, unknown>, replace: boolean): Promise<BrainstemWriteResult> {
  const model = writableModel(modelName);
  const body = validateWrite(model, values, replace ? 'replace' : 'partial');
  const result = replace ? await context.client.replace(model, id, body) : await context.client.update(model, id, body);
  return settle(context, model, result);
}

export async function deleteRecord(context: WriteContext, modelName: string, id: string): Promise<{ deleted: boolean }> {
  const model = writableModel(modelName);
  await context.client.remove(model, id);
  uncacheRecord(context.db, context.portal, model, id, context.touched);
  return { deleted: true };
}

const datetimeFormat = 'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].';
const isDatetime = (value: unknown): boolean => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(value) && !Number.isNaN(Date.parse(value.replace(' ', 'T')));

/**
 * Checks a log entry before it is sent, with errors under `entries.<field>` as the server nests them.
 * Interval subject-log types (Housing, …) are keyed by `start_date_time`, the others by `date_time`.
 */
function checkEntry(model: string, type: unknown, change: 'add' | 'change' | 'remove', entry: Record<string, unknown>): LogEntry {
  const interval = model === 'subjectlog' && typeof type === 'string' && intervalLogTypes.has(type);
  const key = interval ? 'start_date_time' : 'date_time';
  const errors: Record<string, string[]> = {};
  if (entry[key] === undefined || entry[key] === '') errors[`entries.${key}`] = [`This field is required.${change === 'add' ? '' : ' It says which entry to change.'}`];
  else if (!isDatetime(entry[key])) errors[`entries.${key}`] = [datetimeFormat];
  if (interval && entry.end_date_time !== undefined && entry.end_date_time !== '' && !isDatetime(entry.end_date_time)) errors['entries.end_date_time'] = [datetimeFormat];
  const details = entry.details;
  if (details !== undefined && details !== null && (typeof details !== 'object' || Array.isArray(details))) errors['entries.details'] = ['Expected a dictionary of items.'];
  if (Object.keys(errors).length > 0) {
    throw new AppError('VALIDATION', `Check the log entry before saving it: ${Object.keys(errors).map((name) => name.slice('entries.'.length)).join(', ')}. Nothing was sent to BrainSTEM.`, { details: { fields: errors } });
  }
  const out: LogEntry = {};
  for (const name of ['date_time', 'start_date_time', 'end_date_time'] as const) {
    const value = entry[name];
    if (typeof value === 'string' && value !== '') out[name] = value;
  }
  if (typeof entry.notes === 'string') out.notes = entry.notes;
  if (details !== undefined && details !== null) out.details = details as Record<string, unknown>;
  return out;
}

/** add_entry / change_entry / remove_entry on a subject or procedure log; the log comes back with its entries. */
export async function changeLogEntries(context: WriteContext, modelName: string, id: string, change: 'add' | 'change' | 'remove', entry: Record<string, unknown>): Promise<BrainstemWriteResult> {
  const model = brainstemModel(modelName).name;
  if (model !== 'subjectlog' && model !== 'procedurelog') throw new AppError('VALIDATION', `Only subject logs and procedure logs have entries; a ${brainstemModel(model).label} does not.`);
  const cached = readObject(context.db, context.portal, model, id);
  const checked = checkEntry(model, cached?.record.type, change, entry);
  const call = change === 'add' ? addLogEntry : change === 'change' ? changeLogEntry : removeLogEntry;
  const log = await call(context.client, model, id, checked);
  return settle(context, model, { kind: 'record', record: log });
}

/** A record the action's answer carried (a join request, a decided approval), by its envelope key. */
function carriedRecord(body: Record<string, unknown> | null): { model: string; record: BrainstemRecord } | null {
  if (body === null) return null;
  for (const model of brainstemModels()) {
    for (const key of model.singularKeys) {
      const parsed = recordSchema.safeParse(body[key]);
      if (parsed.success) return { model: model.name, record: parsed.data as BrainstemRecord };
    }
  }
  return null;
}

/**
 * An action without a body (accept/reject an invitation or approval, join/leave a group). Afterwards the
 * record is read again: an answered invitation is gone from the server, so it leaves the cache too.
 */
export async function runAction(context: WriteContext, modelName: string, id: string, action: string): Promise<{ done: boolean }> {
  const model = brainstemModel(modelName);
  const spec = brainstemAction(model, action);
  if (spec.body === 'entry') throw new AppError('VALIDATION', `"${action}" changes a log entry; use add, change or remove entry with the entry's values.`);
  const body = await context.client.action(model.name, id, action);
  const carried = carriedRecord(body);
  if (carried) cacheRecord(context.db, context.portal, carried.model, carried.record, context.touched);
  try {
    cacheRecord(context.db, context.portal, model.name, await context.client.get(model.name, id), context.touched);
  } catch (error) {
    // The action itself went through; a re-read that fails otherwise leaves the cached copy until the next sync.
    if (isAppError(error) && error.code === 'NOT_FOUND') uncacheRecord(context.db, context.portal, model.name, id, context.touched);
  }
  return { done: true };
}

export function notCachedMessage(model: string): string {
  return `This ${brainstemModel(model).label} is not in the offline cache. Sync the ${modelPluralNoun(model)}, or open it from the server.`;
}
