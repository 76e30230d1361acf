// Project users, user roles, and which user has which role.

import { z } from 'zod';
import type { RedcapApi } from '../api.ts';
import { jsonData } from '../params.ts';
import { sendCountingWrite, type SignalOption } from './answers.ts';

// Rights REDCap exports for users and roles alike (reference §1.4; PyCap's doctests). Users carry
// them as numbers, roles as strings of digits: the same right, two spellings, each checked as sent.
// Which rights exist depends on the REDCap version (alerts, api_modules are newer), so each is
// optional, but one that is present must have its documented type.
function rightsShape<T extends z.ZodType>(right: T) {
  const r = right.optional();
  return {
    design: r, alerts: r, user_rights: r, data_access_groups: r, data_export: r, reports: r, stats_and_charts: r,
    manage_survey_participants: r, calendar: r, data_import_tool: r, data_comparison_tool: r, logging: r,
    file_repository: r, data_quality_create: r, data_quality_execute: r, api_export: r, api_import: r, api_modules: r,
    mobile_app: r, mobile_app_download_data: r, record_create: r, record_rename: r, record_delete: r,
    lock_records_customization: r, lock_records: r, lock_records_all_forms: r,
  };
}

const numberRight = z.number().int().nonnegative();
const digitRight = z.string().regex(/^\d+$/, 'a right as a string of digits');
/** Per-form rights: `{ "form_1": 1 }` — numbers for users and roles both. */
const formRights = z.record(z.string(), z.number().int().nonnegative());

export const userSchema = z.looseObject({
  username: z.string().min(1),
  email: z.string(),
  firstname: z.string(),
  lastname: z.string(),
  expiration: z.string(),
  data_access_group: z.string(),
  data_access_group_id: z.union([z.string(), z.number()]),
  ...rightsShape(numberRight),
  forms: formRights,
  forms_export: formRights.optional(),
});
export type RedcapUser = z.infer<typeof userSchema>;

export const userRoleSchema = z.looseObject({
  unique_role_name: z.string().min(1),
  role_label: z.string(),
  ...rightsShape(digitRight),
  forms: formRights,
  forms_export: formRights.optional(),
});
export type UserRole = z.infer<typeof userRoleSchema>;

export const userRoleMappingSchema = z.looseObject({
  username: z.string().min(1),
  /** "" for a user without a role. */
  unique_role_name: z.string(),
  data_access_group: z.string().optional(),
});
export type UserRoleMapping = z.infer<typeof userRoleMappingSchema>;

/** Rights to import: numbers or digit strings, per-form rights as `{form: level}`. */
export type RightsImport = Readonly<Record<string, string | number | Readonly<Record<string, number>>>>;

export async function exportUsers(api: RedcapApi, options: SignalOption = {}): Promise<RedcapUser[]> {
  return api.json({ content: 'user', format: 'json' }, z.array(userSchema), 'the user list', { signal: options.signal });
}

/**
 * Adds users or changes their rights; attributes left out get the minimum for new users and stay
 * unchanged for existing ones.
 */
export async function importUsers(api: RedcapApi, options: SignalOption & { data: ReadonlyArray<RightsImport & { username: string }> }): Promise<number> {
  // Users are keyed by username and get the attributes given: a repeat sets the same rights again.
  return sendCountingWrite(api, { content: 'user', action: 'import', data: jsonData(options.data) }, 'the number of imported users', { signal: options.signal, idempotent: true });
}

export async function deleteUsers(api: RedcapApi, options: SignalOption & { users: ReadonlyArray<string> }): Promise<number> {
  return sendCountingWrite(api, { content: 'user', action: 'delete', users: options.users }, 'the number of removed users', { signal: options.signal });
}

export async function exportUserRoles(api: RedcapApi, options: SignalOption = {}): Promise<UserRole[]> {
  return api.json({ content: 'userRole', format: 'json' }, z.array(userRoleSchema), 'the user roles', { signal: options.signal });
}

/** Adds roles (no unique_role_name) or updates them (with one). */
export async function importUserRoles(api: RedcapApi, options: SignalOption & { data: ReadonlyArray<RightsImport & { role_label: string; unique_role_name?: string }> }): Promise<number> {
  // Not idempotent: a role without unique_role_name is created anew by every attempt.
  return sendCountingWrite(api, { content: 'userRole', action: 'import', data: jsonData(options.data) }, 'the number of imported roles', { signal: options.signal });
}

export async function deleteUserRoles(api: RedcapApi, options: SignalOption & { roles: ReadonlyArray<string> }): Promise<number> {
  return sendCountingWrite(api, { content: 'userRole', action: 'delete', roles: options.roles }, 'the number of deleted roles', { signal: options.signal });
}

export async function exportUserRoleMapping(api: RedcapApi, options: SignalOption = {}): Promise<UserRoleMapping[]> {
  return api.json({ content: 'userRoleMapping', format: 'json' }, z.array(userRoleMappingSchema), 'the user-role assignments', { signal: options.signal });
}

/** Assigns users to roles (unique_role_name "" takes a user out of their role). */
export async function importUserRoleMapping(api: RedcapApi, options: SignalOption & { data: ReadonlyArray<{ username: string; unique_role_name: string }> }): Promise<number> {
  // An assignment names its user and role: a repeat assigns the same again.
  return sendCountingWrite(api, { content: 'userRoleMapping', action: 'import', data: jsonData(options.data) }, 'the number of role assignments', { signal: options.signal, idempotent: true });
}
