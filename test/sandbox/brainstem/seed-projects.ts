// The seeded projects and everything under them: subjects with procedures and logs, sessions
// (from seed-sessions.ts), collections, cohorts, a breeding, a pending invitation, a join request
// and a pending taxonomy approval. Three projects are public, four are private.

import type { MemberMap, Rights } from './access.ts';
import type { Prng } from './random.ts';
import { insertRow } from './seed-catalog.ts';
import type { CatalogIds } from './seed-catalog.ts';
import { BRAINSTEM_USERS, GROUPS } from './seed-people.ts';
import { seedSessions } from './seed-sessions.ts';
import type { ProjectPlan, SubjectSeed } from './seed-sessions.ts';
import type { Id, Store } from './store.ts';

type Role = 'owner' | 'manager' | 'contributor' | 'member';

export interface ProjectSeed {
  name: string;
  description: string;
  isPublic: boolean;
  users: Array<[number, Role]>;
  groups: Array<[number, Role]>;
  prefix: string;
  strain: keyof CatalogIds['strains'];
  setup: keyof CatalogIds['setups'];
  assay: keyof CatalogIds['assays'];
  acquisition: 'ExtracellularEphys' | 'TwoPhotonMicroscopy';
  implant: string;
  stimulation?: 'OptogeneticStimulation';
  storage?: keyof CatalogIds['storages'];
  tags: string[];
  /** Share of the `sessions` option this project gets (the demo user's projects), or 0 with `fixedSessions`. */
  weight: number;
  /** Projects the demo user cannot read keep a fixed size, so `sessions: N` is exactly what the demo token lists. */
  fixedSessions?: number;
  start: string;
}

const { demo, reader, outsider, imaging, ephys } = BRAINSTEM_USERS;

export const PROJECT_SEEDS: readonly ProjectSeed[] = [
  {
    name: 'Hippocampal Replay in Rats', description: '<p>Awake and sleep replay of place-cell sequences on a linear track.</p>', isPublic: true,
    users: [[demo.id, 'owner'], [reader.id, 'contributor']], groups: [], prefix: 'R', strain: 'longEvans', setup: 'track', assay: 'track',
    acquisition: 'ExtracellularEphys', implant: 'SiliconProbeImplant', storage: 'labNas', tags: ['hippocampus', 'replay'], weight: 3, start: '2024-02-05T09:00:00Z',
  },
  {
    name: 'Visual Cortex Two-Photon Imaging', description: '<p>Orientation tuning in layer 2/3 of V1 during a Go/No-Go task.</p>', isPublic: false,
    users: [[demo.id, 'owner'], [reader.id, 'member']], groups: [[GROUPS.imaging.id, 'member']], prefix: 'V', strain: 'thy1', setup: 'twoPhoton',
    assay: 'goNoGo', acquisition: 'TwoPhotonMicroscopy', implant: 'CranialWindow', storage: 'imagingArchive', tags: ['V1', 'calcium imaging'], weight: 3,
    start: '2024-03-11T10:30:00Z',
  },
  {
    name: 'Prefrontal Optogenetics Pilot', description: '<p>Silencing PV interneurons in prelimbic cortex during sleep.</p>', isPublic: false,
    users: [[demo.id, 'owner']], groups: [[GROUPS.okafor.id, 'contributor']], prefix: 'O', strain: 'pvCre', setup: 'sleepBox', assay: 'sleep', acquisition: 'ExtracellularEphys',
    implant: 'OpticFiberImplant', stimulation: 'OptogeneticStimulation', storage: 'labNas', tags: ['optogenetics', 'sleep'], weight: 2, start: '2024-06-03T08:00:00Z',
  },
  {
    name: 'Mouse Sleep Spindles Atlas', description: '<p>Open recordings of thalamocortical spindles across strains.</p>', isPublic: true,
    users: [[imaging.id, 'owner']], groups: [], prefix: 'S', strain: 'c57', setup: 'openField', assay: 'openField', acquisition: 'ExtracellularEphys',
    implant: 'SiliconProbeImplant', tags: ['sleep', 'spindles'], weight: 0, fixedSessions: 8, start: '2023-09-18T20:00:00Z',
  },
  {
    name: 'Auditory Cortex Plasticity', description: '<p>Tone-evoked responses before and after fear conditioning.</p>', isPublic: false,
    users: [[imaging.id, 'owner']], groups: [[GROUPS.imaging.id, 'member']], prefix: 'A', strain: 'c57', setup: 'twoPhoton', assay: 'goNoGo',
    acquisition: 'TwoPhotonMicroscopy', implant: 'CranialWindow', tags: ['auditory'], weight: 1, start: '2024-01-08T11:00:00Z',
  },
  {
    name: 'Cerebellar Learning Study', description: '<p>Purkinje cell complex spikes during eyeblink conditioning.</p>', isPublic: false,
    users: [[outsider.id, 'owner']], groups: [], prefix: 'C', strain: 'c57', setup: 'openField', assay: 'openField', acquisition: 'ExtracellularEphys',
    implant: 'SiliconProbeImplant', tags: ['cerebellum'], weight: 0, fixedSessions: 8, start: '2024-04-22T13:00:00Z',
  },
  {
    name: 'Open Ephys Benchmark Recordings', description: '<p>Reference recordings for spike-sorting benchmarks.</p>', isPublic: true,
    users: [[ephys.id, 'owner']], groups: [], prefix: 'B', strain: 'sprague', setup: 'openField', assay: 'openField', acquisition: 'ExtracellularEphys',
    implant: 'SiliconProbeImplant', tags: ['benchmark', 'spike sorting'], weight: 0, fixedSessions: 8, start: '2023-05-02T09:15:00Z',
  },
];

function rights(role: Role): Rights {
  return { is_owner: role === 'owner', is_manager: role === 'owner' || role === 'manager', can_change: role !== 'member' };
}

function memberMap(entries: Array<[number, Role]>): MemberMap {
  return Object.fromEntries(entries.map(([id, role]) => [String(id), rights(role)]));
}

function isoDay(start: string, days: number): string {
  return new Date(Date.parse(start) + days * 86_400_000).toISOString().slice(0, 10);
}

function seedSubjects(store: Store, prng: Prng, catalog: CatalogIds, project: Id, seed: ProjectSeed, count: number): SubjectSeed[] {
  const put = (key: string, values: Record<string, unknown>): Id => insertRow(store, prng, key, values);
  const subjects: SubjectSeed[] = [];
  for (let i = 1; i <= count; i++) {
    const name = `${seed.prefix}${String(i).padStart(2, '0')}`;
    const sex = i % 2 === 0 ? 'M' : 'F';
    const subject = put('subject', {
      name, description: `${sex === 'F' ? 'Female' : 'Male'} ${seed.prefix === 'R' || seed.prefix === 'B' ? 'rat' : 'mouse'}, cohort ${Math.ceil(i / 4)}`,
      projects: [project], strain: catalog.strains[seed.strain], supplier: seed.prefix === 'R' ? catalog.suppliers.charlesRiver : catalog.suppliers.jackson,
      sex, genotype: seed.strain === 'pvCre' ? 'Pvalb-IRES-Cre/+' : seed.strain === 'thy1' ? 'Tg(Thy1-GCaMP6s)GP4.3' : 'wild type',
      subject_identifier: `${seed.prefix}-${2400 + prng.int(100, 999)}`, birth_date: isoDay(seed.start, -prng.int(70, 160)), status: prng.chance(0.85) ? 'active' : 'inactive',
      extra_fields: { ear_tag: `${seed.prefix}${i}` }, name_used_in_storage: name, tags: seed.tags.slice(0, 1), licenses: seed.isPublic ? catalog.licenses : [],
    });
    const coordinates = { ap: -3.8 + prng.int(-3, 3) / 10, ml: 2.5, dv: 1.2 + prng.int(0, 5) / 10 };
    const implant = put('procedure', {
      type: seed.implant, notes: 'Isoflurane 1.5–2 %, buprenorphine after surgery', subject, date_time: `${isoDay(seed.start, -7)}T10:00:00Z`,
      consumablestock: seed.implant === 'SiliconProbeImplant' ? catalog.consumableStock : null, brain_region: catalog.regions[i % catalog.regions.length],
      details: seed.implant === 'SiliconProbeImplant' ? { probe_depth_mm: 2.1 } : {}, coordinates_system: 'Stereotaxic_BregmaAbsolute',
      coordinates_details: coordinates, created_at: `${isoDay(seed.start, -7)}T12:00:00Z`, updated_at: `${isoDay(seed.start, -7)}T12:00:00Z`,
    });
    const extra = seed.stimulation === undefined && seed.implant !== 'CranialWindow' ? [] : [put('procedure', {
      type: 'VirusInjection', notes: 'AAV, 300 nl', subject, date_time: `${isoDay(seed.start, -21)}T10:00:00Z`, brain_region: catalog.regions[4],
      details: { volume_nl: 300 }, coordinates_system: 'Stereotaxic_BregmaBrainSurface', coordinates_details: { ap: 2.0, ml: 0.4, dv: 2.2 },
      created_at: `${isoDay(seed.start, -21)}T12:00:00Z`, updated_at: `${isoDay(seed.start, -21)}T12:00:00Z`,
    })];
    if (seed.implant === 'SiliconProbeImplant') {
      put('procedurelog', {
        type: 'LinearDisplacement', description: 'Probe lowering', procedure: implant,
        entries: [0, 1, 2].map((day) => ({ date_time: `${isoDay(seed.start, day - 3)}T17:00:00Z`, notes: day === 2 ? 'reached CA1 pyramidal layer' : null, details: { displacement: 0.07 } })),
      });
    }
    put('subjectlog', {
      type: 'Weighing', description: 'Daily weight', subject, user: seed.users[0]?.[0] ?? demo.id,
      entries: [0, 1, 2, 3].map((day) => ({ date_time: `${isoDay(seed.start, day)}T08:30:00Z`, notes: null, details: { weight: 20 + prng.int(0, 60) / 10 } })),
    });
    put('subjectlog', {
      type: 'Housing', description: 'Cage history', subject, user: seed.users[0]?.[0] ?? demo.id,
      entries: [{ start_date_time: `${isoDay(seed.start, -30)}T09:00:00Z`, end_date_time: null, notes: 'Single housed after surgery', details: { cage_type: 'individually ventilated' } }],
    });
    subjects.push({ id: subject, procedures: [implant, ...extra] });
  }
  return subjects;
}

export interface SeedCounts {
  sessions: number;
  subjectsPerProject: number;
}

/** Splits `total` sessions over the projects by weight, in whole numbers that add up. */
function shares(total: number): number[] {
  const weights = PROJECT_SEEDS.map((seed) => seed.weight);
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((weight) => Math.floor((total * weight) / sum));
  let left = total - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0; i = (i + 1) % counts.length) {
    if ((weights[i] ?? 0) === 0) continue;
    counts[i] = (counts[i] ?? 0) + 1;
    left--;
  }
  return counts.map((n, i) => PROJECT_SEEDS[i]?.fixedSessions ?? n);
}

export function seedProjects(store: Store, prng: Prng, catalog: CatalogIds, counts: SeedCounts): Id[] {
  const sessionCounts = shares(counts.sessions);
  const projectIds: Id[] = [];
  const plans: ProjectPlan[] = [];
  for (const [index, seed] of PROJECT_SEEDS.entries()) {
    const project = insertRow(store, prng, 'project', {
      name: seed.name, description: seed.description, is_public: seed.isPublic, tags: seed.tags, extra_fields: { funding: `GRANT-${1000 + index}` },
      publications: seed.isPublic ? catalog.publications.slice(index % 2, index % 2 + 1) : [], _users: memberMap(seed.users), _groups: memberMap(seed.groups),
    });
    projectIds.push(project);
    const subjects = seedSubjects(store, prng, catalog, project, seed, counts.subjectsPerProject);
    plans.push({ project, seed, subjects, sessions: sessionCounts[index] ?? 0 });
    if (subjects.length > 0) {
      insertRow(store, prng, 'cohort', { name: `${seed.prefix} cohort 1`, description: 'First surgery batch', project, subjects: subjects.slice(0, Math.ceil(subjects.length / 2)).map((s) => s.id), tags: [] });
    }
    const mother = subjects.find((_, i) => i % 2 === 0);
    const father = subjects.find((_, i) => i % 2 === 1);
    if (seed.prefix === 'S' && mother !== undefined && father !== undefined) {
      insertRow(store, prng, 'breeding', { name: 'S breeding pair 1', project, mother: mother.id, father: father.id, start_date: isoDay(seed.start, -120), litter_size: 6 });
    }
  }
  const sessionsByProject = seedSessions(store, prng, catalog, plans);
  for (const [i, plan] of plans.entries()) {
    insertRow(store, prng, 'collection', {
      name: `${plan.seed.prefix} highlights`, description: 'Sessions shown in talks', project: plan.project, sessions: (sessionsByProject[i] ?? []).slice(0, 5), tags: [],
    });
  }
  const sleepProject = projectIds[3];
  insertRow(store, prng, 'projectmembershipinvitation', { invitee: demo.id, project: sleepProject, can_change: true, manage_project: false, own_project: false, _by: imaging.id });
  insertRow(store, prng, 'groupmembershiprequest', { user_account_request: outsider.id, authgroup: GROUPS.okafor.id, _by: outsider.id });
  insertRow(store, prng, 'speciesapproval', {
    name: 'Danio rerio', description: 'Zebrafish', rrid: null, external_identifiers: [], comments: '', instance_id: null, action: 'Add', reviewer: null, user: demo.id, status: 'Pending',
  });
  return projectIds;
}
