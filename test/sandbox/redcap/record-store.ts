// Records of one project: N seeded records whose values are generated on demand, plus an overlay
// for records written or deleted later. Seeded record IDs are "1".."N", in that order.

import { SeededDraw } from './record-generator.ts';
import type { RecordRecipe, ValueContext } from './record-generator.ts';
import type { ProjectSchema } from './project-model.ts';

/**
 * One exported row. A classic project has one row per record; longitudinal and repeating projects
 * will add rows per event and instance, which is why rows carry their own coordinates.
 */
export interface RecordRow {
  record: string;
  event?: string;
  repeatInstrument?: string;
  repeatInstance?: number;
}

/** Values of one row; checkbox values are the checked codes joined by `,`. */
export interface RowReader {
  value(field: string): string;
  /** `0`/`1`/`2`, or blank when the form holds no data in this row ("gray"). */
  formStatus(form: string): string;
}

const SEEDED_ID = /^[1-9]\d*$/;

export class RecordStore {
  readonly #schema: ProjectSchema;
  readonly #recipe: RecordRecipe;
  readonly #seed: number;
  readonly #seededCount: number;
  readonly #overlay = new Map<string, Map<string, string>>();
  readonly #deleted = new Set<string>();
  /** Seeded IDs that were deleted and written again: they start empty, like any new record. */
  readonly #recreated = new Set<string>();
  /** Records created after seeding, in creation order (a Set keeps insertion order). */
  readonly #created = new Set<string>();

  constructor(schema: ProjectSchema, recipe: RecordRecipe, seededCount: number, seed: number) {
    this.#schema = schema;
    this.#recipe = recipe;
    this.#seededCount = seededCount;
    this.#seed = seed;
  }

  get size(): number {
    return this.#seededCount - this.#deleted.size + this.#created.size;
  }

  has(record: string): boolean {
    if (this.#deleted.has(record)) return false;
    return this.#seededIndex(record) !== undefined || this.#created.has(record);
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

  rows(record: string): RecordRow[] {
    return this.has(record) ? [{ record }] : [];
  }

  /** Highest numeric record ID + 1, as REDCap's auto-numbering does. */
  nextRecordName(): string {
    let highest = this.#seededCount;
    for (const id of this.#created) if (SEEDED_ID.test(id)) highest = Math.max(highest, Number(id));
    return String(highest + 1);
  }

  /** Stores values over the generated ones, creating the record if needed. */
  write(record: string, values: Readonly<Record<string, string>>): void {
    if (!this.has(record)) {
      if (this.#deleted.delete(record)) this.#recreated.add(record);
      else this.#created.add(record);
    }
    let stored = this.#overlay.get(record);
    if (stored === undefined) {
      stored = new Map();
      this.#overlay.set(record, stored);
    }
    for (const [field, value] of Object.entries(values)) stored.set(field, value);
  }

  delete(record: string): boolean {
    if (!this.has(record)) return false;
    this.#overlay.delete(record);
    this.#recreated.delete(record);
    if (!this.#created.delete(record)) this.#deleted.add(record);
    return true;
  }

  read(row: RecordRow): RowReader {
    const index = this.#seededIndex(row.record);
    const generated = index === undefined || this.#recreated.has(row.record)
      ? undefined
      : new GeneratedRow(this.#schema, this.#recipe, new SeededDraw(this.#seed, index));
    const overlay = this.#overlay.get(row.record);
    if (overlay === undefined && generated !== undefined) return generated;
    return new OverlaidRow(this.#schema, this.#recipe, row.record, generated, overlay ?? new Map(), new SeededDraw(this.#seed, index ?? 0));
  }

  #seededIndex(record: string): number | undefined {
    if (!SEEDED_ID.test(record)) return undefined;
    const n = Number(record);
    return n <= this.#seededCount ? n - 1 : undefined;
  }
}

class GeneratedRow implements RowReader, ValueContext {
  readonly #schema: ProjectSchema;
  readonly #recipe: RecordRecipe;
  readonly #draw: SeededDraw;
  readonly #cache = new Map<string, string>();
  readonly #statuses = new Map<string, string>();

  constructor(schema: ProjectSchema, recipe: RecordRecipe, draw: SeededDraw) {
    this.#schema = schema;
    this.#recipe = recipe;
    this.#draw = draw;
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

  formStatus(form: string): string {
    let status = this.#statuses.get(form);
    if (status === undefined) {
      const plan = this.#recipe.forms[form];
      const empty = plan === undefined || this.#draw.chance(`form:${form}`, plan.emptyChance);
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
    const generator = this.#recipe.fields[field];
    if (definition === undefined || generator === undefined) return '';
    if (definition === this.#schema.recordIdField) return generator(this);
    const status = this.formStatus(definition.form);
    if (status === '') return '';
    if (status === '0' && definition.type !== 'calc' && this.#draw.chance(`incomplete:${field}`, this.#recipe.blankWhenIncomplete)) {
      return '';
    }
    return generator(this);
  }
}

/** Written values win; calc fields are recomputed from what is there now, as REDCap does on save. */
class OverlaidRow implements RowReader {
  readonly #schema: ProjectSchema;
  readonly #recipe: RecordRecipe;
  readonly #record: string;
  readonly #generated: GeneratedRow | undefined;
  readonly #overlay: ReadonlyMap<string, string>;
  readonly #calcContext: ValueContext;

  constructor(
    schema: ProjectSchema,
    recipe: RecordRecipe,
    record: string,
    generated: GeneratedRow | undefined,
    overlay: ReadonlyMap<string, string>,
    draw: SeededDraw,
  ) {
    this.#schema = schema;
    this.#recipe = recipe;
    this.#record = record;
    this.#generated = generated;
    this.#overlay = overlay;
    this.#calcContext = {
      index: draw.index,
      uniform: (salt) => draw.uniform(salt),
      chance: (salt, probability) => draw.chance(salt, probability),
      pick: (salt, items) => draw.pick(salt, items),
      weighted: (salt, table) => draw.weighted(salt, table),
      normal: (salt, mean, sd) => draw.normal(salt, mean, sd),
      value: (field) => this.value(field),
    };
  }

  value(field: string): string {
    if (field === this.#schema.recordIdField.name) return this.#record;
    const written = this.#overlay.get(field);
    if (written !== undefined) return written;
    const definition = this.#schema.field(field);
    if (definition?.type === 'calc') {
      const generator = this.#recipe.fields[field];
      return generator === undefined || this.formStatus(definition.form) === '' ? '' : generator(this.#calcContext);
    }
    return this.#generated?.value(field) ?? '';
  }

  formStatus(form: string): string {
    const written = this.#overlay.get(`${form}_complete`);
    if (written !== undefined) return written;
    const generated = this.#generated?.formStatus(form) ?? '';
    if (generated !== '') return generated;
    // Saving any value on a gray form makes it Incomplete, as REDCap does on import.
    const recordId = this.#schema.recordIdField;
    const touched = this.#schema.fields.some((f) => f.form === form && f !== recordId && (this.#overlay.get(f.name) ?? '') !== '');
    return touched ? '0' : '';
  }
}
