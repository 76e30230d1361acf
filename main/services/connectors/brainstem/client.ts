import { z } from 'zod';
import { AppError } from '../../../../shared/contract/errors.ts';
import type { BrainstemApi } from './api.ts';
import { brainstemAction, brainstemModel, type BrainstemModel } from './catalogue.ts';
import {
  envelopeSchema,
  readPage,
  readRecord,
  readSideloaded,
  readWriteResult,
  type BrainstemId,
  type BrainstemPage,
  type BrainstemRecord,
  type BrainstemWriteResult,
} from './envelopes.ts';
import { loadAllPages, type LoadAllOptions, type LoadAllResult } from './load-all.ts';
import { encodeBrainstemQuery, includedRelations, type BrainstemQuery } from './query.ts';
import { mergeSideloaded } from './sideload.ts';

export interface CallOptions {
  signal?: AbortSignal | undefined;
}

export type WriteData = Readonly<Record<string, unknown>>;

/** The Python tool's convenience-loader includes for `model` (project → sessions, subjects, …), added to `query`. */
export function withDefaultIncludes(model: string, query: BrainstemQuery = {}): BrainstemQuery {
  const defaults = brainstemModel(model).defaultIncludes;
  return { ...query, include: [...new Set([...defaults, ...(query.include ?? [])])] };
}

function checkData(data: WriteData, what: string): void {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new AppError('VALIDATION', `The ${what} to send must be an object of fields.`);
}

/**
 * Records of any BrainSTEM model over one BrainstemApi (server, portal, token). Models are named by URL
 * segment (`session`, `dataacquisition`) or another client's spelling; see catalogue.ts.
 */
export class BrainstemClient {
  readonly api: BrainstemApi;

  constructor(api: BrainstemApi) {
    this.api = api;
  }

  /** One page. Sideloaded related objects are merged onto the records and kept in `sideloaded` too. */
  async list(modelName: string, query: BrainstemQuery = {}, options: CallOptions = {}): Promise<BrainstemPage> {
    const model = brainstemModel(modelName);
    const envelope = await this.api.json({ method: 'GET', model, query: encodeBrainstemQuery(query), signal: options.signal }, envelopeSchema, `the ${model.label} list`);
    const page = readPage(model, envelope);
    const relations = includedRelations(query.include);
    return relations.length === 0 ? page : { ...page, records: mergeSideloaded(model, page.records, page.sideloaded, relations, model.pluralKeys[0]) };
  }

  /**
   * Every record matching `query` (its limit and offset are the page size and start). Without a sort,
   * records are sorted by id so that pages cannot shift under the walk.
   */
  async loadAll(modelName: string, query: BrainstemQuery = {}, options: Omit<LoadAllOptions, 'pageSize' | 'offset'> = {}): Promise<LoadAllResult> {
    const model = brainstemModel(modelName);
    const { limit, offset, ...rest } = query;
    const base: BrainstemQuery = rest.sort && rest.sort.length > 0 ? rest : { ...rest, sort: ['id'] };
    const result = await loadAllPages(
      (pageOffset, pageLimit, signal) => this.list(model.name, { ...base, limit: pageLimit, offset: pageOffset }, { signal }),
      { ...options, ...(limit !== undefined ? { pageSize: limit } : {}), ...(offset !== undefined ? { offset } : {}) },
    );
    return result;
  }

  /** How many records match: one request for a single record, read from the list's metadata. */
  async count(modelName: string, query: BrainstemQuery = {}, options: CallOptions = {}): Promise<number | null> {
    const page = await this.list(modelName, { ...query, include: [], limit: 1, offset: 0 }, options);
    return page.totalResults ?? page.count;
  }

  /** One record, with `include[]`d relations merged in (the include is sent with the id, not dropped). */
  async get(modelName: string, id: BrainstemId, options: CallOptions & { include?: ReadonlyArray<string> } = {}): Promise<BrainstemRecord> {
    const model = brainstemModel(modelName);
    const query = encodeBrainstemQuery(options.include ? { include: options.include } : {});
    const envelope = await this.api.json({ method: 'GET', model, id, query, signal: options.signal }, envelopeSchema, `the ${model.label}`);
    const record = readRecord(model, envelope);
    const relations = includedRelations(options.include);
    if (relations.length === 0) return record;
    const [merged] = mergeSideloaded(model, [record], readSideloaded(envelope, model.singularKeys), relations);
    return merged ?? record;
  }

  /** POST. Never retried: a second POST would create a second record. */
  async create(modelName: string, data: WriteData, options: CallOptions = {}): Promise<BrainstemWriteResult> {
    checkData(data, 'new record');
    return this.write(brainstemModel(modelName), { method: 'POST', body: data, idempotent: false, signal: options.signal });
  }

  /** PATCH: only the fields given change. */
  async update(modelName: string, id: BrainstemId, changes: WriteData, options: CallOptions = {}): Promise<BrainstemWriteResult> {
    checkData(changes, 'changes');
    return this.write(brainstemModel(modelName), { method: 'PATCH', id, body: changes, idempotent: true, signal: options.signal });
  }

  /** PUT: the record becomes `data` (read-only keys such as `links` are ignored by the server). */
  async replace(modelName: string, id: BrainstemId, data: WriteData, options: CallOptions = {}): Promise<BrainstemWriteResult> {
    checkData(data, 'record');
    return this.write(brainstemModel(modelName), { method: 'PUT', id, body: data, idempotent: true, signal: options.signal });
  }

  /** DELETE (204). With `missingOk`, a record that is already gone counts as deleted. */
  async remove(modelName: string, id: BrainstemId, options: CallOptions & { missingOk?: boolean } = {}): Promise<void> {
    const model = brainstemModel(modelName);
    try {
      await this.api.maybeJson({ method: 'DELETE', model, id, signal: options.signal }, z.unknown(), `the deleted ${model.label}`);
    } catch (error) {
      if (options.missingOk && error instanceof AppError && error.code === 'NOT_FOUND') return;
      throw error;
    }
  }

  /**
   * A custom action at `{model}/{id}/{action}/` with the method the catalogue gives it. Answers the body
   * (null when empty). Actions are never retried: accepting an invitation or adding a log entry twice is
   * not the same as once.
   */
  async action(modelName: string, id: BrainstemId, actionName: string, body?: WriteData, options: CallOptions = {}): Promise<Record<string, unknown> | null> {
    const model = brainstemModel(modelName);
    const spec = brainstemAction(model, actionName);
    if (spec.body === 'entry' && body === undefined) throw new AppError('VALIDATION', `The ${actionName} action needs an entry.`);
    if (spec.body === 'none' && body !== undefined) throw new AppError('INTERNAL', `The ${actionName} action takes no body.`);
    return this.api.maybeJson(
      { method: spec.method, model, id, action: spec.name, ...(body !== undefined ? { body } : {}), idempotent: false, signal: options.signal },
      envelopeSchema,
      `the ${model.label} ${actionName}`,
    );
  }

  private async write(model: BrainstemModel, request: { method: 'POST' | 'PATCH' | 'PUT'; id?: BrainstemId; body: WriteData; idempotent: boolean; signal: AbortSignal | undefined }): Promise<BrainstemWriteResult> {
    const envelope = await this.api.json({ model, ...request }, envelopeSchema, `the saved ${model.label}`);
    const approval = model.approvalModel ? brainstemModel(model.approvalModel) : null;
    return readWriteResult(model, approval, envelope);
  }
}
