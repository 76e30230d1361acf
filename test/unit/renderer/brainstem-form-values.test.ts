// A fixed zone with a summer offset, so that local-time ↔ ISO conversions are checked for real.
process.env.TZ = 'Europe/Copenhagen';

import { describe, expect, it } from 'vitest';
import type { BrainstemField, BrainstemRecordView } from '../../../shared/contract/brainstem.ts';
import {
  changedFields,
  createValues,
  formErrors,
  initialDraft,
  isoToLocalInput,
  localInputToIso,
  parseFieldValue,
  patchValues,
  type Draft,
} from '../../../renderer/features/brainstem/form-values.ts';
import { needsSignIn } from '../../../renderer/features/brainstem/sign-in-error.ts';
import { entryDraft, entryInput, isIntervalLog, logEntries } from '../../../renderer/features/brainstem/log-entries.ts';
import { displayValue } from '../../../renderer/features/brainstem/record-display.ts';

function field(name: string, kind: BrainstemField['kind'], extra: Partial<BrainstemField> = {}): BrainstemField {
  return { name, label: name, kind, required: false, readOnly: false, createOnly: false, maxLength: null, choices: null, relatedModel: null, jsonShape: null, help: null, ...extra };
}

// The session model as the form sees it (reference §2.2), trimmed to one field of each kind it has.
const session: BrainstemField[] = [
  field('name', 'text', { required: true, maxLength: 100 }),
  field('description', 'longtext'),
  field('projects', 'relations', { required: true, relatedModel: 'project' }),
  field('date_time', 'datetime'),
  field('extra_fields', 'json', { jsonShape: 'object' }),
  field('download_links', 'json', { jsonShape: 'array' }),
  field('tags', 'tags'),
  field('name_used_in_storage', 'text', { readOnly: true }),
];

const projectA = '0b6f1c2e-7a53-4c39-9d0e-1f2a3b4c5d6e';
const projectB = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

const stored: BrainstemRecordView = {
  model: 'session',
  id: '5d7c1e0a-0000-4000-8000-000000000001',
  label: 'Rat 7, day 3',
  values: {
    name: 'Rat 7, day 3',
    description: 'Linear track',
    projects: [projectA],
    date_time: '2024-06-03T08:30:00Z',
    extra_fields: { room: 'B12' },
    download_links: [],
    tags: ['track'],
    name_used_in_storage: 'rat7_d3',
  },
  relations: [{ field: 'projects', label: 'Projects', model: 'project', links: [{ id: projectA, label: 'Hippocampus maps', cached: true }] }],
  source: 'cache',
  syncedAt: '2024-06-04T10:00:00Z',
};

describe('a new record', () => {
  it('refuses to send without the required fields, naming each one', () => {
    const draft = initialDraft(session, null);
    const { values, errors } = createValues(session, draft);
    expect(errors).toEqual({ name: ['This field is required.'], projects: ['Choose at least one.'] });
    expect(values).not.toHaveProperty('name');
  });

  it('sends the fields the user filled in, with relations as ids and times in UTC', () => {
    const draft: Draft = { ...initialDraft(session, null), name: 'Rat 8, day 1', projects: [{ id: projectA, label: 'Hippocampus maps' }], date_time: '2024-06-03T10:30', tags: ['track', 'novel'] };
    const { values, errors } = createValues(session, draft);
    expect(errors).toEqual({});
    // Summer time in Copenhagen is UTC+2; empty optional fields are left out, read-only ones never sent.
    expect(values).toEqual({ name: 'Rat 8, day 1', projects: [projectA], date_time: '2024-06-03T08:30:00Z', tags: ['track', 'novel'] });
  });

  it('sends integer ids for users and groups, as the server gives them', () => {
    const lab = [field('group', 'relation', { required: true, relatedModel: 'group' }), field('principal_investigators', 'relations', { relatedModel: 'user' })];
    const { values } = createValues(lab, { group: { id: '8', label: 'Buzsáki lab' }, principal_investigators: [{ id: '12', label: 'ana@lab.org' }] });
    expect(values).toEqual({ group: 8, principal_investigators: [12] });
  });
});

describe('editing a record', () => {
  const initial = initialDraft(session, stored);

  it('starts from the record: local times, pretty JSON, labelled relations; read-only fields are not in the form', () => {
    expect(initial.date_time).toBe('2024-06-03T10:30');
    expect(initial.extra_fields).toBe('{\n  "room": "B12"\n}');
    expect(initial.projects).toEqual([{ id: projectA, label: 'Hippocampus maps' }]);
    expect(initial).not.toHaveProperty('name_used_in_storage');
  });

  it('sends only the fields that changed (PATCH)', () => {
    const draft = { ...initial, description: 'Linear track, reversed', projects: [{ id: projectA, label: 'Hippocampus maps' }, { id: projectB, label: 'Sleep' }] };
    expect(changedFields(session, initial, draft)).toEqual(['description', 'projects']);
    expect(patchValues(session, initial, draft)).toEqual({ values: { description: 'Linear track, reversed', projects: [projectA, projectB] }, errors: {} });
  });

  it('sends nothing when nothing changed, even if the text was retyped identically', () => {
    const draft = { ...initial, name: 'Rat 7, day 3', extra_fields: '{\n  "room": "B12"\n}' };
    expect(patchValues(session, initial, draft).values).toEqual({});
  });

  it('refuses to clear a required field, and does not check fields the user did not touch', () => {
    const broken: BrainstemRecordView = { ...stored, values: { ...stored.values, projects: [] }, relations: [] };
    const start = initialDraft(session, broken);
    expect(patchValues(session, start, { ...start, description: 'ok' })).toEqual({ values: { description: 'ok' }, errors: {} });
    expect(patchValues(session, start, { ...start, name: '  ' }).errors).toEqual({ name: ['This field is required.'] });
  });

  it('clears optional values with null (and text with an empty string)', () => {
    const draft = { ...initial, date_time: '', description: '', extra_fields: '' };
    expect(patchValues(session, initial, draft).values).toEqual({ date_time: null, description: '', extra_fields: null });
  });

  it('cannot change a create-only field', () => {
    const log = [field('type', 'choice', { required: true, createOnly: true, choices: [{ value: 'Weighing', label: 'Weighing' }, { value: 'Housing', label: 'Housing' }] }), field('description', 'longtext')];
    const record: BrainstemRecordView = { ...stored, model: 'subjectlog', values: { type: 'Weighing', description: '' }, relations: [] };
    const start = initialDraft(log, record);
    expect(patchValues(log, start, { ...start, type: 'Housing', description: 'x' }).values).toEqual({ description: 'x' });
  });
});

describe('each field kind', () => {
  it('reads whole numbers and decimals, and says so when the text is not one', () => {
    expect(parseFieldValue(field('litter_size', 'integer'), '12')).toEqual({ ok: true, value: 12, empty: false });
    expect(parseFieldValue(field('litter_size', 'integer'), '1.5')).toEqual({ ok: false, error: 'A valid integer is required.' });
    expect(parseFieldValue(field('weight', 'number'), '-0.25')).toEqual({ ok: true, value: -0.25, empty: false });
    expect(parseFieldValue(field('weight', 'number'), '12 g')).toEqual({ ok: false, error: 'A valid number is required.' });
  });

  it('checks dates, choices and lengths before the server does', () => {
    expect(parseFieldValue(field('birth_date', 'date'), '2024-02-30')).toEqual({ ok: false, error: 'Enter a date as YYYY-MM-DD.' });
    expect(parseFieldValue(field('birth_date', 'date'), '2024-02-29')).toEqual({ ok: true, value: '2024-02-29', empty: false });
    const sex = field('sex', 'choice', { required: true, choices: [{ value: 'F', label: 'Female' }, { value: 'M', label: 'Male' }] });
    expect(parseFieldValue(sex, 'X')).toEqual({ ok: false, error: '"X" is not a valid choice.' });
    expect(parseFieldValue(sex, '')).toEqual({ ok: false, error: 'This field is required.' });
    expect(parseFieldValue(field('name', 'text', { maxLength: 5 }), 'abcdef')).toEqual({ ok: false, error: 'Ensure this field has no more than 5 characters.' });
  });

  it('says what is wrong with JSON: syntax, or an object where a list belongs', () => {
    const links = field('download_links', 'json', { jsonShape: 'array' });
    const broken = parseFieldValue(links, '[{"repository": "DANDI",}]');
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.error).toMatch(/^Not valid JSON: /);
    expect(parseFieldValue(links, '{"repository": "DANDI"}')).toEqual({ ok: false, error: 'Enter a JSON list: [ … ].' });
    expect(parseFieldValue(field('extra_fields', 'json', { jsonShape: 'object' }), '[]')).toEqual({ ok: false, error: 'Enter a JSON object: { "key": value, … }.' });
  });

  it('turns local date-times into UTC and back, across the winter offset too', () => {
    expect(localInputToIso('2024-01-15T09:05')).toBe('2024-01-15T08:05:00Z');
    expect(localInputToIso('2024-01-15T09:05:30')).toBe('2024-01-15T08:05:30Z');
    expect(localInputToIso('2024-13-15T09:05')).toBeNull();
    expect(isoToLocalInput('2024-01-15T08:05:30Z')).toBe('2024-01-15T09:05:30');
    expect(isoToLocalInput('2024-07-01T00:00:00Z')).toBe('2024-07-01T02:00');
  });
});

describe('errors from main', () => {
  const inputs = new Map(session.map((f) => [f.name, f.label]));

  it('puts field errors under their fields, and the rest at the top', () => {
    const details = {
      fields: { name: ['session with this name already exists.'], 'download_links.0.url': ['Enter a valid URL.'], owner: ['Unknown field.'] },
      errors: ['You do not have permission to perform this action.'],
    };
    expect(formErrors(details, inputs)).toEqual({
      fields: { name: ['session with this name already exists.'], download_links: ['0.url: Enter a valid URL.'] },
      general: ['owner: Unknown field.', 'You do not have permission to perform this action.'],
    });
  });

  it('reads a log entry\'s nested errors without the entries prefix', () => {
    const entry = new Map([['date_time', ''], ['notes', '']]);
    expect(formErrors({ fields: { 'entries.date_time': ['This field is required.'] } }, entry, 'entries').fields).toEqual({ date_time: ['This field is required.'] });
  });

  it('asks for a sign-in only when main says a sign-in would help', () => {
    expect(needsSignIn({ code: 'NO_TOKEN', details: { signIn: true } })).toBe(true);
    expect(needsSignIn({ code: 'AUTH_FAILED', details: { signIn: true } })).toBe(true);
    expect(needsSignIn({ code: 'AUTH_FAILED' })).toBe(false);
    expect(needsSignIn({ code: 'FORBIDDEN', details: { signIn: true } })).toBe(false);
  });
});

describe('log entries', () => {
  it('lists entries newest first, instantaneous and interval ones', () => {
    const entries = logEntries([
      { date_time: '2024-03-01T08:00:00Z', notes: 'first', details: { weight: 310 } },
      { date_time: '2024-03-03T08:00:00Z', notes: null, details: {} },
      'not an entry',
    ]);
    expect(entries.map((entry) => entry.key)).toEqual(['2024-03-03T08:00:00Z', '2024-03-01T08:00:00Z']);
    const housing = logEntries([{ start_date_time: '2024-03-01T08:00:00Z', end_date_time: null, notes: 'cage 4', details: {} }]);
    expect(housing[0]).toMatchObject({ keyName: 'start_date_time', end: null, notes: 'cage 4' });
    expect(isIntervalLog('subjectlog', 'Housing', [])).toBe(true);
    expect(isIntervalLog('subjectlog', 'Weighing', [])).toBe(false);
    expect(isIntervalLog('procedurelog', 'Impedances', [])).toBe(false);
  });

  it('builds add, change and remove bodies; a changed entry keeps its server time as the key', () => {
    expect(entryInput('add', { at: '', end: '', notes: 'x', details: '' }, false, null)).toEqual({ errors: { date_time: ['This field is required.'] } });
    expect(entryInput('add', { at: '2024-03-05T09:00', end: '', notes: 'calm', details: '{"weight": 312}' }, false, null)).toEqual({
      entry: { date_time: '2024-03-05T08:00:00Z', notes: 'calm', details: { weight: 312 } },
    });
    const [existing] = logEntries([{ date_time: '2024-03-05T08:00:00.250Z', notes: 'calm', details: { weight: 312 } }]);
    const draft = { ...entryDraft(existing!), notes: 'restless' };
    expect(entryInput('change', draft, false, existing!)).toEqual({ entry: { date_time: '2024-03-05T08:00:00.250Z', notes: 'restless', details: { weight: 312 } } });
    expect(entryInput('remove', draft, false, existing!)).toEqual({ entry: { date_time: '2024-03-05T08:00:00.250Z' } });
  });

  it('checks an interval: the end may be open but not before the start; details must be an object', () => {
    expect(entryInput('add', { at: '2024-03-05T09:00', end: '2024-03-04T09:00', notes: '', details: '' }, true, null)).toEqual({ errors: { end_date_time: ['The end must not be before the start.'] } });
    expect(entryInput('add', { at: '2024-03-05T09:00', end: '', notes: '', details: '' }, true, null)).toEqual({ entry: { start_date_time: '2024-03-05T08:00:00Z' } });
    expect(entryInput('add', { at: '2024-03-05T09:00', end: '', notes: '', details: '[1]' }, false, null)).toEqual({ errors: { details: ['Enter a JSON object: { "key": value, … }.'] } });
  });
});

describe('the record pane\'s values', () => {
  it('shows choices by label, booleans as yes/no, empty JSON as empty, dates without shifting the day', () => {
    const sex = field('sex', 'choice', { choices: [{ value: 'F', label: 'Female' }] });
    expect(displayValue(sex, 'F')).toEqual({ kind: 'text', text: 'Female', title: 'F' });
    expect(displayValue(field('is_public', 'boolean'), false)).toEqual({ kind: 'text', text: 'No' });
    expect(displayValue(field('extra_fields', 'json'), {})).toEqual({ kind: 'empty' });
    expect(displayValue(field('details', 'json'), { a: 1 })).toEqual({ kind: 'json', text: '{\n  "a": 1\n}' });
    const day = displayValue(field('birth_date', 'date'), '2024-01-01');
    expect(day.kind === 'text' && day.text).toMatch(/2024/);
    expect(day.kind === 'text' && day.text).toMatch(/\b1\b/);
  });
});
