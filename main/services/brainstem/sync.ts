import type { DatabaseSync } from 'node:sqlite';
import type { BrainstemPortalName } from '../../../shared/contract/connections.ts';
import { AppError } from '../../../shared/contract/errors.ts';
import { markDataset, readDatasetState } from '../cache/dataset-state.ts';
import { brainstemModel, brainstemModels, isBrainstemModelName } from '../connectors/brainstem/catalogue.ts';
import type { BrainstemClient } from '../connectors/brainstem/client.ts';
import type { BrainstemRecord } from '../connectors/brainstem/envelopes.ts';
import type { JobContext } from '../jobs/job-runner.ts';
import { baseLabels, labelRecords, LabelIndex } from './label-index.ts';
import { writeModelCache } from './model-cache.ts';
import { brainstemDataset, modelPluralLabel, modelPluralNoun } from './naming.ts';
import { deleteModelObjects, objectIds } from './objects.ts';
import { normalizeRecord } from './record-json.ts';
import { classifyModelError, incompleteLoad, isNetworkFailure, stopsTheSync, type ModelOutcome } from './sync-outcomes.ts';

export interface BrainstemSyncResult {
  outcomes: ModelOutcome[];
  /** Records now cached across the synced models. */
  records: number;
  columns: number;
  /** Records downloaded in this sync. */
  fetched: number;
  /** Records cached before that the server no longer lists. */
  deleted: number;
}

/** The models a portal offers: every model in the private portal, the publicly readable ones in the public portal. */
export function portalModels(portal: BrainstemPortalName): string[] {
  return brainstemModels().filter((model) => portal === 'private' || model.publicRead).map((model) => model.name);
}

/** Catalogue names for `requested` (aliases allowed), in catalogue order; an unknown name is said plainly. */
export function modelsToSync(portal: BrainstemPortalName, requested: readonly string[] | undefined): string[] {
  const offered = portalModels(portal);
  if (requested === undefined || requested.length === 0) return offered;
  const wanted = new Set<string>();
  for (const name of requested) {
    if (!isBrainstemModelName(name)) throw new AppError('VALIDATION', `BrainSTEM has no model called "${name.slice(0, 60)}".`);
    const model = brainstemModel(name).name;
    if (!offered.includes(model)) throw new AppError('VALIDATION', `The ${portal} portal does not offer ${modelPluralNoun(model)}; switch to the private portal (signed in) to sync them.`);
    wanted.add(model);
  }
  return offered.filter((model) => wanted.has(model));
}

interface Loaded {
  model: string;
  records: BrainstemRecord[];
}

/**
 * Brings a BrainSTEM portal into the cache, one dataset per model. Every model is read whole (load-all)
 * before anything is written; then each model's table and JSON swap in one transaction. A model the
 * account may not read is marked forbidden, one the server does not serve not-applicable, and one that
 * fails keeps its previous copy (marked failed) while the rest goes on. When the server stops answering
 * altogether, what was read completely is still written, and the sync fails with the reason.
 */
export async function syncBrainstemPortal(options: {
  client: BrainstemClient;
  db: DatabaseSync;
  portal: BrainstemPortalName;
  models?: readonly string[] | undefined;
  context: JobContext;
  now?: () => string;
}): Promise<BrainstemSyncResult> {
  const { client, db, portal, context } = options;
  const now = options.now ?? ((): string => new Date().toISOString());
  const models = modelsToSync(portal, options.models);
  const loading = new Set(models);
  const outcomes = new Map<string, ModelOutcome>();
  const loaded: Loaded[] = [];
  const index = new LabelIndex(db, portal);
  // How many records to expect: the last sync's counts until the server says; unknown on a first sync.
  const estimates = new Map<string, number | null>(models.map((model) => {
    const state = readDatasetState(db, brainstemDataset(portal, model));
    return [model, state ? state.rowCount : null];
  }));
  let done = 0;
  let networkFailures = 0;
  let stopped: unknown = null;

  for (const [position, model] of models.entries()) {
    context.throwIfCancelled();
    const noun = modelPluralNoun(model);
    const step = `(${position + 1} of ${models.length})`;
    const total = (): number | null => {
      let sum = 0;
      for (const value of estimates.values()) {
        if (value === null) return null;
        sum += value;
      }
      return sum;
    };
    context.progress(done, total(), `Reading ${noun} ${step}…`);
    // Related objects come along only for relations that are not synced themselves (their labels help).
    const include = brainstemModel(model).defaultIncludes.filter((relation) => {
      const target = brainstemModel(model).relations[relation];
      return target !== undefined && isBrainstemModelName(target) && !loading.has(brainstemModel(target).name);
    });
    try {
      const result = await client.loadAll(model, include.length > 0 ? { include } : {}, {
        signal: context.signal,
        onProgress: (progress) => {
          if (progress.total !== null) estimates.set(model, progress.total);
          context.progress(done + progress.loaded, total(), `Reading ${noun} ${step}: ${progress.loaded.toLocaleString('en-US')}${progress.total !== null ? ` of ${progress.total.toLocaleString('en-US')}` : ''}…`);
        },
      });
      const problem = incompleteLoad(model, result);
      if (problem) throw new AppError('INCOMPLETE_DATA', problem);
      const records: BrainstemRecord[] = [];
      for (const raw of result.records) {
        const { record, embedded } = normalizeRecord(model, raw);
        records.push(record);
        index.addEmbedded(embedded);
      }
      loaded.push({ model, records });
      done += records.length;
      estimates.set(model, records.length);
      networkFailures = 0;
    } catch (error) {
      if (stopsTheSync(error)) throw error;
      const outcome = classifyModelError(model, portal, error);
      outcomes.set(model, { model, dataset: brainstemDataset(portal, model), rows: 0, ...outcome });
      estimates.set(model, 0);
      if (isNetworkFailure(error) && ++networkFailures >= 2) {
        stopped = error;
        break;
      }
    }
  }

  context.progress(done, done, 'Saving to the offline cache…');
  // Labels first from each record's own fields, then with their related records' labels.
  for (const { model, records } of loaded) index.setFresh(model, baseLabels(model, records));
  const labels = new Map(loaded.map(({ model, records }) => [model, labelRecords(model, records, index.lookup)]));
  for (const [model, map] of labels) index.setFresh(model, map);

  const at = now();
  let records = 0;
  let columns = 0;
  let deleted = 0;
  for (const { model, records: list } of loaded) {
    context.throwIfCancelled();
    const before = objectIds(db, portal, model);
    const written = writeModelCache(db, portal, model, list, labels.get(model) ?? new Map(), index.lookup, at);
    const current = new Set(list.map((record) => String(record.id)));
    for (const id of before) if (!current.has(id)) deleted++;
    records += written.rows;
    columns += written.columns;
    outcomes.set(model, { model, dataset: brainstemDataset(portal, model), availability: 'ok', rows: written.rows, note: null });
  }
  for (const outcome of outcomes.values()) {
    if (outcome.availability === 'ok') continue;
    const { availability, note } = outcome;
    markDataset(db, outcome.dataset, { title: modelPluralLabel(outcome.model), group: 'records', availability, note: note ?? '', at });
    // Rights withdrawn on the server are withdrawn here too; a failed model keeps its last good copy.
    if (availability !== 'failed') deleteModelObjects(db, portal, outcome.model);
    outcome.rows = readDatasetState(db, outcome.dataset)?.rowCount ?? 0;
  }
  if (stopped !== null) {
    const unread = models.filter((model) => !outcomes.has(model)).length;
    const message = stopped instanceof AppError ? stopped.message : 'BrainSTEM stopped answering.';
    throw new AppError(stopped instanceof AppError ? stopped.code : 'UNREACHABLE', `${message} ${loaded.length} of ${models.length} record types were synced; ${unread > 0 ? `${unread} were not reached and ` : ''}the others keep their previous copy.`, {
      retryable: true,
      cause: stopped,
    });
  }
  return { outcomes: models.map((model) => outcomes.get(model)!).filter(Boolean), records, columns, fetched: done, deleted };
}
