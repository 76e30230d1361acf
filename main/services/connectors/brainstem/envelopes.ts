import { z } from 'zod';
import { AppError } from '../../../../shared/contract/errors.ts';
import type { BrainstemModel } from './catalogue.ts';

export type BrainstemId = string | number;
/** One record as BrainSTEM sends it: an id (UUID string; integer for users and groups) and its fields. */
export type BrainstemRecord = { id: BrainstemId } & Record<string, unknown>;

export const recordSchema = z.looseObject({ id: z.union([z.string().min(1), z.number().int()]) });
const recordListSchema = z.array(recordSchema);
const countSchema = z.number().int().nonnegative();
const metaSchema = z.looseObject({
  page: countSchema.optional(),
  per_page: countSchema.optional(),
  total_pages: countSchema.optional(),
  total_results: countSchema.optional(),
});

/** Any JSON object: envelopes are read key by key below. */
export const envelopeSchema = z.record(z.string(), z.unknown());
export type Envelope = z.infer<typeof envelopeSchema>;

/** Keys of a list answer that are never records. */
const metadataKeys = new Set(['meta', 'count', 'next', 'previous', 'links']);

export interface BrainstemPage {
  records: BrainstemRecord[];
  /** Related objects sent alongside (`include[]`), under their own plural keys. */
  sideloaded: Record<string, BrainstemRecord[]>;
  /** `meta.total_results` (dynamic-rest). */
  totalResults: number | null;
  /** Top-level `count` (the generic DRF shape some servers add). */
  count: number | null;
  /** `meta.per_page`: the page size the server really used. */
  perPage: number | null;
}

function records(value: unknown, what: string): BrainstemRecord[] {
  const parsed = recordListSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('BAD_RESPONSE', `BrainSTEM's ${what} is not a list of records${issue?.path.length ? ` (at item ${String(issue.path[0])})` : ''}: ${issue?.message ?? 'unexpected shape'}.`);
  }
  return parsed.data as BrainstemRecord[];
}

/** The first of `keys` the envelope has. */
function present(envelope: Envelope, keys: readonly string[]): string | null {
  return keys.find((key) => key in envelope) ?? null;
}

/** Reads a list answer: records under the model's plural key (found by name, never by position). */
export function readPage(model: BrainstemModel, envelope: Envelope): BrainstemPage {
  // `results` is the generic DRF shape an older BrainSTEM documented.
  const key = present(envelope, model.pluralKeys) ?? ('results' in envelope ? 'results' : null);
  if (key === null) {
    throw new AppError('BAD_RESPONSE', `BrainSTEM's answer has no "${model.pluralKeys[0]}" list. The server may be a different BrainSTEM version; check the address.`);
  }
  const sideloaded: Record<string, BrainstemRecord[]> = {};
  for (const [other, value] of Object.entries(envelope)) {
    if (other === key || metadataKeys.has(other) || !Array.isArray(value)) continue;
    sideloaded[other] = records(value, `list of ${other}`);
  }
  const meta = metaSchema.safeParse(envelope.meta);
  const count = countSchema.safeParse(envelope.count);
  return {
    records: records(envelope[key], `list of ${model.label} records`),
    sideloaded,
    totalResults: meta.success ? (meta.data.total_results ?? null) : null,
    count: count.success ? count.data : null,
    perPage: meta.success ? (meta.data.per_page ?? null) : null,
  };
}

/** Related objects sent alongside one record (a detail call with `include[]`). */
export function readSideloaded(envelope: Envelope, primaryKeys: readonly string[]): Record<string, BrainstemRecord[]> {
  const sideloaded: Record<string, BrainstemRecord[]> = {};
  for (const [key, value] of Object.entries(envelope)) {
    if (primaryKeys.includes(key) || metadataKeys.has(key) || !Array.isArray(value)) continue;
    sideloaded[key] = records(value, `list of ${key}`);
  }
  return sideloaded;
}

function oneRecord(value: unknown, what: string): BrainstemRecord {
  const parsed = recordSchema.safeParse(value);
  if (!parsed.success) throw new AppError('BAD_RESPONSE', `BrainSTEM's ${what} is not a record with an id.`);
  return parsed.data as BrainstemRecord;
}

/** Reads `{"session": {...}}`. */
export function readRecord(model: BrainstemModel, envelope: Envelope): BrainstemRecord {
  const key = present(envelope, model.singularKeys);
  if (key === null) throw new AppError('BAD_RESPONSE', `BrainSTEM's answer has no "${model.singularKeys[0]}" record.`);
  return oneRecord(envelope[key], model.label);
}

/**
 * A write's answer: the record itself, or (for moderated models) the approval request BrainSTEM queued
 * instead, e.g. `{"species_approval": {...}}`. The change is only visible once a curator accepts it.
 */
export type BrainstemWriteResult =
  | { kind: 'record'; record: BrainstemRecord }
  | { kind: 'approval'; approvalModel: string; approval: BrainstemRecord };

export function readWriteResult(model: BrainstemModel, approval: BrainstemModel | null, envelope: Envelope): BrainstemWriteResult {
  if (approval) {
    const key = present(envelope, approval.singularKeys);
    if (key !== null) return { kind: 'approval', approvalModel: approval.name, approval: oneRecord(envelope[key], approval.label) };
  }
  return { kind: 'record', record: readRecord(model, envelope) };
}
