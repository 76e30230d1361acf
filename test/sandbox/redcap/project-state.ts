// Everything the sandbox keeps about one project: its design (schema), records, people, logging,
// files, file repository and reports. Tokens point at a project and one of its users.

import type { FileRepository, RecordFiles } from './file-stores.ts';
import type { ProjectDefinition } from './project-model.ts';
import type { ProjectLog } from './project-log.ts';
import type { ProjectPeople, SandboxUser } from './project-people.ts';
import { ProjectSchema } from './project-schema.ts';
import type { RecordStore } from './record-store.ts';

export interface ReportDef {
  id: number;
  title: string;
  /** Fields in the report (REDCap adds each selected field's checkbox columns). */
  fields: readonly string[];
  /** Events a longitudinal report is limited to (empty = all). */
  events: readonly string[];
  /** REDCap logic; blank = no filter. */
  filter: string;
}

export interface SandboxProjectParts {
  key: string;
  name: string;
  token: string;
  definition: ProjectDefinition;
  store: (schema: ProjectSchema) => RecordStore;
  people: ProjectPeople;
  log: ProjectLog;
  files: RecordFiles;
  repository: FileRepository;
  reports: ReportDef[];
}

export class SandboxProject {
  readonly key: string;
  readonly name: string;
  /** The token of the project's owner (full rights). */
  readonly token: string;
  readonly store: RecordStore;
  readonly people: ProjectPeople;
  readonly log: ProjectLog;
  readonly files: RecordFiles;
  readonly repository: FileRepository;
  readonly reports: ReportDef[];
  #schema: ProjectSchema;

  constructor(parts: SandboxProjectParts) {
    this.key = parts.key;
    this.name = parts.name;
    this.token = parts.token;
    this.#schema = new ProjectSchema(parts.definition);
    this.store = parts.store(this.#schema);
    this.people = parts.people;
    this.log = parts.log;
    this.files = parts.files;
    this.repository = parts.repository;
    this.reports = parts.reports;
  }

  get schema(): ProjectSchema {
    return this.#schema;
  }

  get projectId(): number {
    return this.#schema.info.project_id;
  }

  /** Replaces the design (dictionary, events, mappings, repeating setup, settings) in one step. */
  redesign(definition: ProjectDefinition): void {
    this.#schema = new ProjectSchema(definition);
    this.store.schema = this.#schema;
  }
}

/** Who is calling: a project and the token's user. */
export interface Caller {
  project: SandboxProject;
  user: SandboxUser;
}
