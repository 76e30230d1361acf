import { describe, expect, it } from 'vitest';
import {
  deleteArms, deleteEvents, exportArms, exportEvents, exportFormEventMapping, exportRepeatingFormsEvents, importArms, importEvents,
  importFormEventMapping, importRepeatingFormsEvents,
} from '../../../main/services/connectors/redcap/methods/index.ts';
import { appError, base, reply, scriptedRedcap } from './redcap-methods-harness.ts';

const event = { event_name: 'Event 1', arm_num: 1, unique_event_name: 'event_1_arm_1', custom_event_label: '', event_id: 123 };

describe('arms', () => {
  it('exports arms, optionally only some', async () => {
    const redcap = await scriptedRedcap(reply.json([{ arm_num: 1, name: 'Arm 1' }]));
    expect(await exportArms(redcap.api, { arms: [1, 2] })).toEqual([{ arm_num: 1, name: 'Arm 1' }]);
    expect(redcap.only().fields).toEqual(base({ content: 'arm', action: 'export', format: 'json', 'arms[0]': '1', 'arms[1]': '2' }));
  });

  it('refuses an arm number sent as text', async () => {
    const redcap = await scriptedRedcap(reply.json([{ arm_num: '1', name: 'Arm 1' }]));
    expect(await appError(exportArms(redcap.api))).toMatchObject({ code: 'BAD_RESPONSE', message: expect.stringMatching(/arm list.*arm_num.*expected number/) });
  });

  it('passes on the refusal for a classic project', async () => {
    const redcap = await scriptedRedcap(reply.error('You cannot export arms for classic projects'));
    expect(await appError(exportArms(redcap.api))).toMatchObject({ code: 'SERVICE_ERROR', message: expect.stringContaining('classic projects') });
  });

  it('imports arms with override as 0/1, retrying only the override import', async () => {
    const redcap = await scriptedRedcap(reply.text('busy', 503), reply.json(2));
    expect(await importArms(redcap.api, { data: [{ arm_num: 1, name: 'Drug A' }, { arm_num: 2, name: 'Placebo' }], override: true })).toBe(2);
    expect(redcap.sent).toHaveLength(2);
    expect(redcap.sent[1]!.fields).toEqual(base({ content: 'arm', action: 'import', format: 'json', override: '1', data: '[{"arm_num":1,"name":"Drug A"},{"arm_num":2,"name":"Placebo"}]' }));

    const once = await scriptedRedcap(reply.text('busy', 503), reply.json(1));
    await appError(importArms(once.api, { data: [{ arm_num: 3, name: 'Extra' }], override: false }));
    expect(once.only().fields.override).toBe('0');
  });

  it('deletes arms', async () => {
    const redcap = await scriptedRedcap(reply.json(1));
    expect(await deleteArms(redcap.api, { arms: [3] })).toBe(1);
    expect(redcap.only().fields).toEqual(base({ content: 'arm', action: 'delete', format: 'json', 'arms[0]': '3' }));
  });
});

describe('events', () => {
  it('exports events with their numeric arm and event IDs', async () => {
    const scheduled = { ...event, day_offset: 0, offset_min: 0, offset_max: 2 };
    const redcap = await scriptedRedcap(reply.json([event, scheduled]));
    expect(await exportEvents(redcap.api, { arms: [1] })).toEqual([event, scheduled]);
    expect(redcap.only().fields).toEqual(base({ content: 'event', action: 'export', format: 'json', 'arms[0]': '1' }));
  });

  it('refuses an event without its unique name', async () => {
    const { unique_event_name: _dropped, ...nameless } = event;
    const redcap = await scriptedRedcap(reply.json([nameless]));
    expect(await appError(exportEvents(redcap.api))).toMatchObject({ code: 'BAD_RESPONSE', message: expect.stringContaining('unique_event_name') });
  });

  it('imports events (sent once unless override) and deletes them by unique name', async () => {
    const redcap = await scriptedRedcap(reply.json(1));
    expect(await importEvents(redcap.api, { data: [{ event_name: 'Visit 2', arm_num: 1, day_offset: 14 }] })).toBe(1);
    expect(redcap.only().fields).toEqual(base({ content: 'event', action: 'import', format: 'json', data: '[{"event_name":"Visit 2","arm_num":1,"day_offset":14}]' }));

    const deleted = await scriptedRedcap(reply.json(2));
    expect(await deleteEvents(deleted.api, { events: ['visit_2_arm_1', 'visit_3_arm_1'] })).toBe(2);
    expect(deleted.only().fields).toEqual(base({ content: 'event', action: 'delete', format: 'json', 'events[0]': 'visit_2_arm_1', 'events[1]': 'visit_3_arm_1' }));

    const override = await scriptedRedcap(reply.text('busy', 503), reply.json(1));
    expect(await importEvents(override.api, { data: [{ event_name: 'Visit 1', arm_num: 1 }], override: true })).toBe(1);
    expect(override.sent.map((sent) => sent.fields.override)).toEqual(['1', '1']);
  });
});

describe('form-event mapping and repeating instruments', () => {
  const mapping = [{ arm_num: 1, unique_event_name: 'event_1_arm_1', form: 'form_1' }];

  it('exports the mapping', async () => {
    const redcap = await scriptedRedcap(reply.json(mapping));
    expect(await exportFormEventMapping(redcap.api, { arms: [1] })).toEqual(mapping);
    expect(redcap.only().fields).toEqual(base({ content: 'formEventMapping', action: 'export', format: 'json', 'arms[0]': '1' }));
  });

  it('replaces the mapping, and may repeat that after a lost answer', async () => {
    const redcap = await scriptedRedcap(reply.text('busy', 503), reply.json(1));
    expect(await importFormEventMapping(redcap.api, { data: mapping })).toBe(1);
    expect(redcap.sent).toHaveLength(2);
    expect(redcap.sent[0]!.fields).toEqual(base({ content: 'formEventMapping', action: 'import', format: 'json', data: JSON.stringify(mapping) }));
  });

  it('refuses a mapping row without a form', async () => {
    const redcap = await scriptedRedcap(reply.json([{ arm_num: 1, unique_event_name: 'event_1_arm_1' }]));
    expect(await appError(exportFormEventMapping(redcap.api))).toMatchObject({ code: 'BAD_RESPONSE', message: expect.stringContaining('form') });
  });

  it('exports and imports repeating instruments and events', async () => {
    const repeating = [{ event_name: 'event_1_arm_1', form_name: '', custom_form_label: '' }, { form_name: 'medications', custom_form_label: '[med_name]' }];
    const redcap = await scriptedRedcap(reply.json(repeating), reply.json(2));
    expect(await exportRepeatingFormsEvents(redcap.api)).toEqual(repeating);
    expect(await importRepeatingFormsEvents(redcap.api, { data: repeating })).toBe(2);
    expect(redcap.sent.map((sent) => sent.fields)).toEqual([
      base({ content: 'repeatingFormsEvents', action: 'export', format: 'json' }),
      base({ content: 'repeatingFormsEvents', action: 'import', format: 'json', data: JSON.stringify(repeating) }),
    ]);
  });
});
