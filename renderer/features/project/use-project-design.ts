import { useEffect, useState } from 'react';
import type { ProjectOverview } from '../../../shared/contract/datasets.ts';
import { useApi } from '../../api/api-context.ts';
import { readDataset } from './read-dataset.ts';

export interface ProjectDesign {
  instruments: Array<{ name: string; label: string }>;
  arms: Array<{ num: string; name: string }>;
  events: Array<{ unique: string; name: string; arm: string }>;
  /** Unique event name → instruments designated on it; null for classic projects (every instrument, one row). */
  formsByEvent: Map<string, Set<string>> | null;
  /** `event|form` for repeating instruments ('' as the event in classic projects). */
  repeatingForms: Set<string>;
  /** Events that repeat as a whole. */
  repeatingEvents: Set<string>;
  longitudinal: boolean;
}

const designDatasets = ['instruments', 'arms', 'events', 'form_events', 'repeating'] as const;

export function repeatKey(event: string, form: string): string {
  return `${event}|${form}`;
}

/**
 * The project's design from its small structure datasets (instruments, arms, events, the form–event
 * mapping and the repeating setup), read once per sync. Null until read, or when never synced.
 */
export function useProjectDesign(connectionId: string, overview: ProjectOverview | null, version: number): { design: ProjectDesign | null; error: unknown } {
  const api = useApi();
  const [design, setDesign] = useState<ProjectDesign | null>(null);
  const [error, setError] = useState<unknown>(null);
  const available = designDatasets.filter((name) => overview?.datasets.find((d) => d.name === name)?.availability === 'ok');
  const availableKey = available.join(',');

  useEffect(() => {
    if (!availableKey.includes('instruments')) {
      setDesign(null);
      return;
    }
    let live = true;
    const read = async (name: string): Promise<Array<Record<string, string>>> =>
      availableKey.split(',').includes(name) ? (await readDataset(api, { connectionId, dataset: name })).rows : [];
    void (async () => {
      try {
        const [instruments, arms, events, formEvents, repeating] = await Promise.all(designDatasets.map(read));
        if (!live) return;
        const longitudinal = events!.length > 0;
        let formsByEvent: Map<string, Set<string>> | null = null;
        if (longitudinal) {
          formsByEvent = new Map();
          for (const row of formEvents!) {
            const set = formsByEvent.get(row.unique_event_name ?? '') ?? new Set<string>();
            set.add(row.form ?? '');
            formsByEvent.set(row.unique_event_name ?? '', set);
          }
        }
        setDesign({
          instruments: instruments!.map((row) => ({ name: row.instrument_name ?? '', label: row.instrument_label || row.instrument_name || '' })),
          arms: arms!.map((row) => ({ num: row.arm_num ?? '', name: row.name ?? '' })),
          events: events!.map((row) => ({ unique: row.unique_event_name ?? '', name: row.event_name || row.unique_event_name || '', arm: row.arm_num ?? '1' })),
          formsByEvent,
          repeatingForms: new Set(repeating!.filter((row) => row.form_name).map((row) => repeatKey(row.event_name ?? '', row.form_name ?? ''))),
          repeatingEvents: new Set(repeating!.filter((row) => !row.form_name).map((row) => row.event_name ?? '')),
          longitudinal,
        });
        setError(null);
      } catch (e) {
        // The design only enriches the record views (labels, designations); they fall back to columns.
        if (live) {
          setDesign(null);
          setError(e);
        }
      }
    })();
    return () => {
      live = false;
    };
  }, [api, connectionId, availableKey, version]);

  return { design, error };
}
