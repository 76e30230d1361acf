import { randomUUID } from 'node:crypto';
import { AppError, isAppError } from '../../../../shared/contract/errors.ts';
import type { BrimApi } from './api.ts';
import { envelope, projectDataSchema, projectListSchema } from './envelopes.ts';
import { taskStatus } from './tasks.ts';
import { tokenPages } from './responses.ts';
import type { BrimProject, CallOptions, EnsuredProject, ProjectCheck } from './types.ts';

/** `GET /api/v1/projects/` — inferred (I-2); UNSUPPORTED with `capability: 'projectList'` on 404/405. */
export async function listProjects(api: BrimApi, options: CallOptions = {}): Promise<BrimProject[]> {
  const answer = await api.json({ method: 'GET', path: 'projects', what: 'the project list', projectId: null, capability: 'projectList', idempotent: true, signal: options.signal }, envelope(projectListSchema));
  return answer.data.map((p) => ({ id: p.id, name: p.name ?? null }));
}

/**
 * Proves that the token opens the project, without changing anything in Brim. No confirmed endpoint is a
 * plain read, so: the project list when the server has one (it also gives the name); otherwise a status
 * query for a task id that cannot exist. Brim checks the token (401) and its scope (403) and the project
 * (404 naming the project) before it looks for the task, so "no such task" means the token opens the
 * project.
 */
export async function checkProject(api: BrimApi, projectId: number, options: CallOptions = {}): Promise<ProjectCheck> {
  let projectList: boolean | null = null;
  try {
    const projects = await listProjects(api, options);
    projectList = true;
    const found = projects.find((p) => p.id === projectId);
    if (found) return { project: found, via: 'project-list', projectList };
    // A list that leaves the project out does not prove much on its own (an inferred endpoint may filter
    // by owner): fall through to the status probe, which answers 403/404 for a project the token cannot use.
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.code === 'UNSUPPORTED') projectList = false;
    else if (error.code === 'AUTH_FAILED') throw error;
    // A project token may be refused the list (403); the probe below is the real test.
    else if (error.code !== 'FORBIDDEN') throw error;
  }

  try {
    await taskStatus(api, projectId, `carrel-check-${randomUUID()}`, options);
  } catch (error) {
    if (!isAppError(error)) throw error;
    const detail = typeof error.details?.detail === 'string' ? error.details.detail : '';
    const taskUnknown = (error.code === 'NOT_FOUND' && /task/i.test(detail)) || (error.code === 'VALIDATION' && /task/i.test(detail) && !/project/i.test(detail));
    if (!taskUnknown) {
      if (error.code === 'NOT_FOUND') {
        throw new AppError('NOT_FOUND', `Brim has no project ${projectId} that this token can see. Check the project id (it is in the address of the project in Brim's web app), or give a project name to create or reuse one.`, { details: error.details, cause: error });
      }
      throw error;
    }
  }
  return { project: { id: projectId, name: null }, via: 'task-status', projectList };
}

/**
 * `POST /api/v1/projects/` `{name}` → 201 (reference §3): creates the project, or answers the existing one
 * of that name with `created: false`. Idempotent by name, so it is safe to retry.
 */
export async function ensureProject(api: BrimApi, name: string, options: CallOptions = {}): Promise<EnsuredProject> {
  const trimmed = name.trim();
  if (trimmed === '') throw new AppError('VALIDATION', 'Enter a project name.');
  try {
    const answer = await api.json({ method: 'POST', path: 'projects', what: 'the project creation', projectId: null, body: { name: trimmed }, idempotent: true, signal: options.signal }, envelope(projectDataSchema));
    return { id: answer.data.id, name: answer.data.name, created: answer.data.created ?? true };
  } catch (error) {
    if (isAppError(error) && error.code === 'FORBIDDEN') {
      throw new AppError('FORBIDDEN', `This token may not create or look up projects by name (HTTP 403). A project API token opens only its own project: enter that project's id instead, or use an organization API token. ${tokenPages}`, { details: error.details, cause: error });
    }
    throw error;
  }
}
