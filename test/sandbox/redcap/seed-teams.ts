// The people, reports and File Repository of the seeded projects, and which token belongs to whom.

import { FileRepository } from './file-stores.ts';
import { simplePdf } from './pdf.ts';
import {
  EXPORT_DEIDENTIFIED, EXPORT_FULL, ProjectPeople, allRights, perForm,
} from './project-people.ts';
import type { Rights, SandboxUser } from './project-people.ts';
import type { ReportDef } from './project-state.ts';

/** Fixed tokens so that the README, the demo and scripts can name them. Never real credentials. */
export const REDCAP_DEMO_TOKENS = {
  /** Cardiometabolic Cohort, the project's owner (full rights). */
  cardiometabolic: 'C0FFEEC0FFEEC0FFEEC0FFEEC0FFEE01',
  /** Heart Failure Follow-up Study (longitudinal), the project's owner. */
  heartFailure: 'C0FFEEC0FFEEC0FFEEC0FFEEC0FFEE02',
  /** Cardiometabolic Cohort, a user who may import but not export through the API. */
  noExport: 'C0FFEEC0FFEEC0FFEEC0FFEEC0FFEE03',
  /** Cardiometabolic Cohort, a user with "De-Identified" data export rights and no import rights. */
  deidentified: 'C0FFEEC0FFEEC0FFEEC0FFEEC0FFEE04',
  /** Cardiometabolic Cohort, a coordinator assigned to the Boston DAG. */
  bostonDag: 'C0FFEEC0FFEEC0FFEEC0FFEEC0FFEE05',
} as const;

export interface TokenSeed {
  token: string;
  username: string;
  /** What is special about the token, for --info and the docs. */
  rights: string;
}

function user(forms: readonly string[], fields: Partial<SandboxUser> & { username: string; rights: Rights }, exportRight = EXPORT_FULL): SandboxUser {
  return {
    email: `${fields.username}@example.org`, firstname: '', lastname: '', expiration: '', dag: '', role: '',
    forms: perForm(forms, 1), formsExport: perForm(forms, exportRight), dagSwitcher: [],
    ...fields,
  };
}

const FULL = allRights(1, { mobile_app: 0, mobile_app_download_data: 0, lock_records_customization: 0 });

export function cardiometabolicTeam(forms: readonly string[]): { people: ProjectPeople; tokens: TokenSeed[] } {
  const people = new ProjectPeople(1401);
  people.addDag('Vanderbilt site', 'vanderbilt');
  people.addDag('Boston site', 'boston');
  people.addDag('Chicago site', 'chicago');
  const dataEntry = { id: 311, uniqueName: 'U-4C7KQ2WM9D', label: 'Data Entry', rights: allRights(0, { api_export: 1, api_import: 1, record_create: 1, data_import_tool: 1, file_repository: 1 }), forms: perForm(forms, 1), formsExport: perForm(forms, EXPORT_DEIDENTIFIED) };
  const statistician = { id: 312, uniqueName: 'U-8PXN3TAR6H', label: 'Statistician', rights: allRights(0, { api_export: 1, reports: 1, stats_and_charts: 1, logging: 1 }), forms: perForm(forms, 2), formsExport: perForm(forms, EXPORT_FULL) };
  people.roles.set(dataEntry.uniqueName, dataEntry);
  people.roles.set(statistician.uniqueName, statistician);
  const users = [
    user(forms, { username: 'aokafor', firstname: 'Adaeze', lastname: 'Okafor', email: 'adaeze.okafor@example.org', rights: { ...FULL } }),
    user(forms, { username: 'import_bot', firstname: 'Nightly', lastname: 'Import', rights: allRights(0, { api_import: 1, record_create: 1 }) }),
    user(forms, { username: 'deid_analyst', firstname: 'Priya', lastname: 'Raman', rights: allRights(0, { api_export: 1, reports: 1 }) }, EXPORT_DEIDENTIFIED),
    user(forms, {
      username: 'boston_coord', firstname: 'Liam', lastname: "O'Brien", dag: 'boston', dagSwitcher: ['boston', 'chicago'],
      rights: allRights(1, { design: 0, user_rights: 0, data_access_groups: 0, mobile_app: 0, mobile_app_download_data: 0, lock_records_customization: 0 }),
    }),
    user(forms, { username: 'jsmith', firstname: 'Jordan', lastname: 'Smith', role: dataEntry.uniqueName, dag: 'vanderbilt', rights: allRights(0) }),
    user(forms, { username: 'mgarcia', firstname: 'María', lastname: 'García', role: statistician.uniqueName, rights: allRights(0) }),
  ];
  for (const entry of users) people.users.set(entry.username, entry);
  return {
    people,
    tokens: [
      { token: REDCAP_DEMO_TOKENS.cardiometabolic, username: 'aokafor', rights: 'full' },
      { token: REDCAP_DEMO_TOKENS.noExport, username: 'import_bot', rights: 'no API export (API import only)' },
      { token: REDCAP_DEMO_TOKENS.deidentified, username: 'deid_analyst', rights: 'De-Identified data export, no API import' },
      { token: REDCAP_DEMO_TOKENS.bostonDag, username: 'boston_coord', rights: 'assigned to the Boston DAG' },
    ],
  };
}

export function heartFailureTeam(forms: readonly string[]): { people: ProjectPeople; tokens: TokenSeed[] } {
  const people = new ProjectPeople(1501);
  const users = [
    user(forms, { username: 'mchen', firstname: 'Mei', lastname: 'Chen', email: 'mei.chen@example.org', rights: { ...FULL } }),
    user(forms, { username: 'rkumar', firstname: 'Ravi', lastname: 'Kumar', rights: allRights(0, { api_export: 1, reports: 1, logging: 1 }) }),
  ];
  for (const entry of users) people.users.set(entry.username, entry);
  return { people, tokens: [{ token: REDCAP_DEMO_TOKENS.heartFailure, username: 'mchen', rights: 'full' }] };
}

export const CARDIOMETABOLIC_REPORTS: ReportDef[] = [
  { id: 4101, title: 'Participants with diabetes', fields: ['record_id', 'sex', 'diabetes', 'diabetes_type', 'hba1c', 'laboratory_complete'], events: [], filter: "[diabetes] = '1'" },
  { id: 4102, title: 'Elevated blood pressure', fields: ['record_id', 'visit_datetime', 'sbp', 'dbp', 'hypertension'], events: [], filter: '[sbp] >= 140 or [dbp] >= 90' },
  { id: 4103, title: 'Enrollment overview', fields: ['record_id', 'dob', 'sex', 'race', 'zip', 'enrollment_complete'], events: [], filter: '' },
];

export const HEART_FAILURE_REPORTS: ReportDef[] = [
  { id: 5201, title: 'Serious adverse events', fields: ['study_id', 'ae_term', 'ae_onset', 'ae_severity', 'ae_serious'], events: [], filter: "[ae_serious] = '1'" },
  { id: 5202, title: 'Baseline vital signs', fields: ['study_id', 'visit_date', 'weight_kg', 'sbp', 'heart_rate'], events: ['baseline_arm_1', 'baseline_arm_2'], filter: '' },
];

function text(value: string): Buffer {
  return Buffer.from(value, 'utf8');
}

export function cardiometabolicRepository(bostonDagId: number): FileRepository {
  const repository = new FileRepository(51, 9001);
  const protocol = repository.createFolder('Protocol documents', 0);
  const irb = repository.createFolder('IRB approvals', 0);
  const boston = repository.createFolder('Site files - Boston', 0, { dagId: bostonDagId });
  repository.addDocument(0, { name: 'README.txt', mime: 'text/plain', data: text('Shared files of the Cardiometabolic Cohort (demo).\n') });
  repository.addDocument(protocol.id, { name: 'protocol_v3.pdf', mime: 'application/pdf', data: simplePdf('Cardiometabolic Cohort protocol, version 3', ['Synthetic protocol for the Carrel sandbox.']) });
  repository.addDocument(protocol.id, { name: 'consent_template.pdf', mime: 'application/pdf', data: simplePdf('Informed consent template', ['Participant name: ____________', 'Signature: ____________']) });
  repository.addDocument(irb.id, { name: 'irb_approval_2023.pdf', mime: 'application/pdf', data: simplePdf('IRB approval IRB-2023-0117', ['Approved on 2023-02-10.']) });
  repository.addDocument(boston.id, { name: 'boston_delegation_log.csv', mime: 'text/csv', data: text('name,role,start\nLiam O\'Brien,Coordinator,2023-03-01\n') });
  return repository;
}

export function heartFailureRepository(): FileRepository {
  const repository = new FileRepository(71, 9501);
  const forms = repository.createFolder('Case report forms', 0);
  repository.addDocument(forms.id, { name: 'crf_v2.pdf', mime: 'application/pdf', data: simplePdf('Heart Failure Follow-up Study CRF v2', ['Screening, baseline, month 3, month 6.']) });
  return repository;
}
