// Longitudinal design: arm, event, formEventMapping and repeatingFormsEvents (export, import,
// delete). Overrides and deletions of arms and events need development status.

import { countResult, formatOf, returnFormatOf, writeLog } from './api-call.ts';
import type { ApiCall } from './api-call.ts';
import { parseData } from './data-input.ts';
import type { DataRow } from './data-input.ts';
import { encodeTable, ok } from './encoding.ts';
import type { ApiResult } from './encoding.ts';
import { ApiError, INVENTED_MESSAGES, MESSAGES } from './errors.ts';
import type { ArmDef, EventDef, ProjectDefinition } from './project-model.ts';

type Thing = 'arms' | 'events' | 'form/event mappings';

function isImport(call: ApiCall): boolean {
  const action = call.params.choice('action');
  return action === 'import' || (action === undefined && call.params.get('data') !== undefined);
}

function classicGuard(call: ApiCall, what: Thing, importing: boolean): void {
  if (call.project.schema.isLongitudinal) return;
  throw new ApiError(400, importing ? INVENTED_MESSAGES.classicImport(what) : MESSAGES.classicProject(what));
}

function developmentGuard(call: ApiCall, what: string): void {
  if (!call.project.schema.inDevelopment) throw new ApiError(400, INVENTED_MESSAGES.productionOnly(what));
}

function rowsOf(call: ApiCall): DataRow[] {
  return parseData(formatOf(call), call.params.get('data') ?? '').rows;
}

function armFilter(call: ApiCall): (armNum: number) => boolean {
  const arms = call.params.list('arms');
  const unknown = arms.filter((arm) => call.project.schema.arm(Number(arm)) === undefined);
  if (unknown.length > 0) throw new ApiError(400, MESSAGES.invalidValues('arms', unknown));
  return (armNum) => arms.length === 0 || arms.includes(String(armNum));
}

function positiveInteger(value: string | undefined, name: string): number {
  const text = (value ?? '').trim();
  if (!/^[1-9]\d*$/.test(text)) throw new ApiError(400, INVENTED_MESSAGES.invalidParameter(name));
  return Number(text);
}

/** Drops events whose arm is gone, and mappings and repeat settings of events that are gone. */
function consistent(definition: ProjectDefinition): ProjectDefinition {
  const arms = new Set(definition.arms.map((arm) => arm.num));
  const events = definition.events.filter((event) => arms.has(event.armNum));
  const names = new Set(events.map((event) => event.uniqueName));
  return {
    ...definition,
    events,
    formEvents: definition.formEvents.filter((entry) => names.has(entry.event)),
    repeating: definition.repeating.filter((entry) => entry.event === '' || names.has(entry.event)),
  };
}

function redesign(call: ApiCall, definition: ProjectDefinition, details: string): void {
  call.project.redesign(consistent(definition));
  writeLog(call, { action: 'Manage/Design', details, record: '', kind: 'manage' });
}

export function armMethod(call: ApiCall): ApiResult {
  const action = call.params.choice('action');
  const definition = call.project.schema.definition;
  if (action === 'delete') {
    classicGuard(call, 'arms', true);
    developmentGuard(call, 'You cannot delete arms');
    const arms = call.params.list('arms');
    const unknown = arms.filter((arm) => call.project.schema.arm(Number(arm)) === undefined);
    if (unknown.length > 0) throw new ApiError(400, MESSAGES.invalidValues('arms', unknown));
    redesign(call, { ...definition, arms: definition.arms.filter((arm) => !arms.includes(String(arm.num))) }, 'Delete arm (API)');
    return countResult(returnFormatOf(call), arms.length);
  }
  if (isImport(call)) {
    classicGuard(call, 'arms', true);
    const override = call.params.bool('override');
    if (override) developmentGuard(call, 'You cannot override arms');
    const arms = new Map<number, ArmDef>(override ? [] : definition.arms.map((arm) => [arm.num, arm]));
    const rows = rowsOf(call);
    for (const row of rows) {
      const num = positiveInteger(row.arm_num, 'arm_num');
      arms.set(num, { num, name: (row.name ?? '').trim() || `Arm ${num}` });
    }
    redesign(call, { ...definition, arms: [...arms.values()].sort((a, b) => a.num - b.num) }, 'Create/modify arms (API)');
    return countResult(returnFormatOf(call), rows.length);
  }
  classicGuard(call, 'arms', false);
  const wanted = armFilter(call);
  // Arms without events are not returned (PyCap test_arms_import).
  const withEvents = new Set(definition.events.map((event) => event.armNum));
  const rows = definition.arms.filter((arm) => wanted(arm.num) && withEvents.has(arm.num)).map((arm) => ({ arm_num: arm.num, name: arm.name }));
  const format = formatOf(call);
  return ok(format, encodeTable(format, ['arm_num', 'name'], rows));
}

/** `Month 3` in arm 1 → `month_3_arm_1`; REDCap keeps 18 characters of the name. */
function uniqueEventName(name: string, arm: number, taken: ReadonlySet<string>): string {
  const base = name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 18) || 'event';
  let candidate = `${base}_arm_${arm}`;
  for (let n = 2; taken.has(candidate); n++) candidate = `${base.slice(0, 16)}${String.fromCharCode(96 + n)}_arm_${arm}`;
  return candidate;
}

export function eventMethod(call: ApiCall): ApiResult {
  const action = call.params.choice('action');
  const schema = call.project.schema;
  const definition = schema.definition;
  if (action === 'delete') {
    classicGuard(call, 'events', true);
    developmentGuard(call, 'You cannot delete events');
    const events = call.params.list('events');
    const unknown = events.filter((event) => schema.event(event) === undefined);
    if (unknown.length > 0) throw new ApiError(400, MESSAGES.invalidValues('events', unknown));
    redesign(call, { ...definition, events: definition.events.filter((event) => !events.includes(event.uniqueName)) }, 'Delete event (API)');
    return countResult(returnFormatOf(call), events.length);
  }
  if (isImport(call)) {
    classicGuard(call, 'events', true);
    const override = call.params.bool('override');
    if (override) developmentGuard(call, 'You cannot override events');
    const events = override ? [] : definition.events.map((event) => ({ ...event }));
    let nextId = Math.max(0, ...definition.events.map((event) => event.eventId)) + 1;
    const rows = rowsOf(call);
    for (const row of rows) {
      const armNum = positiveInteger(row.arm_num, 'arm_num');
      if (schema.arm(armNum) === undefined) throw new ApiError(400, MESSAGES.invalidValues('arm_num', [String(armNum)]));
      const name = (row.event_name ?? '').trim();
      if (name === '') throw new ApiError(400, INVENTED_MESSAGES.missingParameter('event_name'));
      const given = (row.unique_event_name ?? '').trim();
      const existing = events.find((event) => event.uniqueName === given);
      const offsets = {
        ...(row.day_offset ? { dayOffset: Number(row.day_offset) } : {}),
        ...(row.offset_min ? { offsetMin: Number(row.offset_min) } : {}),
        ...(row.offset_max ? { offsetMax: Number(row.offset_max) } : {}),
      };
      if (existing !== undefined) {
        Object.assign(existing, { name, armNum, customLabel: row.custom_event_label ?? existing.customLabel, ...offsets });
        continue;
      }
      const uniqueName = uniqueEventName(name, armNum, new Set(events.map((event) => event.uniqueName)));
      events.push({ uniqueName, name, armNum, eventId: nextId++, customLabel: row.custom_event_label ?? '', ...offsets });
    }
    redesign(call, { ...definition, events }, 'Create/modify events (API)');
    return countResult(returnFormatOf(call), rows.length);
  }
  classicGuard(call, 'events', false);
  const wanted = armFilter(call);
  const scheduling = schema.info.scheduling_enabled === 1;
  const keys = ['event_name', 'arm_num', 'unique_event_name', 'custom_event_label', 'event_id', ...(scheduling ? ['day_offset', 'offset_min', 'offset_max'] : [])];
  const rows = schema.events.filter((event) => wanted(event.armNum)).map((event: EventDef) => ({
    event_name: event.name, arm_num: event.armNum, unique_event_name: event.uniqueName, custom_event_label: event.customLabel,
    event_id: event.eventId, day_offset: event.dayOffset ?? 0, offset_min: event.offsetMin ?? 0, offset_max: event.offsetMax ?? 0,
  }));
  const format = formatOf(call);
  return ok(format, encodeTable(format, keys, rows));
}

export function formEventMappingMethod(call: ApiCall): ApiResult {
  const schema = call.project.schema;
  if (isImport(call)) {
    classicGuard(call, 'form/event mappings', true);
    const rows = rowsOf(call);
    const mapping: Array<{ event: string; form: string }> = [];
    for (const row of rows) {
      const event = (row.unique_event_name ?? '').trim();
      const form = (row.form ?? '').trim();
      if (schema.event(event) === undefined) throw new ApiError(400, MESSAGES.invalidValues('unique_event_name', [event]));
      if (!schema.hasInstrument(form)) throw new ApiError(400, MESSAGES.invalidValues('form', [form]));
      mapping.push({ event, form });
    }
    // Replaces the whole mapping: importing one row leaves one row (PyCap test_fem_import).
    redesign(call, { ...schema.definition, formEvents: mapping }, 'Modify instrument-event mappings (API)');
    return countResult(returnFormatOf(call), mapping.length);
  }
  classicGuard(call, 'form/event mappings', false);
  const wanted = armFilter(call);
  const rows = schema.events.filter((event) => wanted(event.armNum)).flatMap((event) =>
    schema.formsOf(event.uniqueName).map((form) => ({ arm_num: event.armNum, unique_event_name: event.uniqueName, form })));
  const format = formatOf(call);
  return ok(format, encodeTable(format, ['arm_num', 'unique_event_name', 'form'], rows));
}

export function repeatingMethod(call: ApiCall): ApiResult {
  const schema = call.project.schema;
  const longitudinal = schema.isLongitudinal;
  if (isImport(call)) {
    const rows = rowsOf(call);
    const repeating = rows.map((row) => {
      const event = longitudinal ? (row.event_name ?? '').trim() : '';
      const form = (row.form_name ?? '').trim();
      if (longitudinal && schema.event(event) === undefined) throw new ApiError(400, MESSAGES.invalidValues('event_name', [event]));
      if (form !== '' && !schema.hasInstrument(form)) throw new ApiError(400, MESSAGES.invalidValues('form_name', [form]));
      if (!longitudinal && form === '') throw new ApiError(400, MESSAGES.invalidValues('form_name', ['']));
      return { event, form, customLabel: row.custom_form_label ?? '' };
    });
    redesign(call, { ...schema.definition, repeating }, 'Set up repeating instruments/events (API)');
    return countResult(returnFormatOf(call), repeating.length);
  }
  const keys = longitudinal ? ['event_name', 'form_name', 'custom_form_label'] : ['form_name', 'custom_form_label'];
  const rows = schema.definition.repeating.map((entry) => ({ event_name: entry.event, form_name: entry.form, custom_form_label: entry.customLabel ?? '' }));
  const format = formatOf(call);
  return ok(format, encodeTable(format, keys, rows));
}
