import type { DatabaseSync } from 'node:sqlite';
import type { DatasetSummary, RecordPreset } from '../../../../shared/contract/datasets.ts';
import { readAllDatasetStates } from '../../cache/dataset-state.ts';
import { readMeta } from '../../cache/cache-db.ts';
import { redcapCatalogue, reportDataset } from './catalogue.ts';
import type { ProjectStructure } from './project-structure.ts';
import { recordPresets } from './record-presets.ts';

export const structureMetaKey = 'redcap.structure';

/** The cached structure of the project (null before the first sync). */
export function cachedStructure(db: DatabaseSync): ProjectStructure | null {
  const json = readMeta(db, structureMetaKey);
  return json ? (JSON.parse(json) as ProjectStructure) : null;
}

/**
 * The navigator's view of a REDCap connection, from the cache alone (so it works offline): every
 * dataset with its state, the saved reports, and the record presets.
 */
export function redcapOverview(db: DatabaseSync, reports: ReadonlyArray<{ id: string; title: string }>): { datasets: DatasetSummary[]; presets: RecordPreset[]; lastSyncedAt: string | null } {
  const states = new Map(readAllDatasetStates(db).map((state) => [state.name, state]));
  const structure = cachedStructure(db);
  const longitudinal = structure?.project.is_longitudinal ?? false;
  const repeating = structure?.project.has_repeating_instruments_or_events ?? false;
  const entries = [
    ...redcapCatalogue,
    ...reports.map((report) => ({ name: reportDataset(report.id), title: report.title, group: 'reports' as const, when: undefined })),
  ];
  const datasets: DatasetSummary[] = entries.map((entry) => {
    const state = states.get(entry.name);
    const applicable = entry.when === undefined || structure === null || (entry.when === 'longitudinal' ? longitudinal : repeating);
    if (!applicable) {
      return { name: entry.name, title: entry.title, group: entry.group, rowCount: 0, columnCount: 0, lastSyncedAt: null, availability: 'not-applicable', note: entry.when === 'longitudinal' ? 'This is a classic project: it has no arms or events.' : 'This project has no repeating instruments or events.' };
    }
    if (!state) return { name: entry.name, title: entry.title, group: entry.group, rowCount: 0, columnCount: 0, lastSyncedAt: null, availability: 'not-synced', note: null };
    return {
      name: entry.name,
      title: entry.title,
      group: entry.group,
      rowCount: state.rowCount,
      columnCount: state.columns.length,
      lastSyncedAt: state.lastSyncedAt,
      availability: state.availability,
      note: state.note,
    };
  });
  const records = states.get('records');
  const presets = structure && records?.table ? recordPresets(structure, records.columns) : [];
  const times = datasets.filter((d) => d.availability === 'ok' && d.lastSyncedAt).map((d) => d.lastSyncedAt!);
  const lastSyncedAt = records?.lastSyncedAt && times.length > 0 ? times.sort()[0]! : null;
  return { datasets, presets, lastSyncedAt };
}
