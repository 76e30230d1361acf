// Sessions and the modules under them: one behavior and one data acquisition per session, plus an
// optogenetic manipulation where the project stimulates. Cheap enough to make 20,000 sessions in
// well under a second; each project's sessions are contiguous, as a lab's uploads would be.

import type { Prng } from './random.ts';
import { insertRow } from './seed-catalog.ts';
import type { CatalogIds } from './seed-catalog.ts';
import type { ProjectSeed } from './seed-projects.ts';
import type { Id, Store } from './store.ts';

export interface SubjectSeed {
  id: Id;
  /** The implant first. */
  procedures: Id[];
}

export interface ProjectPlan {
  project: Id;
  seed: ProjectSeed;
  subjects: SubjectSeed[];
  sessions: number;
}

const PARTS_OF_DAY = ['morning', 'afternoon', 'evening'] as const;

export function seedSessions(store: Store, prng: Prng, catalog: CatalogIds, plans: readonly ProjectPlan[]): Id[][] {
  let serial = 0;
  return plans.map((plan) => {
    const { seed, subjects, project } = plan;
    const ids: Id[] = [];
    if (subjects.length === 0) return ids;
    const start = Date.parse(seed.start);
    const storage = seed.storage === undefined ? [] : [catalog.storages[seed.storage]];
    for (let i = 0; i < plan.sessions; i++) {
      serial++;
      const subject = subjects[i % subjects.length] ?? subjects[0];
      if (subject === undefined) break;
      const when = new Date(start + i * 8 * 3600_000 + prng.int(0, 90) * 60_000);
      const day = when.toISOString().slice(0, 10);
      const part = PARTS_OF_DAY[i % 3] ?? 'morning';
      const subjectName = String(store.get('subject', subject.id)?.name ?? seed.prefix);
      const name = `${subjectName}_${day.replace(/-/g, '')}_${String(serial).padStart(5, '0')}`;
      const session = insertRow(store, prng, 'session', {
        name, description: `${seed.acquisition === 'TwoPhotonMicroscopy' ? 'Imaging' : 'Recording'} session, ${part}`, projects: [project],
        date_time: when.toISOString().replace('.000Z', 'Z'), datastorage: storage, extra_fields: { room_temperature_c: 20 + prng.int(0, 30) / 10 },
        download_links: seed.isPublic && i % 10 === 0 ? [{ repository: 'DANDI', url: `https://dandiarchive.org/dandiset/9${String(serial).padStart(5, '0')}` }] : [],
        name_used_in_storage: name, tags: i % 4 === 0 ? seed.tags.slice(0, 1) : [],
      });
      ids.push(session);
      insertRow(store, prng, 'behavior', {
        session, subjects: [subject.id], setup: catalog.setups[seed.setup], behavioralassay: catalog.assays[seed.assay], notes: i % 5 === 0 ? 'Animal calm' : '', order: 1,
      });
      insertRow(store, prng, 'dataacquisition', {
        type: seed.acquisition, notes: '', session, procedures: subject.procedures.slice(0, 1), equipment: seed.setup === 'track' ? catalog.equipment : [],
        details: seed.acquisition === 'TwoPhotonMicroscopy' ? { frame_rate: 30, excitation_wavelength: 920 } : { sampling_rate: 30000, channel_count: 32 },
        type_schema_version: '0.0.0', image: null, order: 1,
      });
      if (seed.stimulation !== undefined && i % 2 === 0) {
        insertRow(store, prng, 'manipulation', {
          type: seed.stimulation, notes: '', session, procedures: subject.procedures.slice(0, 1), details: { wavelength: 473, power: 5, pulse_width: 10 }, order: 1,
        });
      }
    }
    return ids;
  });
}
