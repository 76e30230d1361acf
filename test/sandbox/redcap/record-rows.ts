// Reading one row of a record: values generated on demand from the seed, or values stored after an
// import. Both answer the same questions, so exports never care which kind they read.

import { SeededDraw } from './record-generator.ts';
import type { Draws, RecordRecipe, RowSpec, ValueContext } from './record-generator.ts';
import { completeField } from './project-model.ts';
import type { ProjectSchema } from './project-schema.ts';

/** One exported row: a record, and where in the record (event, repeating instrument, instance). */
export interface RecordRow {
  record: string;
  /** Blank (or absent) in a classic project. */
  event?: string;
  repeatInstrument?: string;
  /** 0 (or absent) when the row does not repeat. */
  repeatInstance?: number;
}

/** Values of one row; checkbox values are the checked codes joined by `,`. */
export interface RowReader {
  value(field: string): string;
  /** `0`/`1`/`2`, or blank when the form holds no data in this row ("gray") or is not part of it. */
  formStatus(form: string): string;
  /** Whether the form belongs to this row at all (designated for the event, right repeat setting). */
  hasForm(form: string): boolean;
}

export function specOf(row: RecordRow): RowSpec {
  return { event: row.event ?? '', repeatInstrument: row.repeatInstrument ?? '', repeatInstance: row.repeatInstance ?? 0 };
}

export function rowKey(spec: RowSpec): string {
  return `${spec.event}\u0001${spec.repeatInstrument}\u0001${spec.repeatInstance}`;
}

/** A row of a record nobody has written to: every value is a pure function of (seed, record, row, field). */
export class GeneratedRow implements RowReader, ValueContext {
  readonly #schema: ProjectSchema;
  readonly #recipe: RecordRecipe;
  readonly #draw: SeededDraw;
  readonly #forms: readonly string[];
  readonly #cache = new Map<string, string>();
  readonly #statuses = new Map<string, string>();
  readonly event: string;
  readonly instance: number;
  readonly recordDraws: Draws;

  constructor(schema: ProjectSchema, recipe: RecordRecipe, seed: number, index: number, spec: RowSpec) {
    this.#schema = schema;
    this.#recipe = recipe;
    const recordDraw = new SeededDraw(seed, index);
    // Classic records keep the draws they always had; rows of longitudinal records get their own.
    this.#draw = recipe.layout === undefined ? recordDraw : new SeededDraw(seed, index, rowKey(spec));
    this.recordDraws = recordDraw;
    this.#forms = schema.rowForms(spec.event, spec.repeatInstrument);
    this.event = spec.event;
    this.instance = spec.repeatInstance;
  }

  get index(): number {
    return this.#draw.index;
  }

  uniform(salt: string): number {
    return this.#draw.uniform(salt);
  }

  chance(salt: string, probability: number): boolean {
    return this.#draw.chance(salt, probability);
  }

  pick<T>(salt: string, items: readonly T[]): T {
    return this.#draw.pick(salt, items);
  }

  weighted(salt: string, table: ReadonlyArray<readonly [string, number]>): string {
    return this.#draw.weighted(salt, table);
  }

  normal(salt: string, mean: number, sd: number): number {
    return this.#draw.normal(salt, mean, sd);
  }

  hasForm(form: string): boolean {
    return this.#forms.includes(form);
  }

  formStatus(form: string): string {
    let status = this.#statuses.get(form);
    if (status === undefined) {
      const plan = this.#recipe.forms[form];
      const empty = plan === undefined || !this.hasForm(form) || this.#draw.chance(`form:${form}`, plan.emptyChance);
      status = empty ? '' : this.#draw.weighted(`status:${form}`, plan.status);
      this.#statuses.set(form, status);
    }
    return status;
  }

  value(field: string): string {
    const cached = this.#cache.get(field);
    if (cached !== undefined) return cached;
    const value = this.#generate(field);
    this.#cache.set(field, value);
    return value;
  }

  #generate(field: string): string {
    const definition = this.#schema.field(field);
    // Seeded record IDs are "1".."N", whatever the record-ID field is called today.
    if (definition === this.#schema.recordIdField) return String(this.#draw.index + 1);
    const generator = this.#recipe.fields[field];
    if (definition === undefined || generator === undefined) return '';
    const status = this.formStatus(definition.form);
    if (status === '') return '';
    if (status === '0' && definition.type !== 'calc' && this.#draw.chance(`incomplete:${field}`, this.#recipe.blankWhenIncomplete)) {
      return '';
    }
    return generator(this);
  }
}

/**
 * A row held in memory after a write. Only non-blank values are kept, `<form>_complete` among them;
 * calc fields are recomputed from what is there now, as REDCap does on save.
 */
export class StoredRow implements RowReader {
  readonly #schema: ProjectSchema;
  readonly #recipe: RecordRecipe;
  readonly #record: string;
  readonly #values: ReadonlyMap<string, string>;
  readonly #forms: readonly string[];
  readonly #calcContext: ValueContext;

  constructor(schema: ProjectSchema, recipe: RecordRecipe, record: string, spec: RowSpec, values: ReadonlyMap<string, string>, draws: SeededDraw) {
    this.#schema = schema;
    this.#recipe = recipe;
    this.#record = record;
    this.#values = values;
    this.#forms = schema.rowForms(spec.event, spec.repeatInstrument);
    this.#calcContext = {
      index: draws.index,
      event: spec.event,
      instance: spec.repeatInstance,
      recordDraws: draws,
      uniform: (salt) => draws.uniform(salt),
      chance: (salt, probability) => draws.chance(salt, probability),
      pick: (salt, items) => draws.pick(salt, items),
      weighted: (salt, table) => draws.weighted(salt, table),
      normal: (salt, mean, sd) => draws.normal(salt, mean, sd),
      value: (field) => this.value(field),
    };
  }

  hasForm(form: string): boolean {
    return this.#forms.includes(form);
  }

  value(field: string): string {
    if (field === this.#schema.recordIdField.name) return this.#record;
    const definition = this.#schema.field(field);
    if (definition === undefined || !this.hasForm(definition.form)) return '';
    if (definition.type === 'calc') {
      const generator = this.#recipe.fields[field];
      return generator === undefined || this.formStatus(definition.form) === '' ? '' : generator(this.#calcContext);
    }
    return this.#values.get(field) ?? '';
  }

  formStatus(form: string): string {
    return this.hasForm(form) ? (this.#values.get(completeField(form)) ?? '') : '';
  }
}

/** What a row of a record that has none reads as. */
export const EMPTY_ROW: RowReader = {
  value: () => '',
  formStatus: () => '',
  hasForm: () => false,
};

/** Rows on events (or repeating setups) the project no longer has are out of sight. */
export function rowFits(schema: ProjectSchema, spec: RowSpec): boolean {
  if (schema.isLongitudinal ? schema.event(spec.event) === undefined : spec.event !== '') return false;
  if (spec.repeatInstrument !== '') return schema.isRepeatingForm(spec.event, spec.repeatInstrument);
  return spec.repeatInstance === 0 || schema.isRepeatingEvent(spec.event);
}

/** REDCap's row order within a record: by event, the event's own row first, then instrument order and instance. */
export function sortRows(schema: ProjectSchema, specs: RowSpec[]): RowSpec[] {
  const formRank = (form: string): number => (form === '' ? -1 : schema.formIndex(form));
  return specs.sort((a, b) =>
    schema.eventIndex(a.event) - schema.eventIndex(b.event) ||
    formRank(a.repeatInstrument) - formRank(b.repeatInstrument) ||
    a.repeatInstance - b.repeatInstance);
}
