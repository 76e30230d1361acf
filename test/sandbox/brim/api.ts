// The JSON endpoints: projects (§3, I-2), task status (§4), user invitation (§6), generation and the
// single-note queue (§7, I-2, behind their capability switch). Uploads stream; they are in uploads.ts.

import { isResult, parseFlag, projectFor } from './access.ts';
import type { BrimContext } from './context.ts';
import { detailedRows } from './exports.ts';
import { variableByName } from './labeller.ts';
import { handleResults } from './results.ts';
import { detail, envelope } from './responses.ts';
import type { ApiResult } from './responses.ts';
import { noteKey } from './store.ts';
import type { TokenRecord } from './store.ts';
import { createTask, statusFields } from './tasks.ts';

const PHASES = ['Prepare', 'Variable Generation', 'Variable Aggregation', 'Dependent Variable Generation', 'Validation'] as const;

function taskStatus(context: BrimContext, token: TokenRecord, body: Record<string, unknown>): ApiResult {
  const project = projectFor(context.engine.store, token, body.project_id);
  if (isResult(project)) return project;
  const id = body.task_id;
  if (typeof id !== 'string' || id === '') return detail(400, 'task_id is required.');
  const task = context.engine.store.tasks.get(id);
  if (task === undefined || task.projectId !== project.id) return detail(404, `Task ${id} not found.`);
  const now = context.engine.clock.now();
  const { status, display, state } = statusFields(task, now);
  const data: Record<string, unknown> = { task_id: task.id, task_status: status, task_status_display: display };
  if (state === 'error' || state === 'stopped') data.message = task.settled?.message ?? display;
  if (task.kind === 'generation' && state === 'running') {
    const progress = (now - task.startsAt - task.waitingMs) / Math.max(1, task.runningMs);
    data.phase = PHASES[Math.min(PHASES.length - 1, Math.floor(progress * PHASES.length))];
  }
  return envelope(context.generation, data);
}

function createProject(context: BrimContext, token: TokenRecord, body: Record<string, unknown>): ApiResult {
  const name = typeof body.name === 'string' ? body.name.trim() : '';
  if (name === '') return detail(400, 'name is required.');
  const store = context.engine.store;
  const existing = store.projectByName(name);
  if (token.kind === 'project') {
    if (existing?.id === token.projectId) return envelope(context.generation, { id: existing.id, name: existing.name, created: false }, 201);
    return detail(403, 'Creating projects needs an organization API token.');
  }
  if (existing !== undefined) return envelope(context.generation, { id: existing.id, name: existing.name, created: false }, 201);
  const project = store.addProject(name);
  project.members.add(token.ownerEmail);
  return envelope(context.generation, { id: project.id, name: project.name, created: true }, 201);
}

function listProjects(context: BrimContext, token: TokenRecord): ApiResult {
  const projects = [...context.engine.store.projects.values()].filter((p) => token.kind === 'organization' || p.id === token.projectId);
  return envelope(context.generation, projects.map((p) => ({ id: p.id, name: p.name })));
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function invite(context: BrimContext, token: TokenRecord, body: Record<string, unknown>): ApiResult {
  const project = projectFor(context.engine.store, token, body.project_id);
  if (isResult(project)) return project;
  const email = typeof body.email === 'string' ? body.email.trim() : '';
  if (!EMAIL.test(email)) return detail(400, 'Enter a valid email address.');
  if (parseFlag(body.can_upload_permission, false) === undefined) return detail(400, 'can_upload_permission must be true or false.');
  if (project.members.has(email.toLowerCase())) return detail(400, `User ${email} is already a member of this project.`);
  // A way for tests to see the documented 500.
  if (email.toLowerCase().endsWith('@undeliverable.test')) return detail(500, 'Failed to send invitation email');
  project.members.add(email.toLowerCase());
  return { status: 200, json: { success: true, message: `Invitation for ${email} sent successfully` } };
}

function stringList(raw: unknown): string[] | undefined | 'bad' {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw) || !raw.every((item) => typeof item === 'string')) return 'bad';
  return raw as string[];
}

function generate(context: BrimContext, token: TokenRecord, body: Record<string, unknown>): ApiResult {
  const project = projectFor(context.engine.store, token, body.project_id);
  if (isResult(project)) return project;
  const patients = stringList(body.patient_ids);
  const variables = stringList(body.variable_names);
  if (patients === 'bad' || variables === 'bad') return detail(400, 'patient_ids and variable_names must be lists of strings.');
  const unknown = (variables ?? []).filter((name) => variableByName(name) === undefined);
  if (unknown.length > 0) return detail(400, `Unknown variable(s): ${unknown.join(', ')}.`);
  const batch = body.batch_size;
  if (batch !== undefined && batch !== null && (typeof batch !== 'number' || !Number.isInteger(batch) || batch < 1)) return detail(400, 'batch_size must be a positive integer.');
  let people = patients === undefined ? [...project.notes.keys()] : patients.filter((id) => project.notes.has(id));
  if (typeof batch === 'number') people = people.slice(0, batch);
  const noteKeys = people.flatMap((person) => [...(project.notes.get(person)?.keys() ?? [])].map((noteId) => noteKey(person, noteId)));
  const task = createTask(context.engine, { projectId: project.id, kind: 'generation', noteKeys, variableNames: variables ?? null });
  return envelope(context.generation, { generation_task_id: task.id, api_session_id: task.id });
}

function generateForTask(context: BrimContext, token: TokenRecord, body: Record<string, unknown>): ApiResult {
  const project = projectFor(context.engine.store, token, body.project_id);
  if (isResult(project)) return project;
  const upload = typeof body.task_id === 'string' ? context.engine.store.tasks.get(body.task_id) : undefined;
  if (upload === undefined || upload.projectId !== project.id || !upload.kind.endsWith('upload')) return detail(404, `Task ${String(body.task_id)} not found.`);
  const noteKeys: string[] = [];
  for (const [person, notes] of project.notes) for (const note of notes.values()) if (note.uploadTaskId === upload.id) noteKeys.push(noteKey(person, note.noteId));
  const task = createTask(context.engine, { projectId: project.id, kind: 'generation', noteKeys, queued: upload.kind === 'note-upload', after: upload });
  return envelope(context.generation, { generation_task_id: task.id, api_session_id: task.id });
}

function queue(context: BrimContext, token: TokenRecord, body: Record<string, unknown>, action: 'peek' | 'pop-and-export' | 'errors'): ApiResult {
  const project = projectFor(context.engine.store, token, body.project_id);
  if (isResult(project)) return project;
  if (action === 'errors') {
    return envelope(context.generation, project.queueErrors.map((e) => ({ task_id: e.taskId, patient_id: e.patientId, note_id: e.noteId, message: e.message, failed_at: e.completedAt })));
  }
  const head = project.queue[0];
  if (head === undefined) return envelope(context.generation, null);
  if (action === 'peek') return envelope(context.generation, { task_id: head.taskId, patient_id: head.patientId, note_id: head.noteId, status: 2, completed_at: head.completedAt });
  project.queue.shift();
  const includeNulls = parseFlag(body.include_null_in_export, true) !== false;
  const spec = { kind: 'detailed' as const, includeNulls, scopeTaskId: null, failure: null };
  // Materialised now: the entry is gone from the queue, so this answer is all the caller gets.
  const rows = [...detailedRows(project, spec, { personId: head.patientId, noteId: head.noteId })];
  return { status: 200, csv: { fileName: `queue-${head.taskId}.csv`, rows } };
}

export type JsonHandler = (context: BrimContext, token: TokenRecord, body: Record<string, unknown>) => ApiResult;

export const JSON_ENDPOINTS: Record<string, JsonHandler> = {
  'POST task_status/': taskStatus,
  'POST results/': handleResults,
  'POST projects/': createProject,
  'GET projects/': (context, token) => listProjects(context, token),
  'POST users/invite/': invite,
  'POST generate/': generate,
  'POST generate/task/': generateForTask,
  'POST queue/peek/': (c, t, b) => queue(c, t, b, 'peek'),
  'POST queue/pop-and-export/': (c, t, b) => queue(c, t, b, 'pop-and-export'),
  'POST queue/errors/': (c, t, b) => queue(c, t, b, 'errors'),
};
