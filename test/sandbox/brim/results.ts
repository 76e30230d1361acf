// POST /api/v1/results/ (reference §5, I-1.5, I-3): one endpoint starts an export and polls it. JSON
// while it is pending or when it failed, the CSV once it is ready. Both payload generations: 2025
// (`api_session_id`, `detailed_export`/`patient_export`, `include_null_in_export`, project_id as a
// string) and 2026 (`task_id`, `get_csv`).

import { parseFlag, projectFor, isResult } from './access.ts';
import type { BrimContext } from './context.ts';
import { detailedRows, hasAnythingToExport, patientRows } from './exports.ts';
import { detail, envelope } from './responses.ts';
import type { ApiResult } from './responses.ts';
import type { Project, Task, TokenRecord } from './store.ts';
import { createTask, runningGeneration, statusFields } from './tasks.ts';

export const STILL_RUNNING = 'A generate task is still running for this project';
export const NOTHING_TO_EXPORT = 'There is nothing to export yet: no labels have been generated for these notes.';

const SCOPABLE: ReadonlySet<Task['kind']> = new Set(['notes-upload', 'note-upload', 'generation']);

function fileName(project: Project, kind: 'detailed' | 'patient', now: number): string {
  const day = new Date(now).toISOString().slice(0, 10).replaceAll('-', '');
  const name = project.name.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '');
  return `${day}-${name}-${kind === 'patient' ? 'BrimPatientExport' : 'BrimDataExport'}.csv`;
}

function exportAnswer(context: BrimContext, project: Project, task: Task): ApiResult {
  const now = context.engine.clock.now();
  const { status, display, state } = statusFields(task, now);
  const spec = task.exportSpec;
  if (state === 'complete' && spec !== null) {
    const rows = spec.kind === 'patient' ? patientRows(project, spec) : detailedRows(project, spec);
    return { status: 200, csv: { fileName: fileName(project, spec.kind, now), rows } };
  }
  const message = state === 'waiting' ? 'Export queued' : state === 'running' ? 'Export in progress' : (task.settled?.message ?? display);
  const data = { export_task_id: task.id, api_session_id: task.id, status, status_display: display, is_complete: state !== 'waiting' && state !== 'running', message };
  // 2025 servers put the message at the top level too (reference §5).
  return envelope(context.generation, data, 200, context.generation === '2025' ? { message } : {});
}

export function handleResults(context: BrimContext, token: TokenRecord, body: Record<string, unknown>): ApiResult {
  const project = projectFor(context.engine.store, token, body.project_id);
  if (isResult(project)) return project;
  const ref = body.task_id ?? body.api_session_id;
  let scopeTaskId: string | null = null;
  if (ref !== undefined && ref !== null && ref !== '') {
    const task = typeof ref === 'string' ? context.engine.store.tasks.get(ref) : undefined;
    if (task === undefined || task.projectId !== project.id) return detail(404, `Task ${String(ref)} not found.`);
    if (task.kind === 'export') return exportAnswer(context, project, task);
    scopeTaskId = task.id;
    if (!SCOPABLE.has(task.kind)) return exportAnswer(context, project, newExport(context, project, scopeTaskId, body, NOTHING_TO_EXPORT));
  }
  const failure = runningGeneration(context.engine, project.id) !== undefined ? STILL_RUNNING : hasAnythingToExport(project, scopeTaskId) ? null : NOTHING_TO_EXPORT;
  return exportAnswer(context, project, newExport(context, project, scopeTaskId, body, failure));
}

function newExport(context: BrimContext, project: Project, scopeTaskId: string | null, body: Record<string, unknown>, failure: string | null): Task {
  const kind = parseFlag(body.patient_export, false) === true ? 'patient' : 'detailed';
  const includeNulls = parseFlag(body.include_null_in_export, true) !== false;
  return createTask(context.engine, { projectId: project.id, kind: 'export', exportSpec: { kind, includeNulls, scopeTaskId, failure } });
}
