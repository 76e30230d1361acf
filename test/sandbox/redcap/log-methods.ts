// content=log: the project's logging, newest first, filtered by logtype, user, record, dag and a
// beginTime/endTime window (`YYYY-MM-DD HH:MM`, server-local time).

import { formatOf } from './api-call.ts';
import type { ApiCall } from './api-call.ts';
import { encodeTable, ok } from './encoding.ts';
import type { ApiResult } from './encoding.ts';
import { ApiError, INVENTED_MESSAGES } from './errors.ts';
import { LOG_TYPES } from './project-log.ts';
import type { LogQuery, LogType } from './project-log.ts';

const LOG_KEYS = ['timestamp', 'username', 'action', 'details', 'record'] as const;

function minuteParam(call: ApiCall, name: string): string | undefined {
  const raw = (call.params.get(name) ?? '').trim();
  if (raw === '') return undefined;
  const match = /^(\d{4}-\d{2}-\d{2})(?:\s+(\d{1,2}):(\d{2})(?::\d{2})?)?$/.exec(raw);
  if (match === null) throw new ApiError(400, INVENTED_MESSAGES.invalidParameter(name));
  const [, day = '', hour = '00', minute = '00'] = match;
  return `${day} ${hour.padStart(2, '0')}:${minute}`;
}

export function logMethod(call: ApiCall): ApiResult {
  const { params, project, user } = call;
  const query: LogQuery = {};
  const logtype = params.choice('logtype');
  if (logtype !== undefined) {
    if (!(LOG_TYPES as readonly string[]).includes(logtype)) throw new ApiError(400, INVENTED_MESSAGES.invalidParameter('logtype'));
    query.logtype = logtype as LogType;
  }
  const who = (params.get('user') ?? '').trim();
  if (who !== '') query.user = who;
  const record = (params.get('record') ?? '').trim();
  if (record !== '') query.record = record;
  const dag = (params.get('dag') ?? '').trim();
  if (dag !== '') query.dag = dag;
  // A user in a DAG only sees the logging of that DAG.
  if (user.dag !== '') query.dag = user.dag;
  const begin = minuteParam(call, 'beginTime');
  const end = minuteParam(call, 'endTime');
  if (begin !== undefined) query.begin = begin;
  if (end !== undefined) query.end = end;
  const rows = project.log.query(query).map((entry) => ({
    timestamp: entry.timestamp.slice(0, 16),
    username: entry.username,
    action: entry.action,
    details: entry.details,
    record: entry.record,
  }));
  const format = formatOf(call);
  return ok(format, encodeTable(format, LOG_KEYS, rows));
}
