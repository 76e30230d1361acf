import type { ViewCondition } from '../../../shared/contract/datasets.ts';

export interface ActionKindFilter {
  id: 'all' | 'data' | 'exports' | 'design';
  title: string;
  hint: string;
  /** Exact action texts, where REDCap writes one fixed text for the kind. */
  where?: ViewCondition;
  /** Otherwise a word the row must contain, applied like the filter box's words. */
  words?: string;
}

/**
 * Kinds of log entries the quick filter offers. The cached log keeps REDCap's action text, not its
 * log type: exports and design changes have fixed action texts ("Data export", "Manage/Design") and
 * are exact conditions; record changes name the record in the text ("Update record 12"), so they are
 * found by the word "record", which also matches the few other entries that mention records.
 */
export const actionKinds: ActionKindFilter[] = [
  { id: 'all', title: 'All', hint: 'Every entry' },
  { id: 'data', title: 'Data changes', words: 'record', hint: 'Entries that mention a record: records created, updated, deleted (and other entries naming records)' },
  { id: 'exports', title: 'Exports', where: { column: 'action', values: ['Data export', 'Data Export'] }, hint: 'Data exports: records, reports, the project XML' },
  { id: 'design', title: 'Design', where: { column: 'action', values: ['Manage/Design'] }, hint: 'Manage/Design entries: instruments, fields, users, DAGs, the file repository, API reads of them' },
];
export type ActionKind = ActionKindFilter['id'];
