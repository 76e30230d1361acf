import type { DatabaseSync } from 'node:sqlite';
import { brainstemAppNames, type BrainstemModelSummary, type BrainstemOverview } from '../../../shared/contract/brainstem.ts';
import type { BrainstemPortalName, ConnectionSummary } from '../../../shared/contract/connections.ts';
import { readAllDatasetStates } from '../cache/dataset-state.ts';
import { brainstemModel, isModerated } from '../connectors/brainstem/catalogue.ts';
import { brainstemFields } from '../connectors/brainstem/fields.ts';
import { appLabels, brainstemDataset, modelLabel, modelPluralLabel } from './naming.ts';
import { portalModels } from './sync.ts';

/** Only administrators change these (brain regions); everyone else only reads them. */
const adminOnly = new Set(['brainregion']);

/** Whether the UI should offer create/edit/delete for a model at all (the server still checks each change). */
export function modelWritable(model: string, portal: BrainstemPortalName, signedIn: boolean): boolean {
  const entry = brainstemModel(model);
  return portal === 'private' && signedIn && !adminOnly.has(entry.name) && entry.approves === null;
}

/**
 * The navigator's view of a BrainSTEM connection, from the cache alone (so it works offline): the apps of
 * the current portal in the reference's order, each model with its fields and what the cache holds.
 */
export function brainstemOverview(db: DatabaseSync, connection: ConnectionSummary, portal: BrainstemPortalName): BrainstemOverview {
  const signedIn = connection.brainstem?.signedIn ?? false;
  const states = new Map(readAllDatasetStates(db).map((state) => [state.name, state]));
  const byApp = new Map<string, BrainstemModelSummary[]>();
  for (const name of portalModels(portal)) {
    const model = brainstemModel(name);
    const dataset = brainstemDataset(portal, name);
    const state = states.get(dataset);
    const summary: BrainstemModelSummary = {
      model: name,
      app: model.app,
      label: modelLabel(name),
      pluralLabel: modelPluralLabel(name),
      dataset,
      fields: [...brainstemFields(name)],
      defaultIncludes: [...model.defaultIncludes],
      publicRead: model.publicRead,
      moderated: isModerated(model),
      writable: modelWritable(name, portal, signedIn),
      actions: model.actions.map((action) => action.name),
      rowCount: state?.rowCount ?? 0,
      lastSyncedAt: state ? state.lastSyncedAt : null,
      availability: state ? state.availability : 'not-synced',
      note: state?.note ?? null,
    };
    byApp.set(model.app, [...(byApp.get(model.app) ?? []), summary]);
  }
  const apps = brainstemAppNames.filter((app) => byApp.has(app)).map((app) => ({ app, label: appLabels[app], models: byApp.get(app)! }));
  const synced = apps.flatMap((app) => app.models).filter((model) => model.availability === 'ok' && model.lastSyncedAt !== null);
  const lastSyncedAt = synced.length > 0 ? synced.map((model) => model.lastSyncedAt!).sort()[0]! : null;
  return { connection, portal, apps, lastSyncedAt };
}
