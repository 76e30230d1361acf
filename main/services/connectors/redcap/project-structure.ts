import type { ExportFieldName, Instrument, MetadataField, RedcapProjectInfo } from './schemas.ts';

export interface RedcapEvent {
  unique_event_name: string;
  event_name: string;
  arm_num: number;
}

export interface FormEvent {
  arm_num: number;
  unique_event_name: string;
  form: string;
}

export interface RepeatingEntry {
  /** Unique event name (longitudinal) or '' (classic). */
  event_name: string;
  /** '' when the whole event repeats. */
  form_name: string;
}

/** What a sync needs to know about a project before it touches records. */
export interface ProjectStructure {
  version: string;
  project: RedcapProjectInfo;
  metadata: MetadataField[];
  instruments: Instrument[];
  exportFieldNames: ExportFieldName[];
  /** Empty for classic projects. */
  events: RedcapEvent[];
  formEvents: FormEvent[];
  repeating: RepeatingEntry[];
}
