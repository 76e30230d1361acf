import type { Handlers } from '../handler-types.ts';
import { preflightProblemsFileName, writePreflightProblemsCsv } from '../../services/files/notes-preflight-problems-csv.ts';
import type { Services } from '../services.ts';
import { deliverCsv } from './deliver-csv.ts';

type BrimHandlerNames =
  | 'brim.connect'
  | 'brim.overview'
  | 'brim.preflight'
  | 'brim.preflightReport'
  | 'brim.preflightProblemsCsv'
  | 'brim.uploadNotes'
  | 'brim.uploadStructured'
  | 'brim.uploadResource'
  | 'brim.generate'
  | 'brim.watchTask'
  | 'brim.fetchResults'
  | 'brim.invite'
  | 'brim.queuePeek'
  | 'brim.queuePop'
  | 'brim.queueErrors';

/** Brim: connection, pre-flight, uploads, tasks, results and the single-note queue (all in BrimService). */
export function brimHandlers(s: Services): Pick<Handlers, BrimHandlerNames> {
  const brim = s.brim;
  return {
    'brim.connect': async (input) => s.connections.summary(await s.connections.brim.connect(input)),
    'brim.overview': ({ connectionId }) => brim.overview(connectionId),
    'brim.preflight': async ({ connectionId, stageId, writeFixedCopy }) => ({ jobId: brim.preflight({ connectionId: connectionId ?? null, stageId, writeFixedCopy }).id }),
    'brim.preflightReport': async ({ jobId }) => brim.preflightReport(jobId),
    'brim.preflightProblemsCsv': async ({ jobId }) => {
      const report = brim.preflightReport(jobId);
      return deliverCsv(s.ports, preflightProblemsFileName(report), (path) => writePreflightProblemsCsv(path, report));
    },
    'brim.uploadNotes': async ({ connectionId, stageId, generateAfterUpload }) => ({ jobId: brim.upload(connectionId, { kind: 'notes-upload', stageId, generateAfterUpload }).id }),
    'brim.uploadStructured': async ({ connectionId, stageId }) => ({ jobId: brim.upload(connectionId, { kind: 'structured-upload', stageId }).id }),
    'brim.uploadResource': async ({ connectionId, stageId, description }) => ({ jobId: brim.upload(connectionId, { kind: 'resource-upload', stageId, description }).id }),
    'brim.generate': async ({ connectionId, patientIds, variableNames, overwriteReviewed }) => ({ jobId: (await brim.generate(connectionId, { patientIds, variableNames, overwriteReviewed })).id }),
    'brim.watchTask': async ({ connectionId, taskId }) => ({ jobId: brim.watch(connectionId, taskId).id }),
    'brim.fetchResults': async ({ connectionId, kind, includeNulls, scope }) => ({ jobId: brim.fetchResults(connectionId, { kind, includeNulls, taskId: scope.type === 'task' ? scope.taskId : undefined }).id }),
    'brim.invite': ({ connectionId, email }) => brim.invite(connectionId, email),
    'brim.queuePeek': ({ connectionId }) => brim.queuePeek(connectionId),
    'brim.queuePop': ({ connectionId }) => brim.queuePop(connectionId),
    'brim.queueErrors': ({ connectionId }) => brim.queueErrors(connectionId),
  };
}
