import type { Handlers } from '../handler-types.ts';
import type { Services } from '../services.ts';
import { deliverCsv } from './deliver-csv.ts';

type ImportHandlerNames =
  | 'imports.plan'
  | 'imports.replan'
  | 'imports.planSummary'
  | 'imports.planChanges'
  | 'imports.problemsCsv'
  | 'imports.discardPlan'
  | 'imports.start'
  | 'imports.list'
  | 'imports.resume'
  | 'imports.previewUndo'
  | 'imports.undo';

/** CSV → REDCap imports: plans, journaled imports, resume and undo (all in ImportService). */
export function importHandlers(s: Services): Pick<Handlers, ImportHandlerNames> {
  const imports = s.imports;
  return {
    'imports.plan': async ({ connectionId, stageId, options, model }) => ({ jobId: imports.plan(connectionId, stageId, options, model).id }),
    'imports.replan': async ({ planId, options }) => ({ jobId: imports.replan(planId, options).id }),
    'imports.planSummary': async ({ planId }) => imports.summary(planId),
    'imports.planChanges': async ({ planId, offset, limit, kind }) => imports.changes(planId, offset, limit, kind),
    'imports.problemsCsv': async ({ planId }) => deliverCsv(s.ports, imports.problemsFileName(planId), (path) => imports.writeProblems(planId, path)),
    'imports.discardPlan': async ({ planId }) => ({ discarded: imports.discard(planId) }),
    'imports.start': async ({ planId }) => {
      const { job, importId } = imports.start(planId);
      return { jobId: job.id, importId };
    },
    'imports.list': async ({ connectionId }) => imports.list(connectionId),
    'imports.resume': async ({ connectionId, importId }) => ({ jobId: imports.resume(connectionId, importId).id }),
    'imports.previewUndo': async ({ connectionId, importId }) => imports.previewUndo(connectionId, importId),
    'imports.undo': async ({ connectionId, importId }) => {
      const { job, importId: undoId } = imports.undo(connectionId, importId);
      return { jobId: job.id, importId: undoId };
    },
  };
}
