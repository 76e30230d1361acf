import { z } from 'zod';
import { AppError } from '../../../../shared/contract/errors.ts';
import { brainstemModel } from './catalogue.ts';
import type { BrainstemClient, CallOptions } from './client.ts';
import { readRecord, type BrainstemId, type BrainstemPage, type BrainstemRecord } from './envelopes.ts';
import type { BrainstemQuery } from './query.ts';

export type LogModel = 'procedurelog' | 'subjectlog';

/**
 * One log entry. Instantaneous entries have `date_time`; subject-log interval types (Housing,
 * FoodDeprivation, …) have `start_date_time` and `end_date_time` instead. `change_entry` and
 * `remove_entry` find the entry by its date.
 */
export const logEntrySchema = z
  .object({
    date_time: z.string().min(1).optional(),
    start_date_time: z.string().min(1).optional(),
    end_date_time: z.string().min(1).optional(),
    notes: z.string().nullable().optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((entry) => entry.date_time !== undefined || entry.start_date_time !== undefined, 'an entry needs date_time (or start_date_time for interval entries)');
export type LogEntry = z.input<typeof logEntrySchema>;

async function logAction(client: BrainstemClient, model: LogModel, id: BrainstemId, action: string, entry: LogEntry, options: CallOptions): Promise<BrainstemRecord> {
  const parsed = logEntrySchema.safeParse(entry);
  if (!parsed.success) throw new AppError('VALIDATION', `This log entry cannot be sent: ${parsed.error.issues[0]?.message ?? 'unexpected shape'}.`);
  const body = await client.action(model, id, action, parsed.data, options);
  const logModel = brainstemModel(model);
  if (body === null) throw new AppError('BAD_RESPONSE', `BrainSTEM answered the ${logModel.label} change with an empty body.`);
  return readRecord(logModel, body);
}

/** Adds an entry; answers the log with its entries. */
export function addLogEntry(client: BrainstemClient, model: LogModel, id: BrainstemId, entry: LogEntry, options: CallOptions = {}): Promise<BrainstemRecord> {
  return logAction(client, model, id, 'add_entry', entry, options);
}

/** Changes the entry with this entry's date. */
export function changeLogEntry(client: BrainstemClient, model: LogModel, id: BrainstemId, entry: LogEntry, options: CallOptions = {}): Promise<BrainstemRecord> {
  return logAction(client, model, id, 'change_entry', entry, options);
}

/** Removes the entry with this date. */
export function removeLogEntry(client: BrainstemClient, model: LogModel, id: BrainstemId, entry: LogEntry, options: CallOptions = {}): Promise<BrainstemRecord> {
  return logAction(client, model, id, 'remove_entry', entry, options);
}

export type InvitationModel = 'projectmembershipinvitation' | 'projectgroupmembershipinvitation' | 'groupmembershipinvitation' | 'groupmembershiprequest';

/** Accepts, rejects or (for the sender) cancels an invitation or membership request. */
export async function answerInvitation(client: BrainstemClient, model: InvitationModel, id: BrainstemId, answer: 'accept' | 'reject' | 'cancel', options: CallOptions = {}): Promise<void> {
  await client.action(model, id, answer, undefined, options);
}

/** `join` asks to join (a request the group's managers answer); `leave` leaves at once. */
export async function changeGroupMembership(client: BrainstemClient, groupId: number, change: 'join' | 'leave', options: CallOptions = {}): Promise<void> {
  await client.action('group', groupId, change, undefined, options);
}

/** The approval queue of a moderated model (`species` → `speciesapproval`): pending and decided requests. */
export async function listApprovals(client: BrainstemClient, model: string, query: BrainstemQuery = {}, options: CallOptions = {}): Promise<BrainstemPage> {
  const approval = brainstemModel(model).approvalModel;
  if (approval === null) throw new AppError('VALIDATION', `Changes to a ${brainstemModel(model).label} are not moderated; there is no approval queue.`);
  return client.list(approval, query, options);
}

/** A curator's decision on one approval request. */
export async function reviewApproval(client: BrainstemClient, model: string, approvalId: BrainstemId, decision: 'accept' | 'reject', options: CallOptions = {}): Promise<void> {
  const approval = brainstemModel(model).approvalModel ?? (brainstemModel(model).approves ? model : null);
  if (approval === null) throw new AppError('VALIDATION', `Changes to a ${brainstemModel(model).label} are not moderated; there is nothing to review.`);
  await client.action(approval, approvalId, decision, undefined, options);
}
