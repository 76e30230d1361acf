import type { DatasetSummary, ProjectOverview, RecordPreset } from '../../../shared/contract/datasets.ts';

export type EntryState = DatasetSummary['availability'];

export type NavTarget =
  | { kind: 'preset'; preset: RecordPreset }
  | { kind: 'dataset'; dataset: DatasetSummary }
  | { kind: 'arms-events'; events: DatasetSummary | null }
  | { kind: 'report'; dataset: DatasetSummary; reportId: string };

export interface NavEntry {
  /** Stable across syncs and sessions: what the navigator remembers. */
  key: string;
  group: NavGroupId;
  title: string;
  /** Rows in the entry; null while unknown (a preset not counted yet). */
  count: number | null;
  state: EntryState;
  note: string | null;
  target: NavTarget;
}

export const navGroups = [
  { id: 'records', title: 'Records' },
  { id: 'instruments', title: 'Instruments' },
  { id: 'events', title: 'Events' },
  { id: 'repeating', title: 'Repeating instruments' },
  { id: 'structure', title: 'Structure' },
  { id: 'people', title: 'People' },
  { id: 'activity', title: 'Activity' },
  { id: 'files', title: 'Files' },
  { id: 'reports', title: 'Reports' },
] as const;
export type NavGroupId = (typeof navGroups)[number]['id'];

/** Shorter names than the datasets' own titles, for a narrow sidebar. */
const shortTitles: Record<string, string> = {
  dictionary: 'Data dictionary',
  instruments: 'Instruments',
  repeating: 'Repeating setup',
  users: 'Users',
  roles: 'Roles',
  role_mappings: 'Users in roles',
  dags: 'DAGs',
  dag_mappings: 'Users in DAGs',
  logging: 'Logging',
  file_repository: 'File repository',
};
/** Shown together as one form–event grid ("Arms & events"), not as three tables in the sidebar. */
const armsAndEvents = new Set(['arms', 'events', 'form_events']);

export const defaultEntryKey = 'preset:all';
export const reportPrefix = 'report_';

function presetGroup(preset: RecordPreset): NavGroupId {
  if (preset.kind === 'all') return 'records';
  if (preset.kind === 'event') return 'events';
  if (preset.kind === 'repeating') return 'repeating';
  return 'instruments';
}

function datasetEntry(dataset: DatasetSummary): NavEntry {
  const isReport = dataset.name.startsWith(reportPrefix);
  return {
    key: `dataset:${dataset.name}`,
    group: isReport ? 'reports' : dataset.group === 'records' ? 'records' : dataset.group,
    title: shortTitles[dataset.name] ?? dataset.title,
    count: dataset.availability === 'ok' ? dataset.rowCount : null,
    state: dataset.availability,
    note: dataset.note,
    target: isReport ? { kind: 'report', dataset, reportId: dataset.name.slice(reportPrefix.length) } : { kind: 'dataset', dataset },
  };
}

/**
 * The navigator's entries in display order: the record presets (all records, per instrument, per
 * event, repeating instruments), then the other datasets by group, with "Arms & events" standing for
 * the arms, events and form–event tables.
 */
export function navEntries(overview: ProjectOverview, presetCounts: ReadonlyMap<string, number>): NavEntry[] {
  const records = overview.datasets.find((d) => d.name === 'records');
  const entries: NavEntry[] = [];
  const presets = overview.presets.length > 0 ? overview.presets : [{ id: 'all', title: 'All records', kind: 'all' as const, columns: null, where: [] }];
  for (const preset of presets) {
    const state = records?.availability ?? 'not-synced';
    entries.push({
      key: `preset:${preset.id}`,
      group: presetGroup(preset),
      title: preset.kind === 'all' ? 'All records' : preset.title,
      count: state !== 'ok' ? null : preset.where.length === 0 ? records!.rowCount : (presetCounts.get(preset.id) ?? null),
      state,
      note: records?.note ?? null,
      target: { kind: 'preset', preset },
    });
  }
  let armsPlaced = false;
  for (const dataset of overview.datasets) {
    if (dataset.name === 'records') continue;
    if (armsAndEvents.has(dataset.name)) {
      if (armsPlaced) continue;
      armsPlaced = true;
      const events = overview.datasets.find((d) => d.name === 'events') ?? null;
      entries.push({
        key: 'special:arms-events',
        group: 'structure',
        title: 'Arms & events',
        count: events?.availability === 'ok' ? events.rowCount : null,
        state: events?.availability ?? 'not-synced',
        note: events?.note ?? null,
        target: { kind: 'arms-events', events },
      });
      continue;
    }
    entries.push(datasetEntry(dataset));
  }
  const order = new Map<string, number>(navGroups.map((g, i) => [g.id, i]));
  // Stable sort: keeps main's order within a group.
  return entries.map((entry, index) => ({ entry, index })).sort((a, b) => (order.get(a.entry.group)! - order.get(b.entry.group)!) || a.index - b.index).map(({ entry }) => entry);
}

/** What the navigator says about an entry that cannot be shown, in a word or two. */
export function stateBadge(state: EntryState): string | null {
  switch (state) {
    case 'not-synced':
      return 'not synced';
    case 'forbidden':
      return 'no access';
    case 'not-applicable':
      return 'n/a';
    case 'failed':
      return 'failed';
    default:
      return null;
  }
}
