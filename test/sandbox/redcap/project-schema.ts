// Lookups derived once from a project definition; everything that reads a project goes through
// this. A schema never changes: imports that redesign a project (metadata, arms, events, mappings,
// repeating setup) build a new one from a new definition.

import { completeField, parseChoices } from './project-model.ts';
import type { ArmDef, Choice, EventDef, FieldDef, InstrumentDef, ProjectDefinition, ProjectInfo } from './project-model.ts';

/** Classic projects file everything under this pseudo-event. */
export const NO_EVENT = '';

export class ProjectSchema {
  readonly definition: ProjectDefinition;
  readonly recordIdField: FieldDef;
  readonly #fields = new Map<string, FieldDef>();
  readonly #choices = new Map<string, Choice[]>();
  readonly #completeForms = new Map<string, string>();
  readonly #formFields = new Map<string, FieldDef[]>();
  readonly #formOrder = new Map<string, number>();
  readonly #events = new Map<string, EventDef>();
  readonly #eventOrder = new Map<string, number>();
  readonly #eventForms = new Map<string, string[]>();
  readonly #repeatingForms = new Set<string>();
  readonly #repeatingEvents = new Set<string>();
  readonly #rowForms = new Map<string, readonly string[]>();

  constructor(definition: ProjectDefinition) {
    const first = definition.fields[0];
    if (first === undefined) throw new Error('a project needs at least its record-ID field');
    this.definition = definition;
    this.recordIdField = first;
    definition.instruments.forEach((instrument, i) => {
      this.#completeForms.set(completeField(instrument.name), instrument.name);
      this.#formFields.set(instrument.name, []);
      this.#formOrder.set(instrument.name, i);
    });
    for (const field of definition.fields) {
      this.#fields.set(field.name, field);
      this.#choices.set(field.name, parseChoices(field));
      this.#formFields.get(field.form)?.push(field);
    }
    const orderedEvents = [...definition.events].sort((a, b) => a.armNum - b.armNum);
    orderedEvents.forEach((event, i) => {
      this.#events.set(event.uniqueName, event);
      this.#eventOrder.set(event.uniqueName, i);
    });
    const designated = new Map<string, Set<string>>();
    for (const { event, form } of definition.formEvents) {
      let forms = designated.get(event);
      if (forms === undefined) designated.set(event, (forms = new Set()));
      forms.add(form);
    }
    const allForms = definition.instruments.map((instrument) => instrument.name);
    this.#eventForms.set(NO_EVENT, allForms);
    for (const event of orderedEvents) {
      const forms = designated.get(event.uniqueName) ?? new Set<string>();
      this.#eventForms.set(event.uniqueName, allForms.filter((form) => forms.has(form)));
    }
    for (const { event, form } of definition.repeating) {
      if (form === '') this.#repeatingEvents.add(event);
      else this.#repeatingForms.add(`${event}\u0000${form}`);
    }
  }

  get info(): ProjectInfo {
    return this.definition.info;
  }

  get instruments(): readonly InstrumentDef[] {
    return this.definition.instruments;
  }

  get fields(): readonly FieldDef[] {
    return this.definition.fields;
  }

  get isLongitudinal(): boolean {
    return this.definition.info.is_longitudinal === 1;
  }

  get hasRepeating(): boolean {
    return this.definition.repeating.length > 0;
  }

  get inDevelopment(): boolean {
    return this.definition.info.in_production === 0;
  }

  field(name: string): FieldDef | undefined {
    return this.#fields.get(name);
  }

  /** The fields of one instrument, in order. */
  fieldsOf(form: string): readonly FieldDef[] {
    return this.#formFields.get(form) ?? [];
  }

  hasInstrument(name: string): boolean {
    return this.#formOrder.has(name);
  }

  instrument(name: string): InstrumentDef | undefined {
    return this.definition.instruments.find((instrument) => instrument.name === name);
  }

  formIndex(name: string): number {
    return this.#formOrder.get(name) ?? Number.MAX_SAFE_INTEGER;
  }

  /** The form whose `<form>_complete` this is, if it is one. */
  formOfComplete(name: string): string | undefined {
    return this.#completeForms.get(name);
  }

  choices(field: string): readonly Choice[] {
    return this.#choices.get(field) ?? [];
  }

  choiceLabel(field: string, code: string): string {
    return this.choices(field).find((choice) => choice.code === code)?.label ?? code;
  }

  /** Names a `fields` parameter may carry: real fields and `<form>_complete`. */
  isKnownFieldName(name: string): boolean {
    return this.#fields.has(name) || this.#completeForms.has(name);
  }

  // Arms and events. A classic project has none and files its data under NO_EVENT.

  get arms(): readonly ArmDef[] {
    return this.definition.arms;
  }

  arm(num: number): ArmDef | undefined {
    return this.definition.arms.find((arm) => arm.num === num);
  }

  /** Events in REDCap's order: by arm, then as defined. */
  get events(): EventDef[] {
    return [...this.#events.values()];
  }

  event(uniqueName: string): EventDef | undefined {
    return this.#events.get(uniqueName);
  }

  eventIndex(uniqueName: string): number {
    return this.#eventOrder.get(uniqueName) ?? -1;
  }

  /** The events rows of a record may use: the project's events, or NO_EVENT for a classic project. */
  get rowEvents(): string[] {
    return this.isLongitudinal ? [...this.#events.keys()] : [NO_EVENT];
  }

  /** The first event of an arm (or of the project): where a longitudinal import without an event goes. */
  firstEvent(armNum?: number): string {
    if (!this.isLongitudinal) return NO_EVENT;
    for (const event of this.#events.values()) if (armNum === undefined || event.armNum === armNum) return event.uniqueName;
    return NO_EVENT;
  }

  /** `Baseline (Arm 1: Treatment)`, as REDCap names an event in its messages. */
  eventFullLabel(uniqueName: string): string {
    const event = this.#events.get(uniqueName);
    if (event === undefined) return uniqueName;
    return `${event.name} (Arm ${event.armNum}: ${this.arm(event.armNum)?.name ?? ''})`;
  }

  /** The event label a labelled export shows: the arm is only named when there are several. */
  eventExportLabel(uniqueName: string): string {
    const event = this.#events.get(uniqueName);
    if (event === undefined) return uniqueName;
    return this.definition.arms.length > 1 ? this.eventFullLabel(uniqueName) : event.name;
  }

  /** Instruments designated for an event, in instrument order (all of them for NO_EVENT). */
  formsOf(event: string): readonly string[] {
    return this.#eventForms.get(event) ?? [];
  }

  isDesignated(event: string, form: string): boolean {
    return this.formsOf(event).includes(form);
  }

  isRepeatingForm(event: string, form: string): boolean {
    return this.#repeatingForms.has(`${event}\u0000${form}`);
  }

  isRepeatingEvent(event: string): boolean {
    return this.#repeatingEvents.has(event);
  }

  /** Whether `form` repeats on any event (the only question a classic project can ask). */
  repeatsAnywhere(form: string): boolean {
    return this.definition.repeating.some((entry) => entry.form === form);
  }

  /**
   * The instruments one row holds: a repeating instrument's row holds that instrument only; the
   * event's own row holds every designated instrument that does not repeat on it.
   */
  rowForms(event: string, repeatInstrument: string): readonly string[] {
    const key = `${event}\u0000${repeatInstrument}`;
    let forms = this.#rowForms.get(key);
    if (forms === undefined) {
      forms = repeatInstrument !== ''
        ? (this.isRepeatingForm(event, repeatInstrument) ? [repeatInstrument] : [])
        : this.formsOf(event).filter((form) => !this.isRepeatingForm(event, form));
      this.#rowForms.set(key, forms);
    }
    return forms;
  }

  get surveyForms(): string[] {
    return this.definition.instruments.filter((instrument) => instrument.survey === true).map((instrument) => instrument.name);
  }
}
