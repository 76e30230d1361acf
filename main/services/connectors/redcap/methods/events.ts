// The longitudinal structure: arms, events, which forms each event holds, and what repeats.
// On a classic project REDCap refuses the arm, event and mapping methods ("You cannot export arms for
// classic projects"); that arrives as REDCap's own SERVICE_ERROR.

import { z } from 'zod';
import type { RedcapApi } from '../api.ts';
import { jsonData, textList, zeroOrOne } from '../params.ts';
import { sendCountingWrite, type SignalOption } from './answers.ts';

const armNumber = z.number().int().positive();

export const armSchema = z.looseObject({ arm_num: armNumber, name: z.string() });
export type Arm = z.infer<typeof armSchema>;

export const eventSchema = z.looseObject({
  event_name: z.string(),
  arm_num: armNumber,
  unique_event_name: z.string().min(1),
  custom_event_label: z.string(),
  event_id: z.number().int(),
  // Only with scheduling enabled.
  day_offset: z.number().optional(),
  offset_min: z.number().optional(),
  offset_max: z.number().optional(),
});
export type RedcapEvent = z.infer<typeof eventSchema>;

export const formEventMappingSchema = z.looseObject({ arm_num: armNumber, unique_event_name: z.string().min(1), form: z.string().min(1) });
export type FormEventMapping = z.infer<typeof formEventMappingSchema>;

/** A blank `form_name` means the whole event repeats; `event_name` is only there in longitudinal projects. */
export const repeatingFormEventSchema = z.looseObject({ event_name: z.string().optional(), form_name: z.string(), custom_form_label: z.string() });
export type RepeatingFormEvent = z.infer<typeof repeatingFormEventSchema>;

type ArmsFilter = SignalOption & { arms?: ReadonlyArray<number> };

/** Arms, optionally only some; REDCap leaves out arms that have no events. */
export async function exportArms(api: RedcapApi, options: ArmsFilter = {}): Promise<Arm[]> {
  return api.json({ content: 'arm', action: 'export', format: 'json', arms: textList(options.arms) }, z.array(armSchema), 'the arm list', { signal: options.signal });
}

/**
 * Adds or renames arms; with `override` REDCap first deletes every arm (and its events and data).
 * Development status only for override.
 */
export async function importArms(api: RedcapApi, options: SignalOption & { data: ReadonlyArray<Pick<Arm, 'arm_num' | 'name'>>; override?: boolean }): Promise<number> {
  // With override=1 REDCap deletes all arms, then imports: sending it twice ends in the same arms.
  return sendCountingWrite(api, { content: 'arm', action: 'import', override: zeroOrOne(options.override), data: jsonData(options.data) }, 'the number of imported arms', { signal: options.signal, idempotent: options.override === true });
}

/** Deletes arms with their events and data (development status only). */
export async function deleteArms(api: RedcapApi, options: SignalOption & { arms: ReadonlyArray<number> }): Promise<number> {
  return sendCountingWrite(api, { content: 'arm', action: 'delete', arms: textList(options.arms) }, 'the number of deleted arms', { signal: options.signal });
}

export async function exportEvents(api: RedcapApi, options: ArmsFilter = {}): Promise<RedcapEvent[]> {
  return api.json({ content: 'event', action: 'export', format: 'json', arms: textList(options.arms) }, z.array(eventSchema), 'the event list', { signal: options.signal });
}

export interface EventImport {
  event_name: string;
  arm_num: number;
  /** Given: updates that event; left out: creates a new one. */
  unique_event_name?: string;
  custom_event_label?: string;
  day_offset?: number;
  offset_min?: number;
  offset_max?: number;
}

/** Adds or updates events; with `override` REDCap first deletes every event. */
export async function importEvents(api: RedcapApi, options: SignalOption & { data: ReadonlyArray<EventImport>; override?: boolean }): Promise<number> {
  // Without override, an event without unique_event_name is created anew by every attempt, so only
  // override=1 (delete all, then import) makes a repeat harmless.
  return sendCountingWrite(api, { content: 'event', action: 'import', override: zeroOrOne(options.override), data: jsonData(options.data) }, 'the number of imported events', { signal: options.signal, idempotent: options.override === true });
}

/** Deletes events by unique event name, with their data (development status only). */
export async function deleteEvents(api: RedcapApi, options: SignalOption & { events: ReadonlyArray<string> }): Promise<number> {
  return sendCountingWrite(api, { content: 'event', action: 'delete', events: options.events }, 'the number of deleted events', { signal: options.signal });
}

export async function exportFormEventMapping(api: RedcapApi, options: ArmsFilter = {}): Promise<FormEventMapping[]> {
  return api.json({ content: 'formEventMapping', action: 'export', format: 'json', arms: textList(options.arms) }, z.array(formEventMappingSchema), 'the form-event mapping', { signal: options.signal });
}

/** Replaces the whole form-event mapping with `data` (rows left out are unmapped). */
export async function importFormEventMapping(api: RedcapApi, options: SignalOption & { data: ReadonlyArray<Pick<FormEventMapping, 'arm_num' | 'unique_event_name' | 'form'>> }): Promise<number> {
  // REDCap replaces the mapping rather than adding to it (reference §1.4), so a repeat changes nothing.
  return sendCountingWrite(api, { content: 'formEventMapping', action: 'import', data: jsonData(options.data) }, 'the number of imported mappings', { signal: options.signal, idempotent: true });
}

export async function exportRepeatingFormsEvents(api: RedcapApi, options: SignalOption = {}): Promise<RepeatingFormEvent[]> {
  return api.json({ content: 'repeatingFormsEvents', action: 'export', format: 'json' }, z.array(repeatingFormEventSchema), 'the repeating instruments and events', { signal: options.signal });
}

export async function importRepeatingFormsEvents(api: RedcapApi, options: SignalOption & { data: ReadonlyArray<Pick<RepeatingFormEvent, 'form_name' | 'custom_form_label'> & { event_name?: string }> }): Promise<number> {
  return sendCountingWrite(api, { content: 'repeatingFormsEvents', action: 'import', data: jsonData(options.data) }, 'the number of repeating instruments and events', { signal: options.signal });
}
