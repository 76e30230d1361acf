// Bearer tokens with project and organization scope (reference §0, I-1.6): no or unknown or
// deactivated token → 401; a project token on another project → 403; an unknown project → 404.

import { detail, UNAUTHORIZED } from './responses.ts';
import type { ApiResult } from './responses.ts';
import type { Project, Store, TokenRecord } from './store.ts';

export function authenticate(store: Store, authorization: string | undefined): TokenRecord | ApiResult {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  const token = match?.[1] === undefined ? undefined : store.tokens.get(match[1]);
  if (token === undefined || !token.active) return UNAUTHORIZED;
  return token;
}

export const isResult = (value: unknown): value is ApiResult => typeof value === 'object' && value !== null && 'status' in value && typeof (value as { status: unknown }).status === 'number';

/** `project_id` as an int or a numeric string (reference I-1.4); undefined when absent or not a number. */
export function parseProjectId(raw: unknown): number | undefined {
  if (typeof raw === 'number' && Number.isInteger(raw) && raw > 0) return raw;
  if (typeof raw === 'string' && /^\s*\d{1,10}\s*$/.test(raw)) {
    const value = Number(raw);
    return value > 0 ? value : undefined;
  }
  return undefined;
}

export function projectFor(store: Store, token: TokenRecord, raw: unknown): Project | ApiResult {
  if (raw === undefined || raw === null || raw === '') return detail(400, 'project_id is required.');
  const id = parseProjectId(raw);
  if (id === undefined) return detail(400, 'project_id must be an integer.');
  if (token.kind === 'project' && token.projectId !== id) return detail(403, `This API token does not have access to project ${id}.`);
  const project = store.projects.get(id);
  if (project === undefined) return detail(404, `Project ${id} not found.`);
  return project;
}

/** Booleans as multipart sends them: true/false/True/False/1/0/on/off (reference I-1.4). */
export function parseFlag(raw: unknown, fallback: boolean): boolean | undefined {
  if (raw === undefined || raw === null || raw === '') return fallback;
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'number') return raw === 1 ? true : raw === 0 ? false : undefined;
  if (typeof raw !== 'string') return undefined;
  const text = raw.trim().toLowerCase();
  if (['true', '1', 'on', 'yes'].includes(text)) return true;
  if (['false', '0', 'off', 'no'].includes(text)) return false;
  return undefined;
}
