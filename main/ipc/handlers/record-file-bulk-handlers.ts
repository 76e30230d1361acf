import { AppError } from '../../../shared/contract/errors.ts';
import { fileFieldTargets, matchFromCache } from '../../services/files/record-file-match-cache.ts';
import type { Handlers } from '../handler-types.ts';
import type { Services } from '../services.ts';

/**
 * Many files into one file field of many records: the fields and the file → record matching come from
 * the cache; each file is then sent by `recordFiles.upload`, one call per file.
 */
export function recordFileBulkHandlers(s: Services): Pick<Handlers, 'recordFiles.targets' | 'recordFiles.match'> {
  // Refuses unknown connections and other services before their cache is opened.
  const redcapDb = (connectionId: string) => {
    if (s.connections.get(connectionId).kind !== 'redcap') throw new AppError('VALIDATION', 'Files go into record fields of REDCap projects only; this is not a REDCap connection.');
    return s.cache.db(connectionId);
  };
  return {
    'recordFiles.targets': async ({ connectionId }) => fileFieldTargets(redcapDb(connectionId)),
    'recordFiles.match': async ({ connectionId, field, event, fileNames }) => matchFromCache(redcapDb(connectionId), { field, event, fileNames }),
  };
}
