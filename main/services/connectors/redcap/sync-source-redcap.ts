import type { RedcapClient } from './client.ts';
import { exportDags, exportUserDagMapping } from './methods/dags.ts';
import { exportArms, exportEvents, exportFormEventMapping, exportRepeatingFormsEvents } from './methods/events.ts';
import { listRepository } from './methods/file-repository.ts';
import { exportLogging, recordEvents } from './methods/logging.ts';
import { exportReport } from './methods/reports.ts';
import { exportUserRoleMapping, exportUserRoles, exportUsers } from './methods/users.ts';
import type { RedcapSyncSource } from './sync-source.ts';

/** The project sync's view of a real REDCap server, through the API's area modules. */
export function redcapSyncSource(client: RedcapClient): RedcapSyncSource {
  const api = client.api;
  return {
    client,
    arms: (signal) => exportArms(api, { signal }),
    events: async (signal) => (await exportEvents(api, { signal })).map((event) => ({ ...event, arm_num: Number(event.arm_num) })),
    formEventMapping: async (signal) => (await exportFormEventMapping(api, { signal })).map((row) => ({ arm_num: Number(row.arm_num), unique_event_name: row.unique_event_name, form: row.form })),
    repeating: async (signal) => (await exportRepeatingFormsEvents(api, { signal })).map((row) => ({ ...row, event_name: row.event_name ?? '', form_name: row.form_name ?? '' })),
    users: (signal) => exportUsers(api, { signal }),
    roles: (signal) => exportUserRoles(api, { signal }),
    roleMappings: (signal) => exportUserRoleMapping(api, { signal }),
    dags: (signal) => exportDags(api, { signal }),
    dagMappings: (signal) => exportUserDagMapping(api, { signal }),
    logging: async (options, signal) =>
      (await exportLogging(api, { signal, ...(options.beginTime ? { beginTime: options.beginTime } : {}), ...(options.logtype ? { logtype: options.logtype } : {}) })).map((entry) => ({
        timestamp: entry.timestamp,
        username: entry.username,
        action: entry.action,
        details: entry.details,
        record: entry.record ?? '',
      })),
    recordChanges: (entries) => {
      const events = recordEvents(entries);
      return { changed: new Set([...events.created, ...events.updated]), deleted: new Set(events.deleted) };
    },
    repository: async (folderId, signal) =>
      (await listRepository(api, { signal, ...(folderId !== null ? { folder_id: folderId } : {}) })).map((entry) =>
        entry.kind === 'folder' ? { kind: 'folder' as const, folderId: entry.folder_id, name: entry.name } : { kind: 'document' as const, docId: entry.doc_id, name: entry.name },
      ),
    report: async (reportId, signal) => exportReport(api, { report_id: reportId, signal }),
  };
}
