// content=record: export (the default), import (no action needed when `data` is sent), delete
// and rename.

import type { ApiCall } from './api-call.ts';
import type { ApiResult } from './encoding.ts';
import { ApiError, INVENTED_MESSAGES } from './errors.ts';
import { deleteRecords, renameRecord } from './records-delete.ts';
import { exportRecords } from './records-export.ts';
import { importRecords } from './records-import.ts';

export function recordMethod(call: ApiCall): ApiResult {
  const action = call.params.choice('action');
  if (action === 'delete') return deleteRecords(call);
  if (action === 'rename') return renameRecord(call);
  if (action === 'import' || (action === undefined && call.params.get('data') !== undefined)) return importRecords(call);
  if (action === undefined || action === 'export') return exportRecords(call);
  throw new ApiError(400, INVENTED_MESSAGES.invalidParameter('action'));
}
