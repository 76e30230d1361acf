import type { DatasetGroup } from '../../../../shared/contract/datasets.ts';

export interface CatalogueEntry {
  name: string;
  title: string;
  group: DatasetGroup;
  /** Only meaningful for longitudinal projects / projects with repeating instruments or events. */
  when?: 'longitudinal' | 'repeating';
}

/** Everything Carrel keeps of a REDCap project, in the order the navigator lists it. */
export const redcapCatalogue: CatalogueEntry[] = [
  { name: 'records', title: 'Records', group: 'records' },
  { name: 'dictionary', title: 'Data dictionary', group: 'structure' },
  { name: 'instruments', title: 'Instruments', group: 'structure' },
  { name: 'arms', title: 'Arms', group: 'structure', when: 'longitudinal' },
  { name: 'events', title: 'Events', group: 'structure', when: 'longitudinal' },
  { name: 'form_events', title: 'Instruments per event', group: 'structure', when: 'longitudinal' },
  { name: 'repeating', title: 'Repeating instruments and events', group: 'structure', when: 'repeating' },
  { name: 'users', title: 'Users', group: 'people' },
  { name: 'roles', title: 'User roles', group: 'people' },
  { name: 'role_mappings', title: 'Users in roles', group: 'people' },
  { name: 'dags', title: 'Data access groups', group: 'people' },
  { name: 'dag_mappings', title: 'Users in data access groups', group: 'people' },
  { name: 'logging', title: 'Logging', group: 'activity' },
  { name: 'file_repository', title: 'File repository', group: 'files' },
];

export function reportDataset(reportId: string): string {
  return `report_${reportId}`;
}
