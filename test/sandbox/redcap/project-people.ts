// Who works on a project: users with their rights, user roles, and Data Access Groups (reference
// §1.4 user, userRole, userRoleMapping, dag, userDagMapping).

/** Rights REDCap exports for users and roles, in its order; values are 0/1 except where noted. */
export const RIGHT_KEYS = [
  'design', 'alerts', 'user_rights', 'data_access_groups', 'reports', 'stats_and_charts', 'manage_survey_participants',
  'calendar', 'data_import_tool', 'data_comparison_tool', 'logging', 'email_logging', 'file_repository',
  'data_quality_create', 'data_quality_execute', 'api_export', 'api_import', 'api_modules', 'mobile_app',
  'mobile_app_download_data', 'record_create', 'record_rename', 'record_delete', 'lock_records_all_forms',
  'lock_records', 'lock_records_customization',
] as const;
export type RightKey = (typeof RIGHT_KEYS)[number];
export type Rights = Record<RightKey, number>;

/** Data export rights per form (`forms_export`). */
export const EXPORT_NO_ACCESS = 0;
export const EXPORT_FULL = 1;
export const EXPORT_DEIDENTIFIED = 2;
export const EXPORT_REMOVE_IDENTIFIERS = 3;

export interface SandboxUser {
  username: string;
  email: string;
  firstname: string;
  lastname: string;
  expiration: string;
  /** Unique group name, or blank. */
  dag: string;
  /** Unique role name, or blank. */
  role: string;
  rights: Rights;
  /** Form rights: 0 no access, 1 view & edit, 2 read only, 3 edit survey responses. */
  forms: Record<string, number>;
  /** Data export rights per form: 0 no access, 1 full, 2 de-identified, 3 remove identifiers. */
  formsExport: Record<string, number>;
  /** DAGs the user may switch to (blank = no DAG), REDCap's DAG Switcher. */
  dagSwitcher: string[];
}

export interface SandboxRole {
  /** The numeric role_id the File Repository and REDCap's pages use. */
  id: number;
  uniqueName: string;
  label: string;
  rights: Rights;
  forms: Record<string, number>;
  formsExport: Record<string, number>;
}

export interface DataAccessGroup {
  id: number;
  name: string;
  uniqueName: string;
}

export function allRights(value: number, overrides: Partial<Rights> = {}): Rights {
  const rights = Object.fromEntries(RIGHT_KEYS.map((key) => [key, value])) as Rights;
  return { ...rights, ...overrides };
}

export function perForm(forms: readonly string[], value: number, overrides: Record<string, number> = {}): Record<string, number> {
  return { ...Object.fromEntries(forms.map((form) => [form, value])), ...overrides };
}

/** `New DAG` → `new_dag`, as REDCap derives unique group names (letters, digits, `_`; at most 18 characters). */
export function uniqueGroupName(name: string, taken: ReadonlySet<string>): string {
  const base = name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 18) || 'dag';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base.slice(0, 18 - String(n).length - 1)}_${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

export class ProjectPeople {
  readonly users = new Map<string, SandboxUser>();
  readonly roles = new Map<string, SandboxRole>();
  dags: DataAccessGroup[] = [];
  #nextDagId: number;
  #roleSerial = 0;

  constructor(firstDagId: number) {
    this.#nextDagId = firstDagId;
  }

  addDag(name: string, uniqueName?: string): DataAccessGroup {
    const dag = { id: this.#nextDagId++, name, uniqueName: uniqueName ?? uniqueGroupName(name, new Set(this.dags.map((d) => d.uniqueName))) };
    this.dags.push(dag);
    return dag;
  }

  dag(uniqueName: string): DataAccessGroup | undefined {
    return this.dags.find((dag) => dag.uniqueName === uniqueName);
  }

  /** REDCap's role names look like `U-573AEYRNR8`: a prefix and ten characters. */
  newRoleName(projectId: number): string {
    const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
    let n = (projectId * 7919 + ++this.#roleSerial * 104_729) >>> 0;
    let suffix = '';
    for (let i = 0; i < 10; i++) {
      n = Math.imul(n ^ (n >>> 15), 0x2c1b3c6d) >>> 0;
      suffix += alphabet[n % alphabet.length];
    }
    return `U-${suffix}`;
  }

  /** A user's rights: a role's rights replace the user's own while the user is in it. */
  effective(user: SandboxUser): { rights: Rights; forms: Record<string, number>; formsExport: Record<string, number> } {
    const role = user.role === '' ? undefined : this.roles.get(user.role);
    return role === undefined ? user : role;
  }
}
