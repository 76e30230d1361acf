import { describe, expect, test } from 'vitest';
import { describeCondition, operatorsFor, splitValues, valueInputType } from '../../../renderer/features/brainstem/condition-operators.ts';
import { afterSave, currentRecord, followLink, goBack, openRecord, withoutRecord, type Aside } from '../../../renderer/features/brainstem/record-aside.ts';

describe('condition chips read as sentences', () => {
  test('text, negated text, dates, ranges, lists and emptiness', () => {
    expect(describeCondition({ column: 'name', op: 'icontains', values: ['r01'] }, 'Name', 'text')).toBe('Name contains “r01”');
    expect(describeCondition({ column: 'name', op: 'icontains', not: true, values: ['r01'] }, 'Name', 'text')).toBe('Name does not contain “r01”');
    expect(describeCondition({ column: 'name', op: 'istartswith', not: true, values: ['R'] }, 'Name', 'text')).toBe('Name does not start with “R”');
    expect(describeCondition({ column: 'date_time', op: 'gt', values: ['2024-03-01'] }, 'Date and time', 'datetime')).toBe('Date and time is after “2024-03-01”');
    expect(describeCondition({ column: 'weight', op: 'lte', not: true, values: ['30'] }, 'Weight', 'number')).toBe('Weight is not at most “30”');
    expect(describeCondition({ column: 'weight', op: 'range', values: ['20', '30'] }, 'Weight', 'number')).toBe('Weight is between “20” and “30”');
    expect(describeCondition({ column: 'sex', values: ['F', 'M'] }, 'Sex', 'choice')).toBe('Sex is one of “F”, “M”');
    expect(describeCondition({ column: 'strain', op: 'isnull', values: ['true'] }, 'Strain', 'relation')).toBe('Strain is empty');
    expect(describeCondition({ column: 'strain', op: 'isnull', values: ['false'] }, 'Strain', 'relation')).toBe('Strain is not empty');
    expect(describeCondition({ column: 'strain', op: 'isnull', not: true, values: ['true'] }, 'Strain', 'relation')).toBe('Strain is not empty');
  });

  test('the likely operators come first, and values get the input their kind needs', () => {
    expect(operatorsFor('text', false)[0]).toBe('icontains');
    expect(operatorsFor('datetime', false)[0]).toBe('gt');
    expect(operatorsFor(null, true)[0]).toBe('gt');
    expect(operatorsFor('text', false)).toHaveLength(15);
    expect(valueInputType('datetime', false, 'gt')).toBe('datetime-local');
    expect(valueInputType('date', false, 'range')).toBe('date');
    expect(valueInputType('integer', true, 'lt')).toBe('number');
    expect(valueInputType('datetime', false, 'icontains')).toBe('text');
    expect(splitValues(' F, M ,, U')).toEqual(['F', 'M', 'U']);
  });
});

describe('the pane beside the table', () => {
  test('relation links build a trail that Back walks again', () => {
    let aside: Aside = openRecord('session', 's1');
    aside = followLink(aside, 'project', 'p1');
    aside = followLink(aside, 'subject', 'x1');
    expect(currentRecord(aside)).toEqual({ model: 'subject', id: 'x1' });
    // Following a link to the record already shown does not grow the trail.
    expect(followLink(aside, 'subject', 'x1')).toBe(aside);
    aside = goBack(aside);
    expect(currentRecord(aside)).toEqual({ model: 'project', id: 'p1' });
    aside = goBack(goBack(aside));
    expect(aside).toBeNull();
  });

  test('a form returns where it was opened from; a saved record is shown, a deleted one leaves the trail', () => {
    const viewing: Aside = followLink(openRecord('session', 's1'), 'project', 'p1');
    const editing: Aside = { kind: 'form', model: 'project', id: 'p1', back: viewing };
    expect(goBack(editing)).toBe(viewing);
    expect(afterSave(editing, { model: 'project', id: 'p1' })).toBe(viewing);
    const creating: Aside = { kind: 'form', model: 'session', back: viewing };
    expect(currentRecord(afterSave(creating, { model: 'session', id: 's2' }))).toEqual({ model: 'session', id: 's2' });
    expect(currentRecord(afterSave({ kind: 'form', model: 'session', back: null }, { model: 'session', id: 's3' }))).toEqual({ model: 'session', id: 's3' });
    expect(currentRecord(withoutRecord(viewing, { model: 'project', id: 'p1' }))).toEqual({ model: 'session', id: 's1' });
    expect(withoutRecord(openRecord('session', 's1'), { model: 'session', id: 's1' })).toBeNull();
  });
});
