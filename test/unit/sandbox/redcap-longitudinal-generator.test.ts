import { describe, expect, it } from 'vitest';
import { ProjectSchema } from '../../sandbox/redcap/project-schema.ts';
import { RecordStore } from '../../sandbox/redcap/record-store.ts';
import { heartFailureProject } from '../../sandbox/redcap/seed-longitudinal.ts';
import { heartFailureRecipe } from '../../sandbox/redcap/seed-longitudinal-values.ts';
import { validateValue } from '../../sandbox/redcap/validation-types.ts';

const schema = new ProjectSchema(heartFailureProject(1));
const storeOf = (records: number, seed = 1): RecordStore => new RecordStore(schema, heartFailureRecipe, records, seed);

describe('REDCap sandbox: seeded longitudinal records', () => {
  it('gives each record rows in one arm, in schedule order, with repeats only where they are set up', () => {
    const store = storeOf(5000);
    let rows = 0;
    const perEvent = new Map<string, number>();
    for (const id of store.ids()) {
      const records = store.rows(id);
      rows += records.length;
      const first = records[0];
      expect(first?.event, id).toMatch(/^screening_arm_[12]$/);
      const arm = schema.event(first?.event ?? '')?.armNum;
      let lastIndex = -1;
      for (const row of records) {
        const event = row.event ?? '';
        perEvent.set(event, (perEvent.get(event) ?? 0) + 1);
        expect(schema.event(event)?.armNum, `${id} ${event}`).toBe(arm);
        expect(schema.eventIndex(event)).toBeGreaterThanOrEqual(lastIndex);
        lastIndex = schema.eventIndex(event);
        if (row.repeatInstrument !== '') expect(schema.isRepeatingForm(event, row.repeatInstrument ?? '')).toBe(true);
        else if ((row.repeatInstance ?? 0) > 0) expect(schema.isRepeatingEvent(event)).toBe(true);
      }
    }
    // About three rows per record, so 100,000 records make about 300,000 rows.
    expect(rows / 5000).toBeGreaterThan(2.8);
    expect(rows / 5000).toBeLessThan(3.6);
    for (const event of schema.events) expect(perEvent.get(event.uniqueName) ?? 0, event.uniqueName).toBeGreaterThan(50);
  });

  it('fills only the forms of each row, with values their validation and choices accept', () => {
    const store = storeOf(1500);
    const seenTypes = new Set<string>();
    for (const id of store.ids()) {
      for (const row of store.rows(id)) {
        const reader = store.read(row);
        const forms = schema.rowForms(row.event ?? '', row.repeatInstrument ?? '');
        for (const field of schema.fields) {
          const value = reader.value(field.name);
          const where = `${id} ${row.event ?? ''} ${field.name}=${JSON.stringify(value)}`;
          if (field === schema.recordIdField) {
            expect(value).toBe(id);
            continue;
          }
          if (!forms.includes(field.form)) {
            expect(value, where).toBe('');
            continue;
          }
          if (value === '') continue;
          if (field.validation !== undefined) {
            seenTypes.add(field.validation);
            // Stored dates are YYYY-MM-DD whatever their display order.
            expect(validateValue(field.validation, value, 'YMD'), where).toBe(value);
          }
          const codes = schema.choices(field.name).map((choice) => choice.code);
          if (field.type === 'checkbox') for (const code of value.split(',')) expect(codes, where).toContain(code);
          else if (codes.length > 0) expect(codes, where).toContain(value);
        }
      }
    }
    expect([...seenTypes].sort()).toEqual(['alpha_only', 'date_dmy', 'date_mdy', 'date_ymd', 'datetime_seconds_ymd', 'email', 'integer', 'number_1dp', 'number_2dp', 'phone', 'time']);
  });

  it('is the same for the same seed and cheap for 100,000 records', () => {
    const a = storeOf(200, 4);
    const b = storeOf(200, 4);
    const c = storeOf(200, 5);
    const dump = (store: RecordStore): string =>
      [...store.ids()].flatMap((id) => store.rows(id).map((row) => `${id}|${row.event}|${row.repeatInstance}|${store.read(row).value('sbp')}`)).join('\n');
    expect(dump(a)).toBe(dump(b));
    expect(dump(a)).not.toBe(dump(c));
    const before = process.memoryUsage().heapUsed;
    const big = storeOf(100_000);
    let rows = 0;
    for (const id of big.ids()) rows += big.rows(id).length;
    expect(rows).toBeGreaterThan(280_000);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(60 * 1024 * 1024);
  });
});
