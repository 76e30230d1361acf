// The `stem` and `modules` apps (reference §2.1–2.2): projects and everything that inherits a
// project's permissions. Field order follows the documented response examples.

import { bool, choice, computed, date, datetime, fk, int, json, m2m, req, reverse, str, tags } from './model-spec.ts';
import type { FieldSpec, ModelSpec } from './model-spec.ts';

export const DATA_ACQUISITION_TYPES = [
  'Audio', 'BehavioralTracking', 'ComputedTomography', 'ConfocalMicroscopy', 'Electroencephalography', 'Electroneurogram',
  'ExtracellularEphys', 'FiberPhotometry', 'FunctionalMagneticResonanceImaging', 'FunctionalUltrasoundImaging', 'GeneralTimeSeries',
  'IntracellularEphys', 'LightFieldMicroscopy', 'MagneticResonanceImaging', 'Magnetoencephalography', 'Miniscope',
  'OpticalCoherenceTomography', 'PositronEmissionTomography', 'SinglePhotonEmissionComputedTomography', 'SinglePhotonMicroscopy',
  'ThreePhotonMicroscopy', 'TwoPhotonMicroscopy', 'VideoTracking',
] as const;

export const MANIPULATION_TYPES = [
  'AuditoryStimulation', 'DeepBrainStimulation', 'ElectricalStimulation', 'ElectromagneticFieldStimulation', 'LiquidPerturbation',
  'Microperfusion', 'MultisensoryStimulation', 'OdorStimulation', 'OptogeneticStimulation', 'PharmacologicalInhalation',
  'PharmacologicalInjection', 'PharmacologicalSuperfusion', 'TactileStimulation', 'ThermalPerturbation',
  'TranscranialElectricalStimulation', 'TranscranialMagneticStimulation', 'UltrasoundStimulation', 'VisualStimulation',
] as const;

export const CONSUMABLE_STOCK_TYPES = [
  'ChemicalReagent', 'ConsumableDevice', 'ImmunoReagent', 'ImplantMaterial', 'OpticFiber', 'OpticalComponent', 'PharmacologicalAgent',
  'PhysiologicalSolution', 'SiliconProbe', 'SingleWireElectrode', 'SurgicalDisposable', 'TracerDye', 'VirusSolution',
] as const;

export const SUBJECT_LOG_TYPES = [
  'FoodConsumption', 'FoodDeprivation', 'GenericObservation', 'Genotyping', 'Habituation', 'Handling', 'HargreavesTest', 'Housing',
  'TrainingSession', 'VonFreyTest', 'WaterConsumption', 'WaterDeprivation', 'Weighing', 'Wellness',
] as const;

/** Subject-log types whose entries span an interval (start_date_time/end_date_time). */
export const INTERVAL_LOG_TYPES: ReadonlySet<string> = new Set(['Housing', 'FoodDeprivation', 'WaterDeprivation', 'Habituation', 'Handling', 'TrainingSession']);

export const PROCEDURE_LOG_TYPES = ['Impedances', 'LinearDisplacement', 'Tetrodes4', 'Tetrodes8'] as const;

export const COORDINATE_SYSTEMS = [
  'CCF_XYZ_Absolute', 'External_XYZ_Absolute', 'Stereotaxic_BregmaAbsolute', 'Stereotaxic_BregmaBrainSurface',
  'Stereotaxic_LambdaAbsolute', 'Stereotaxic_LambdaBrainSurface',
] as const;

const SEX = ['F', 'M', 'U'] as const;

const typed = (): FieldSpec[] => [json('details'), str('type_schema_version', { defaultValue: '0.0.0' })];
const coordinates = (): FieldSpec[] => [
  choice('coordinates_system', COORDINATE_SYSTEMS, { required: true }), json('coordinates_details'), str('coordinates_schema_version', { defaultValue: '0.0.0' }),
];
const invitationFlags = (): FieldSpec[] => [bool('can_change'), bool('manage_project'), bool('own_project')];
const underProject = { kind: 'project', path: ['projects'] } as const;
const underSession = { kind: 'project', path: ['session', 'projects'] } as const;
const underSubject = { kind: 'project', path: ['subject', 'projects'] } as const;

export const STEM_MODELS: readonly ModelSpec[] = [
  {
    key: 'project', app: 'stem', segments: ['project'], name: 'project', plural: 'projects', label: 'Project', idKind: 'uuid', unique: ['name'],
    scope: { kind: 'project', path: [] },
    fields: [
      req('name', 200), str('description'), reverse('sessions', 'session', 'projects'), reverse('subjects', 'subject', 'projects'),
      m2m('publications', 'publication'), reverse('collections', 'collection', 'project'), reverse('cohorts', 'cohort', 'project'),
      json('extra_fields'), bool('is_public'), tags(), computed('links'), { name: 'users', kind: 'members' }, { name: 'groups', kind: 'members' },
    ],
  },
  {
    key: 'subject', app: 'stem', segments: ['subject'], name: 'subject', plural: 'subjects', label: 'Subject', idKind: 'uuid', unique: ['name'],
    scope: underProject,
    fields: [
      req('name', 100), str('description'), m2m('projects', 'project', { required: true, minItems: 1 }), m2m('licenses', 'license'),
      fk('strain', 'strain', { required: true }), fk('supplier', 'supplier'), fk('breeding', 'breeding'), choice('sex', SEX, { required: true }),
      str('genetic_line', { max: 100 }), str('genotype', { max: 200 }), str('subject_identifier', { max: 100 }), date('birth_date'), date('death_date'),
      str('status', { defaultValue: 'active' }), json('extra_fields'), reverse('procedures', 'procedure', 'subject'),
      reverse('subjectlogs', 'subjectlog', 'subject'), str('name_used_in_storage', { max: 200 }), tags(), computed('links'),
    ],
  },
  {
    key: 'session', app: 'stem', segments: ['session'], name: 'session', plural: 'sessions', label: 'Session', idKind: 'uuid', unique: ['name'],
    scope: underProject,
    fields: [
      req('name', 100), str('description'), reverse('epochs', 'epoch', 'session'), m2m('projects', 'project', { required: true, minItems: 1 }),
      datetime('date_time'), m2m('datastorage', 'datastorage'), json('extra_fields'), json('download_links', 'array'),
      reverse('dataacquisition', 'dataacquisition', 'session'), reverse('behaviors', 'behavior', 'session'),
      reverse('manipulations', 'manipulation', 'session'), str('name_used_in_storage', { readOnly: true }), tags(), computed('links'),
    ],
  },
  {
    key: 'collection', app: 'stem', segments: ['collection'], name: 'collection', plural: 'collections', label: 'Collection', idKind: 'uuid',
    scope: { kind: 'project', path: ['project'] },
    fields: [req('name', 100), str('description'), fk('project', 'project', { required: true }), m2m('sessions', 'session'), tags()],
  },
  {
    key: 'cohort', app: 'stem', segments: ['cohort'], name: 'cohort', plural: 'cohorts', label: 'Cohort', idKind: 'uuid',
    scope: { kind: 'project', path: ['project'] },
    fields: [req('name', 100), str('description'), fk('project', 'project', { required: true }), m2m('subjects', 'subject'), tags()],
  },
  {
    key: 'breeding', app: 'stem', segments: ['breeding'], name: 'breeding', plural: 'breedings', label: 'Breeding', idKind: 'uuid',
    scope: { kind: 'project', path: ['project'] },
    fields: [
      req('name', 100), fk('project', 'project', { required: true }), fk('mother', 'subject', { required: true }), fk('father', 'subject', { required: true }),
      str('description'), tags(), date('birth_date'), date('start_date'), date('end_date'), date('weaning_date'), int('litter_size'),
      str('expected_genotype', { max: 100 }),
    ],
  },
  {
    // Not documented (only session.epochs and the web sidebar show it): the key and fields are a guess.
    key: 'epoch', app: 'stem', segments: ['epoch'], name: 'epoch', plural: 'epochs', label: 'Epoch', idKind: 'uuid',
    scope: underSession,
    fields: [req('name', 100), str('description'), fk('session', 'session', { required: true }), datetime('start_date_time'), datetime('end_date_time')],
  },
  {
    key: 'projectmembershipinvitation', app: 'stem', segments: ['projectmembershipinvitation', 'project_membership_invitation'], otherApps: ['users'],
    name: 'project_membership_invitation', plural: 'project_membership_invitations', label: 'ProjectMembershipInvitation', idKind: 'uuid',
    scope: { kind: 'private' },
    fields: [fk('invitee', 'user', { required: true }), fk('project', 'project', { required: true }), ...invitationFlags()],
  },
  {
    key: 'projectgroupmembershipinvitation', app: 'stem', segments: ['projectgroupmembershipinvitation', 'project_group_membership_invitation'],
    name: 'project_group_membership_invitation', plural: 'project_group_membership_invitations', label: 'ProjectGroupMembershipInvitation', idKind: 'uuid',
    scope: { kind: 'private' },
    fields: [fk('invitee', 'group', { required: true }), fk('project', 'project', { required: true }), ...invitationFlags()],
  },
];

export const MODULE_MODELS: readonly ModelSpec[] = [
  {
    // The documented type list (43) is abridged in the reference, so any non-empty type is accepted.
    key: 'procedure', app: 'modules', segments: ['procedure'], name: 'procedure', plural: 'procedures', label: 'Procedure', idKind: 'uuid',
    scope: underSubject,
    fields: [
      req('type'), str('notes', { max: 500 }), fk('subject', 'subject', { required: true }), datetime('date_time'), fk('consumablestock', 'consumablestock'),
      m2m('equipment', 'equipment'), fk('brain_region', 'brainregion'), m2m('licenses', 'license'), ...typed(), ...coordinates(),
      datetime('created_at', { readOnly: true }), datetime('updated_at', { readOnly: true }),
    ],
  },
  {
    key: 'behavior', app: 'modules', segments: ['behavior'], name: 'behavior', plural: 'behaviors', label: 'Behavior', idKind: 'uuid',
    scope: underSession,
    fields: [
      fk('session', 'session', { required: true }), m2m('subjects', 'subject', { required: true, minItems: 1 }), fk('setup', 'setup', { required: true }),
      fk('behavioralassay', 'behavioralassay', { required: true }), str('notes', { max: 500 }), int('order'),
    ],
  },
  {
    key: 'dataacquisition', app: 'modules', segments: ['dataacquisition'], name: 'data_acquisition', plural: 'data_acquisitions', label: 'DataAcquisition',
    idKind: 'uuid', scope: underSession,
    fields: [
      choice('type', DATA_ACQUISITION_TYPES, { required: true }), str('notes'), fk('session', 'session', { required: true }), m2m('procedures', 'procedure'),
      m2m('equipment', 'equipment'), ...typed(), str('image', { readOnly: true, nullable: true }), int('order'),
    ],
  },
  {
    key: 'manipulation', app: 'modules', segments: ['manipulation'], name: 'manipulation', plural: 'manipulations', label: 'Manipulation', idKind: 'uuid',
    scope: underSession,
    fields: [
      choice('type', MANIPULATION_TYPES, { required: true }), str('notes'), m2m('procedures', 'procedure', { required: true, minItems: 1 }),
      fk('session', 'session', { required: true }), m2m('equipment', 'equipment'), ...typed(), int('order'),
    ],
  },
  {
    // The equipment type list (58) is abridged in the reference, so any non-empty type is accepted.
    key: 'equipment', app: 'modules', segments: ['equipment'], name: 'equipment', plural: 'equipment', label: 'Equipment', idKind: 'uuid',
    scope: { kind: 'attribute', path: ['setup'] },
    fields: [
      str('name'), req('type'), str('notes'), fk('setup', 'setup', { required: true }), datetime('date_time'), fk('consumable', 'consumable'),
      fk('hardwaredevice', 'hardwaredevice'), ...typed(), ...coordinates(),
    ],
  },
  {
    // "consumable stock" with a space is what the docs print (reference §1.5, Uncertain); kept as documented.
    key: 'consumablestock', app: 'modules', segments: ['consumablestock'], name: 'consumable stock', plural: 'consumable stocks', label: 'ConsumableStock',
    idKind: 'uuid', scope: { kind: 'attribute', path: ['inventory'] },
    fields: [
      choice('type', CONSUMABLE_STOCK_TYPES, { required: true }), choice('status', ['AVAILABLE', 'RESERVED', 'DEPLETED'], { defaultValue: 'AVAILABLE' }),
      str('notes'), fk('inventory', 'inventory', { required: true }), date('acquisition_date'), date('expiration_date'),
      str('storage_location', { max: 100 }), str('storage_conditions', { max: 100 }), str('intended_use', { max: 100 }), str('cost', { max: 100 }),
      fk('consumable', 'consumable'), ...typed(),
    ],
  },
  {
    key: 'procedurelog', app: 'modules', segments: ['procedurelog'], name: 'procedure_log', plural: 'procedure_logs', label: 'ProcedureLog', idKind: 'uuid',
    scope: { kind: 'project', path: ['procedure', 'subject', 'projects'] },
    fields: [
      choice('type', PROCEDURE_LOG_TYPES, { required: true, createOnly: true }), str('description', { max: 500 }),
      fk('procedure', 'procedure', { required: true }), json('entries', 'array', { readOnly: true }),
    ],
  },
  {
    key: 'subjectlog', app: 'modules', segments: ['subjectlog'], name: 'subject_log', plural: 'subject_logs', label: 'SubjectLog', idKind: 'uuid',
    scope: underSubject,
    fields: [
      choice('type', SUBJECT_LOG_TYPES, { required: true, createOnly: true }), str('description', { max: 500 }), fk('subject', 'subject', { required: true }),
      fk('user', 'user', { readOnly: true }), json('entries', 'array', { readOnly: true }),
    ],
  },
];
