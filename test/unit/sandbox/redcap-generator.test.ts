import { describe, expect, it } from 'vitest';
import { startRedcapSandbox } from '../../sandbox/redcap/index.ts';
import { ProjectSchema } from '../../sandbox/redcap/project-schema.ts';
import { RecordStore } from '../../sandbox/redcap/record-store.ts';
import { cardiometabolicProject } from '../../sandbox/redcap/seed-project.ts';
import { cardiometabolicRecipe } from '../../sandbox/redcap/seed-values.ts';
import { jsonArray, post, tokenOf } from './redcap-http.ts';

const schema = new ProjectSchema(cardiometabolicProject(1));
const storeOf = (records: number, seed = 1): RecordStore => new RecordStore(schema, cardiometabolicRecipe, records, seed);

function isCalendarDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}

// REDCap 14's validation patterns for the types the project uses (reference §1.6), dates also
// checked against the calendar.
const VALID: Record<string, (value: string) => boolean> = {
  integer: (v) => /^[-+]?\b\d+\b$/.test(v),
  number: (v) => /^[-+]?[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?$/.test(v),
  number_1dp: (v) => /^-?\d+\.\d$/.test(v),
  date_ymd: isCalendarDate,
  datetime_ymd: (v) => /^\d{4}-\d{2}-\d{2} ([0-9]|[01][0-9]|2[0-3]):[0-5][0-9]$/.test(v) && isCalendarDate(v.slice(0, 10)),
  email: (v) => /^[^\s@<>()[\],;:"]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/i.test(v),
  phone: (v) => /^\(?([2-9]0[1-9]|[2-9]1[02-9]|[2-9][2-9][0-9])\)?\s*(?:[.-]\s*)?([2-9]1[02-9]|[2-9][02-9]1|[2-9][02-9]{2})\s*(?:[.-]\s*)?([0-9]{4})$/.test(v),
  zipcode: (v) => /^\d{5}(-\d{4})?$/.test(v),
};

describe('REDCap sandbox: seeded records', () => {
  it('fills every field with values its validation, range and choices accept', () => {
    const store = storeOf(3000);
    const blanks = new Map<string, number>();
    for (const id of store.ids()) {
      const row = store.read({ record: id });
      for (const field of schema.fields) {
        const value = row.value(field.name);
        if (value === '') {
          blanks.set(field.name, (blanks.get(field.name) ?? 0) + 1);
          continue;
        }
        const where = `record ${id} ${field.name}=${JSON.stringify(value)}`;
        if (field.validation !== undefined) {
          const check = VALID[field.validation];
          expect(check, field.validation).toBeDefined();
          expect(check?.(value), where).toBe(true);
          if (field.min !== undefined && /^[\d.]+$/.test(field.min)) expect(Number(value), where).toBeGreaterThanOrEqual(Number(field.min));
          if (field.max !== undefined && /^[\d.]+$/.test(field.max)) expect(Number(value), where).toBeLessThanOrEqual(Number(field.max));
        }
        const codes = schema.choices(field.name).map((choice) => choice.code);
        if (field.type === 'checkbox') for (const code of value.split(',')) expect(codes, where).toContain(code);
        else if (codes.length > 0) expect(codes, where).toContain(value);
        if (field.type === 'descriptive') throw new Error(`descriptive field has a value: ${where}`);
      }
      for (const form of schema.instruments) expect(['', '0', '1', '2']).toContain(row.formStatus(form.name));
    }
    // Sparse optional fields, and the file field blank for most records.
    expect(blanks.get('consent_form') ?? 0).toBeGreaterThan(2400);
    expect(blanks.get('consent_form') ?? 0).toBeLessThan(2900);
    expect(blanks.get('visit_notes') ?? 0).toBeGreaterThan(2000);
    expect(blanks.get('record_id') ?? 0).toBe(0);
  });

  it('has unicode names, MRNs with leading zeros, multi-line notes and diabetes only with a type', () => {
    const store = storeOf(2000);
    let cjk = 0;
    let accented = 0;
    let leadingZero = 0;
    let multiline = 0;
    const mrns = new Set<string>();
    for (const id of store.ids()) {
      const row = store.read({ record: id });
      const name = `${row.value('first_name')} ${row.value('last_name')}`;
      if (/[\u4e00-\u9fff]/.test(name)) cjk++;
      if (/[À-ž]/.test(name)) accented++;
      const mrn = row.value('mrn');
      if (mrn.startsWith('0')) leadingZero++;
      if (mrn !== '') mrns.add(mrn);
      if (row.value('medications').includes('\n')) multiline++;
      if (row.value('diabetes_type') !== '') expect(row.value('diabetes')).toBe('1');
    }
    expect(cjk).toBeGreaterThan(50);
    expect(accented).toBeGreaterThan(100);
    expect(leadingZero).toBeGreaterThan(100);
    expect(multiline).toBeGreaterThan(100);
    // MRNs never repeat.
    expect(mrns.size).toBeGreaterThan(1900);
    expect(storeOf(5).read({ record: '1' }).value('mrn')).toBe('000123');
  });

  it('generates the same records for the same seed and different ones for another seed', async () => {
    const [a, b, c] = await Promise.all([startRedcapSandbox({ records: 300, seed: 7 }), startRedcapSandbox({ records: 300, seed: 7 }), startRedcapSandbox({ records: 300, seed: 8 })]);
    try {
      const csv = async (sandbox: typeof a): Promise<string> => (await post(sandbox, [['content', 'record'], ['format', 'csv']])).text;
      const [first, same, other] = await Promise.all([csv(a), csv(b), csv(c)]);
      expect(first.length).toBeGreaterThan(10_000);
      expect(same).toBe(first);
      expect(other).not.toBe(first);
      // Record IDs do not depend on the seed; the clinical data does.
      const ids = async (sandbox: typeof a): Promise<unknown[]> =>
        jsonArray((await post(sandbox, [['content', 'record'], ['format', 'json'], ['fields', 'record_id']])).text).map((row) => row.record_id);
      expect(await ids(c)).toEqual(await ids(a));
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  it('reads record 1 the same whether asked alone or among 300', () => {
    const alone = storeOf(1).read({ record: '1' });
    const among = storeOf(300).read({ record: '1' });
    for (const field of schema.fields) expect(alone.value(field.name), field.name).toBe(among.value(field.name));
  });

  it('keeps 100,000 and 500,000 records without storing them', async () => {
    const before = process.memoryUsage().heapUsed;
    const big = storeOf(500_000);
    const hundredK = storeOf(100_000);
    expect(big.size).toBe(500_000);
    expect(big.has('500000')).toBe(true);
    expect(big.has('500001')).toBe(false);
    const last = big.read({ record: '500000' });
    expect(last.value('record_id')).toBe('500000');
    expect(last.formStatus('enrollment')).toMatch(/^[012]$/);
    let count = 0;
    for (const _id of hundredK.ids()) count++;
    expect(count).toBe(100_000);
    // Stored strings would take hundreds of MB; lazy generation takes next to nothing.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(40 * 1024 * 1024);

    const sandbox = await startRedcapSandbox({ records: 100_000 });
    try {
      const reply = await post(sandbox, [['content', 'record'], ['format', 'json'], ['fields', 'record_id']]);
      const ids = jsonArray(reply.text);
      expect(ids).toHaveLength(100_000);
      expect(ids.at(-1)).toEqual({ record_id: '100000' });
      expect(tokenOf(sandbox)).toHaveLength(32);
    } finally {
      await sandbox.close();
    }
  });

  it('copies a record on its first write, keeps its other values and recomputes calc fields', () => {
    const store = storeOf(10);
    const row = { event: '', repeatInstrument: '', repeatInstance: 0 };
    const now = '2025-01-02 03:04:05';
    const before = store.read({ record: '3' });
    const generatedSex = before.value('sex');
    store.write('3', row, new Map([['height_cm', '180'], ['weight_kg', '81.0']]), now);
    const after = store.read({ record: '3' });
    expect([after.value('height_cm'), after.value('weight_kg'), after.value('bmi')]).toEqual(['180', '81.0', '25']);
    expect(after.value('sex')).toBe(generatedSex);
    // Record 3's baseline form had no data; writing to it makes it Incomplete.
    expect(before.formStatus('baseline_visit')).toBe('');
    expect(after.formStatus('baseline_visit')).toBe('0');
    expect(store.times('3').modified).toBe(now);

    store.write('new-1', row, new Map([['first_name', 'Zoë'], ['total_chol', '200'], ['hdl', '50']]), now);
    expect(store.size).toBe(11);
    expect([...store.ids()].at(-1)).toBe('new-1');
    expect(store.read({ record: 'new-1' }).value('non_hdl')).toBe('150');
    expect(store.read({ record: 'new-1' }).value('mrn')).toBe('');
    expect(store.times('new-1')).toEqual({ created: now, modified: now });
    expect(store.nextRecordName()).toBe('11');

    expect(store.deleteRecord('2')).toBe(true);
    expect(store.deleteRecord('2')).toBe(false);
    expect(store.has('2')).toBe(false);
    expect(store.existing(['2', '1', 'new-1', '3'])).toEqual(['1', '3', 'new-1']);
    store.write('2', row, new Map([['first_name', 'Ana']]), now);
    expect(store.read({ record: '2' }).value('last_name')).toBe('');
    expect(store.read({ record: '2' }).value('first_name')).toBe('Ana');
  });

});
