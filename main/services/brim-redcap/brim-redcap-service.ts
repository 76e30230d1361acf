// Brim results → a REDCap project, both read from Carrel's offline caches. The last step writes the mapped
// values as a CSV in the staging folder and hands it to the ordinary import planner, so the user reviews
// problems and changes (old → new), imports with a journal and can undo, exactly as for a CSV they chose.

import { writeFile } from 'node:fs/promises';
import type { BrimRedcapCheck, BrimRedcapPair, BrimRedcapPrepare } from '../../../shared/contract/brim-redcap.ts';
import { AppError } from '../../../shared/contract/errors.ts';
import type { BrimResultsKind } from '../brim/results-cache.ts';
import type { CacheDirectory } from '../cache/cache-db.ts';
import type { ConnectionService } from '../connections/connection-service.ts';
import type { Staging } from '../files/staging.ts';
import type { ImportService } from '../imports/import-service.ts';
import { cachedImportProject } from '../imports/plan-views.ts';
import type { ImportProject } from '../imports/redcap-map-project.ts';
import { foldDescriptions, readBrimPatients, type BrimPatients } from './brim-patients.ts';
import { variableFacts, type VariableFacts } from './brim-variables.ts';
import { automaticMapping, checkMapping, csvText, type CheckedMapping } from './mapping-check.ts';
import { matchPatients, recordIndex } from './matching.ts';
import { matchFields, targetFields } from './redcap-targets.ts';

export interface BrimRedcapDeps {
  connections: ConnectionService;
  cache: CacheDirectory;
  staging: Staging;
  imports: ImportService;
}

export interface BrimRedcapSource {
  brimConnectionId: string;
  redcapConnectionId: string;
  results: BrimResultsKind;
  event?: string | undefined;
}

interface Loaded {
  source: BrimPatients;
  facts: Map<string, VariableFacts>;
  project: ImportProject;
}

export class BrimRedcapService {
  private readonly deps: BrimRedcapDeps;

  constructor(deps: BrimRedcapDeps) {
    this.deps = deps;
  }

  private load(input: BrimRedcapSource): Loaded {
    const brim = this.deps.connections.get(input.brimConnectionId);
    if (brim.kind !== 'brim') throw new AppError('VALIDATION', 'Results come from a Brim connection; this is not one.');
    const redcap = this.deps.connections.get(input.redcapConnectionId);
    if (redcap.kind !== 'redcap') throw new AppError('VALIDATION', 'Brim results go into a REDCap project; choose a REDCap connection.');
    const source = readBrimPatients(this.deps.cache.db(input.brimConnectionId), input.results);
    const project = cachedImportProject(this.deps.cache.db(input.redcapConnectionId));
    return { source, facts: variableFacts(source), project };
  }

  private index(redcapConnectionId: string, matchField: string): Map<string, Set<string>> {
    return recordIndex(this.deps.cache.db(redcapConnectionId), matchField);
  }

  prepare(input: BrimRedcapSource): BrimRedcapPrepare {
    const { source, facts, project } = this.load(input);
    const candidates = matchFields(project);
    // The match field that finds the most patients; the record ID field wins ties. Only the first few
    // candidates (the record ID and fields named like an identifier) are tried: each is a pass over the records.
    let best = { name: project.recordIdField, matched: -1, index: new Map<string, Set<string>>() };
    for (const candidate of candidates.slice(0, 4)) {
      const index = this.index(input.redcapConnectionId, candidate.name);
      const matched = matchPatients(source.patients.keys(), index).matched.size;
      if (matched > best.matched) best = { name: candidate.name, matched, index };
    }
    const events = [...project.events].map(([name, label]) => ({ name, label }));
    const event = input.event ?? (project.longitudinal ? events[0]?.name : undefined);
    const mapping = automaticMapping(facts, project);
    const checked = checkMapping({ source, facts, project, mapping, index: best.index, event });
    return {
      brimProject: this.brimProjectName(input.brimConnectionId),
      redcapProject: this.deps.connections.get(input.redcapConnectionId).name,
      results: source.kind,
      fetchedAt: source.fetchedAt,
      fold: foldDescriptions[source.kind],
      variables: [...facts.values()].map((f) => f.view),
      fields: targetFields(project),
      recordIdField: project.recordIdField,
      longitudinal: project.longitudinal,
      events,
      matchFields: candidates,
      matchField: best.name,
      mapping,
      check: checked.check,
    };
  }

  private checked(input: BrimRedcapSource & { matchField: string; mapping: BrimRedcapPair[] }): CheckedMapping {
    const { source, facts, project } = this.load(input);
    if (!project.fields.has(input.matchField)) throw new AppError('VALIDATION', `The project has no field ${input.matchField} to match patients by. Choose another match field.`);
    return checkMapping({ source, facts, project, mapping: input.mapping, index: this.index(input.redcapConnectionId, input.matchField), event: input.event });
  }

  check(input: BrimRedcapSource & { matchField: string; mapping: BrimRedcapPair[] }): BrimRedcapCheck {
    return this.checked(input).check;
  }

  /** Writes the CSV into staging and starts the import planner on it; the plan job's result names the plan. */
  async plan(input: BrimRedcapSource & { matchField: string; mapping: BrimRedcapPair[]; overwrite: boolean }): Promise<{ jobId: string; fileName: string; rows: number }> {
    const checked = this.checked(input);
    const { check } = checked;
    if (!check.ready) {
      const first = check.problems[0] ?? check.verdicts.find((v) => v.verdict === 'error')?.messages[0];
      if (first) throw new AppError('VALIDATION', `The mapping is not ready: ${first}`);
      throw new AppError('VALIDATION', check.verdicts.length === 0 ? 'Map at least one Brim variable to a REDCap field.' : 'No matched patient has a value to write. Check the match field and the mapping.');
    }
    const fileName = `Brim results — ${this.brimProjectName(input.brimConnectionId)}.csv`.replace(/[\\/:*?"<>|]/g, '_');
    const scratch = this.deps.staging.scratchPath();
    await writeFile(scratch, csvText(checked), { mode: 0o600 });
    const staged = await this.deps.staging.adopt(fileName, scratch);
    try {
      const job = this.deps.imports.plan(input.redcapConnectionId, staged.stageId, { dateFormat: 'YMD', labelsToCodes: false, overwrite: input.overwrite });
      return { jobId: job.id, fileName: staged.fileName, rows: checked.rows.length };
    } catch (error) {
      await this.deps.staging.release(staged.stageId);
      throw error;
    }
  }

  private brimProjectName(connectionId: string): string {
    const connection = this.deps.connections.brim.get(connectionId);
    return this.deps.connections.brim.info(connection).projectName ?? connection.name;
  }
}
