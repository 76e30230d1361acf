// Records of one project: N seeded records whose rows and values are generated on demand, plus the
// records written, renamed or deleted since. Seeded record IDs are "1".."N", in that order.
//
// A seeded record is generated until the first write touches it; then its rows are copied into
// memory ("materialised") and that copy is the truth from then on. Only touched records cost memory.

import { SeededDraw } from './record-generator.ts';
import type { RecordRecipe, RowSpec } from './record-generator.ts';
import { completeField } from './project-model.ts';
import type { ProjectSchema } from './project-schema.ts';
import { EMPTY_ROW, GeneratedRow, StoredRow, rowFits, rowKey, sortRows, specOf } from './record-rows.ts';
import type { RecordRow, RowReader } from './record-rows.ts';
import { seededTimes } from './record-times.ts';
import type { RecordTimes } from './record-times.ts';
import type { LocalTime } from './clock.ts';

export type { RecordRow, RowReader } from './record-rows.ts';
export type { RecordTimes } from './record-times.ts';


/** What part of a record a partial delete removes; absent members mean "all". */
export interface DataScope {
  event?: string;
  form?: string;
  instance?: number;
}

interface StoredRecord {
  rows: Map<string, { spec: RowSpec; values: Map<string, string> }>;
}

const SEEDED_ID = /^[1-9]\d*$/;
const NO_REPEAT: RowSpec = { event: '', repeatInstrument: '', repeatInstance: 0 };

export class RecordStore {
  #schema: ProjectSchema;
  readonly #recipe: RecordRecipe;
  readonly #seed: number;
  readonly #seededCount: number;
  readonly #stored = new Map<string, StoredRecord>();
  /** Seeded IDs that no longer exist (deleted, or renamed away). */
  readonly #deleted = new Set<string>();
  /** Records created after seeding, in creation order (a Set keeps insertion order). */
  readonly #created = new Set<string>();
  readonly #times = new Map<string, RecordTimes>();
  readonly #dags = new Map<string, string>();
  /** DAGs deleted since seeding: their records are no longer in any DAG. */
  readonly #removedDags = new Set<string>();

  constructor(schema: ProjectSchema, recipe: RecordRecipe, seededCount: number, seed: number) {
    this.#schema = schema;
    this.#recipe = recipe;
    this.#seededCount = seededCount;
    this.#seed = seed;
  }

  get schema(): ProjectSchema {
    return this.#schema;
  }

  /** A redesigned project reads the same records through its new dictionary and events. */
  set schema(schema: ProjectSchema) {
    this.#schema = schema;
  }

  get size(): number {
    return this.#seededCount - this.#deleted.size + this.#created.size;
  }

  has(record: string): boolean {
    if (this.#stored.has(record)) return true;
    return this.#seededIndex(record) !== undefined && !this.#deleted.has(record);
  }

  *ids(): Generator<string> {
    for (let i = 1; i <= this.#seededCount; i++) {
      const id = String(i);
      if (!this.#deleted.has(id)) yield id;
    }
    yield* this.#created;
  }

  /** The given IDs that exist, once each, in project order (seeded "1".."N" first, then newer ones). */
  existing(records: readonly string[]): string[] {
    const createdOrder = new Map([...this.#created].map((id, i) => [id, this.#seededCount + i]));
    const position = (id: string): number => this.#seededIndex(id) ?? createdOrder.get(id) ?? Number.MAX_SAFE_INTEGER;
    return [...new Set(records.filter((id) => this.has(id)))].sort((a, b) => position(a) - position(b));
  }

  /** A record's rows in export order: by event, the event's own row before repeating instruments, then instance. */
  rows(record: string): RecordRow[] {
    const stored = this.#stored.get(record);
    if (stored !== undefined) {
      const specs = [...stored.rows.values()].map((row) => row.spec).filter((spec) => rowFits(this.#schema, spec));
      return sortRows(this.#schema, specs).map((spec) => ({ record, ...spec }));
    }
    const index = this.#seededIndex(record);
    if (index === undefined || this.#deleted.has(record)) return [];
    const specs = this.#layout(index);
    const rows: RecordRow[] = [];
    for (const spec of specs) if (rowFits(this.#schema, spec)) rows.push({ record, ...spec });
    return rows;
  }


  read(row: RecordRow): RowReader {
    const spec = specOf(row);
    const stored = this.#stored.get(row.record);
    if (stored !== undefined) {
      const values = stored.rows.get(rowKey(spec))?.values ?? new Map<string, string>();
      return new StoredRow(this.#schema, this.#recipe, row.record, spec, values, new SeededDraw(this.#seed, this.#seededIndex(row.record) ?? 0));
    }
    const index = this.#seededIndex(row.record);
    if (index === undefined || this.#deleted.has(row.record)) return EMPTY_ROW;
    return new GeneratedRow(this.#schema, this.#recipe, this.#seed, index, spec);
  }

  /** The event's own (non-repeating, or first-instance) row, for `[event][field]` references. */
  readEvent(record: string, event: string): RowReader {
    const row = this.rows(record).find((candidate) => candidate.event === event && candidate.repeatInstrument === '');
    return row === undefined ? EMPTY_ROW : this.read(row);
  }

  /** The arm a record's rows live in (undefined for classic projects and empty records). */
  armOf(record: string): number | undefined {
    const first = this.rows(record)[0];
    return first === undefined ? undefined : this.#schema.event(first.event ?? '')?.armNum;
  }

  times(record: string): RecordTimes {
    const known = this.#times.get(record);
    if (known !== undefined) return known;
    return seededTimes(new SeededDraw(this.#seed, this.#seededIndex(record) ?? 0), this.#seededCount);
  }

  /** The record's Data Access Group (unique group name), or blank. */
  dag(record: string): string {
    const assigned = this.#dags.get(record);
    if (assigned !== undefined) return assigned;
    const generated = this.#generatedDag(record);
    return this.#removedDags.has(generated) ? '' : generated;
  }

  /** A deleted DAG's records become unassigned (and stay so if a DAG of that name returns). */
  forgetDag(dag: string): void {
    for (const [record, assigned] of this.#dags) if (assigned === dag) this.#dags.set(record, '');
    this.#removedDags.add(dag);
  }

  #generatedDag(record: string): string {
    // Materialised and new records always have an entry, so only untouched seeded records get here.
    const index = this.#seededIndex(record);
    if (index === undefined || this.#recipe.dag === undefined) return '';
    return this.#recipe.dag(new SeededDraw(this.#seed, index));
  }

  setDag(record: string, dag: string): void {
    this.#dags.set(record, dag);
  }

  /** Highest numeric record ID + 1, as REDCap's auto-numbering does. */
  nextRecordName(): string {
    let highest = this.#seededCount;
    for (const id of this.#created) if (SEEDED_ID.test(id)) highest = Math.max(highest, Number(id));
    return String(highest + 1);
  }

  /** The next free instance of a repeating instrument (or event, with a blank instrument). */
  nextInstance(record: string, event: string, repeatInstrument: string): number {
    let highest = 0;
    for (const row of this.rows(record)) {
      if (row.event === event && row.repeatInstrument === repeatInstrument) highest = Math.max(highest, row.repeatInstance ?? 0);
    }
    return highest + 1;
  }

  /**
   * Writes one row's values (real field names and `<form>_complete`; checkboxes as joined codes).
   * Blank values clear a stored value. Returns true when the record did not exist before.
   */
  write(record: string, spec: RowSpec, values: ReadonlyMap<string, string>, now: LocalTime): boolean {
    const created = !this.has(record);
    const stored = this.#materialise(record);
    const key = rowKey(spec);
    let row = stored.rows.get(key);
    if (row === undefined) {
      row = { spec: { ...spec }, values: new Map([[this.#schema.recordIdField.name, record]]) };
      stored.rows.set(key, row);
    }
    const touchedForms = new Set<string>();
    for (const [field, value] of values) {
      if (value === '') {
        row.values.delete(field);
        continue;
      }
      row.values.set(field, value);
      const form = this.#schema.field(field)?.form;
      if (form !== undefined && field !== this.#schema.recordIdField.name) touchedForms.add(form);
    }
    // Saving a value on a form without a status makes it Incomplete, as REDCap does.
    for (const form of touchedForms) if (!row.values.has(completeField(form))) row.values.set(completeField(form), '0');
    this.#touch(record, now, created);
    return created;
  }

  deleteRecord(record: string): boolean {
    if (!this.has(record)) return false;
    this.#stored.delete(record);
    this.#times.delete(record);
    this.#dags.delete(record);
    if (!this.#created.delete(record)) this.#deleted.add(record);
    return true;
  }

  /** Removes the data of a form and/or event (and instance) of a record; returns how many rows it touched. */
  deleteData(record: string, scope: DataScope, now: LocalTime): number {
    if (!this.has(record)) return 0;
    const stored = this.#materialise(record);
    let touched = 0;
    for (const [key, row] of stored.rows) {
      if (scope.event !== undefined && row.spec.event !== scope.event) continue;
      // Instance 1 of something that does not repeat is its only "instance".
      const instance = row.spec.repeatInstance === 0 ? 1 : row.spec.repeatInstance;
      if (scope.instance !== undefined && instance !== scope.instance) continue;
      if (scope.form === undefined) {
        stored.rows.delete(key);
        touched++;
        continue;
      }
      const form = scope.form;
      let removed = row.values.delete(completeField(form));
      for (const field of this.#schema.fieldsOf(form)) {
        if (field !== this.#schema.recordIdField && row.values.delete(field.name)) removed = true;
      }
      if (removed) touched++;
      // A row with nothing left but the record ID is no row at all.
      if (row.values.size <= 1) stored.rows.delete(key);
    }
    if (touched > 0) this.#touch(record, now, false);
    return touched;
  }

  /** Gives a record a new ID; rows, Data Access Group and times go with it. */
  rename(record: string, newName: string, now: LocalTime): void {
    const stored = this.#materialise(record);
    const dag = this.dag(record);
    const times = this.times(record);
    this.deleteRecord(record);
    for (const row of stored.rows.values()) row.values.set(this.#schema.recordIdField.name, newName);
    this.#stored.set(newName, stored);
    if (!this.#deleted.delete(newName)) this.#created.add(newName);
    this.#dags.set(newName, dag);
    this.#times.set(newName, { created: times.created, modified: now });
  }

  #touch(record: string, now: LocalTime, created: boolean): void {
    const before = created ? undefined : this.times(record);
    this.#times.set(record, { created: before?.created ?? now, modified: now });
  }

  /** The record as stored rows, copying a seeded record's generated rows the first time. */
  #materialise(record: string): StoredRecord {
    let stored = this.#stored.get(record);
    if (stored !== undefined) return stored;
    stored = { rows: new Map() };
    const index = this.#seededIndex(record);
    if (index !== undefined && !this.#deleted.has(record)) {
      this.#dags.set(record, this.dag(record));
      this.#times.set(record, this.times(record));
      for (const spec of this.#layout(index)) {
        const generated = new GeneratedRow(this.#schema, this.#recipe, this.#seed, index, spec);
        const values = new Map<string, string>([[this.#schema.recordIdField.name, record]]);
        for (const form of this.#schema.rowForms(spec.event, spec.repeatInstrument)) {
          const status = generated.formStatus(form);
          if (status === '') continue;
          values.set(completeField(form), status);
          for (const field of this.#schema.fieldsOf(form)) {
            if (field.type === 'calc' || field.type === 'descriptive') continue;
            const value = generated.value(field.name);
            if (value !== '') values.set(field.name, value);
          }
        }
        stored.rows.set(rowKey(spec), { spec, values });
      }
    } else {
      // A deleted seeded ID written again starts empty, in its old place in the order.
      if (!this.#deleted.delete(record)) this.#created.add(record);
      this.#dags.set(record, '');
    }
    this.#stored.set(record, stored);
    return stored;
  }

  #layout(index: number): RowSpec[] {
    const layout = this.#recipe.layout;
    if (layout === undefined) return [NO_REPEAT];
    return layout(new SeededDraw(this.#seed, index));
  }


  #seededIndex(record: string): number | undefined {
    if (!SEEDED_ID.test(record)) return undefined;
    const n = Number(record);
    return n <= this.#seededCount ? n - 1 : undefined;
  }
}
