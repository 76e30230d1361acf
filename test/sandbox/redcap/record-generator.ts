// Deterministic, lazy record values. Nothing is stored per record: every value is a pure function
// of (seed, record index, field), so 500,000 records cost no more memory than 5.

/** Deterministic draws: the same salt always gives the same answer for the same record (and row). */
export interface Draws {
  /** A number in [0, 1) fixed by (seed, record, salt); the same salt gives the same number. */
  uniform(salt: string): number;
  chance(salt: string, probability: number): boolean;
  pick<T>(salt: string, items: readonly T[]): T;
  /** One key of `table`, chosen with the given weights. */
  weighted(salt: string, table: ReadonlyArray<readonly [string, number]>): string;
  normal(salt: string, mean: number, sd: number): number;
}

/** What a field's generator may ask about the row it is filling in. */
export interface ValueContext extends Draws {
  /** 0-based position of the record in the seeded set. */
  readonly index: number;
  /** The row's event (blank in a classic project) and repeat instance (0 when it does not repeat). */
  readonly event: string;
  readonly instance: number;
  /** Draws shared by every row of the record, for facts that must agree across events. */
  readonly recordDraws: Draws;
  /** Another field's value in the same row (blank when its form has no data). */
  value(field: string): string;
}

/** One row of a seeded record: an event, and a repeating instrument or event instance. */
export interface RowSpec {
  event: string;
  /** A repeating instrument's name, or blank. */
  repeatInstrument: string;
  /** 1, 2, … for repeating instruments and events; 0 for a row that does not repeat. */
  repeatInstance: number;
}

export type FieldGenerator = (context: ValueContext) => string;

export interface FormPlan {
  /** Chance that the form was never opened: all blank, status exported as 0 ("gray"). */
  emptyChance: number;
  /** Weights of `<form>_complete` codes 0/1/2 when the form has data. */
  status: ReadonlyArray<readonly [string, number]>;
}

/** How to fill a project's records; checkbox generators return the checked codes joined by `,`. */
export interface RecordRecipe {
  forms: Readonly<Record<string, FormPlan>>;
  fields: Readonly<Record<string, FieldGenerator>>;
  /** Chance that a field on an Incomplete form was left blank. */
  blankWhenIncomplete: number;
  /** The rows of a seeded record; without it a record has one row on no event (classic projects). */
  layout?: (draws: SeededDraw) => RowSpec[];
  /** A seeded record's Data Access Group (unique group name), or blank. */
  dag?: (draws: SeededDraw) => string;
}

const saltHashes = new Map<string, number>();

function saltHash(salt: string): number {
  let hash = saltHashes.get(salt);
  if (hash === undefined) {
    hash = 0x811c9dc5;
    for (let i = 0; i < salt.length; i++) hash = Math.imul(hash ^ salt.charCodeAt(i), 0x01000193);
    hash >>>= 0;
    saltHashes.set(salt, hash);
  }
  return hash;
}

/** murmur3's finalizer: a cheap, well-mixed 32-bit permutation. */
function mix32(input: number): number {
  let h = input >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const TWO_32 = 4294967296;

export class SeededDraw implements Draws {
  readonly index: number;
  readonly #recordHash: number;

  /** `row` gives each row of a record its own draws; without it (classic rows) they are the record's. */
  constructor(seed: number, index: number, row?: string) {
    this.index = index;
    const recordHash = mix32(mix32(seed ^ 0x2545f491) + index);
    this.#recordHash = row === undefined ? recordHash : mix32(recordHash ^ saltHash(row));
  }

  uniform(salt: string): number {
    return mix32(this.#recordHash ^ saltHash(salt)) / TWO_32;
  }

  chance(salt: string, probability: number): boolean {
    return this.uniform(salt) < probability;
  }

  pick<T>(salt: string, items: readonly T[]): T {
    const item = items[Math.floor(this.uniform(salt) * items.length)];
    if (item === undefined) throw new Error(`pick from an empty list (${salt})`);
    return item;
  }

  weighted(salt: string, table: ReadonlyArray<readonly [string, number]>): string {
    const total = table.reduce((sum, [, weight]) => sum + weight, 0);
    let target = this.uniform(salt) * total;
    for (const [key, weight] of table) {
      target -= weight;
      if (target < 0) return key;
    }
    return table[table.length - 1]?.[0] ?? '';
  }

  normal(salt: string, mean: number, sd: number): number {
    // Box–Muller with a second, independent draw for the angle.
    const u1 = Math.max(this.uniform(salt), 1e-12);
    const u2 = mix32(this.#recordHash ^ saltHash(salt) ^ 0x5bd1e995) / TWO_32;
    return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}

// Small formatting helpers the recipes share.

export function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/** YYYY-MM-DD of a day number, without a Date per call (H. Hinnant's civil_from_days). */
export function isoDate(daysSinceEpoch: number): string {
  const z = daysSinceEpoch + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

export function daysSinceEpoch(isoDay: string): number {
  return Math.round(Date.parse(`${isoDay}T00:00:00Z`) / 86_400_000);
}
