import type { BrainstemField } from '../../../../shared/contract/brainstem.ts';
import { bool, choice, date, datetime, description, integer, json, longtext, many, one, req, reverse, tags, text } from './fields-build.ts';
import {
  consumableStockStatuses,
  consumableStockTypes,
  coordinateSystems,
  dataAcquisitionTypes,
  manipulationTypes,
  procedureLogTypes,
  sexes,
  subjectLogTypes,
} from './fields-vocabularies.ts';

/** Fields of the `stem` and `modules` apps (reference §2.2), in the order the docs' examples show them. */

const extraFields = () =>
  json('extra_fields', 'object', { label: 'Extra fields', help: 'Keys start with a letter (letters, digits, underscores); values are text or numbers.' });
const links = () => json('links', 'object', { readOnly: true });
const typed = (): BrainstemField[] => [
  json('details', 'object', { help: 'Checked by BrainSTEM against the schema of the chosen type.' }),
  text('type_schema_version', { label: 'Type schema version', help: 'e.g. 0.0.0' }),
];
const coordinates = (): BrainstemField[] => [
  choice('coordinates_system', coordinateSystems, { label: 'Coordinates system', required: true }),
  json('coordinates_details', 'object', { label: 'Coordinates' }),
  text('coordinates_schema_version', { label: 'Coordinates schema version' }),
];
const invitationFlags = (): BrainstemField[] => [
  bool('can_change', { label: 'Can change' }),
  bool('manage_project', { label: 'Manages the project' }),
  bool('own_project', { label: 'Owns the project' }),
];
const notes = (maxLength?: number) => longtext('notes', maxLength === undefined ? {} : { maxLength });
const order = () => integer('order', { help: 'Position among the session\'s modules (0 or more).' });

export const stemFields: Readonly<Record<string, readonly BrainstemField[]>> = {
  project: [
    req('name', 200), description(), reverse('sessions', 'session'), reverse('subjects', 'subject'), many('publications', 'publication'),
    reverse('collections', 'collection'), reverse('cohorts', 'cohort'), extraFields(), bool('is_public', { label: 'Public' }), tags(), links(),
    json('users', 'object', { label: 'Members', help: '{"email": {"can_change": true, "is_manager": false, "is_owner": false}}; {"remove": true} removes one.' }),
    json('groups', 'object', { label: 'Member groups', help: '{"group name": {"can_change": true, "is_manager": false}}' }),
  ],
  subject: [
    req('name', 100), description(), many('projects', 'project', { required: true }), many('licenses', 'license'),
    one('strain', 'strain', { required: true }), one('supplier', 'supplier'), one('breeding', 'breeding'), choice('sex', sexes, { required: true }),
    text('genetic_line', { label: 'Genetic line', maxLength: 100 }), text('genotype', { maxLength: 200 }),
    text('subject_identifier', { label: 'Subject identifier', maxLength: 100 }), date('birth_date', { label: 'Birth date' }),
    date('death_date', { label: 'Death date' }), text('status', { help: 'e.g. active' }), extraFields(), reverse('procedures', 'procedure'),
    reverse('subjectlogs', 'subjectlog', 'Subject logs'), text('name_used_in_storage', { label: 'Name used in storage', maxLength: 200 }), tags(), links(),
  ],
  session: [
    req('name', 100), description(), reverse('epochs', 'epoch'), many('projects', 'project', { required: true }), datetime('date_time', { label: 'Date and time' }),
    many('datastorage', 'datastorage', { label: 'Data storage' }), extraFields(),
    json('download_links', 'array', { label: 'Download links', help: '[{"repository": "DANDI", "url": "https://…"}]' }),
    reverse('dataacquisition', 'dataacquisition', 'Data acquisition'), reverse('behaviors', 'behavior'), reverse('manipulations', 'manipulation'),
    text('name_used_in_storage', { label: 'Name used in storage', readOnly: true }), tags(), links(),
  ],
  collection: [req('name', 100), description(), one('project', 'project', { required: true }), many('sessions', 'session'), tags()],
  cohort: [
    req('name', 100), description(), one('project', 'project', { required: true }),
    many('subjects', 'subject', { help: 'The subjects must belong to the cohort\'s project.' }), tags(),
  ],
  breeding: [
    req('name', 100), one('project', 'project', { required: true }), one('mother', 'subject', { required: true }), one('father', 'subject', { required: true }),
    description(), tags(), date('birth_date', { label: 'Birth date' }), date('start_date', { label: 'Start date' }), date('end_date', { label: 'End date' }),
    date('weaning_date', { label: 'Weaning date' }), integer('litter_size', { label: 'Litter size', help: 'A positive whole number.' }),
    text('expected_genotype', { label: 'Expected genotype', maxLength: 100 }),
  ],
  projectmembershipinvitation: [one('invitee', 'user', { required: true }), one('project', 'project', { required: true }), ...invitationFlags()],
  projectgroupmembershipinvitation: [one('invitee', 'group', { required: true }), one('project', 'project', { required: true }), ...invitationFlags()],
};

export const moduleFields: Readonly<Record<string, readonly BrainstemField[]>> = {
  procedure: [
    text('type', { required: true, help: 'A BrainSTEM procedure type, e.g. SiliconProbeImplant, VirusInjection, Anesthesia.' }), notes(500),
    one('subject', 'subject', { required: true }), datetime('date_time', { label: 'Date and time' }), one('consumablestock', 'consumablestock', { label: 'Consumable stock' }),
    many('equipment', 'equipment'), one('brain_region', 'brainregion', { label: 'Brain region' }), many('licenses', 'license'), ...typed(), ...coordinates(),
    datetime('created_at', { label: 'Created', readOnly: true }), datetime('updated_at', { label: 'Updated', readOnly: true }),
  ],
  behavior: [
    one('session', 'session', { required: true }), many('subjects', 'subject', { required: true }), one('setup', 'setup', { required: true }),
    one('behavioralassay', 'behavioralassay', { label: 'Behavioral assay', required: true }), notes(500), order(),
  ],
  dataacquisition: [
    choice('type', dataAcquisitionTypes, { required: true }), notes(), one('session', 'session', { required: true }), many('procedures', 'procedure'),
    many('equipment', 'equipment'), ...typed(), text('image', { readOnly: true }), order(),
  ],
  manipulation: [
    choice('type', manipulationTypes, { required: true }), notes(), many('procedures', 'procedure', { required: true }), one('session', 'session', { required: true }),
    many('equipment', 'equipment'), json('details', 'any', { help: 'An object or a list, checked against the schema of the chosen type.' }),
    text('type_schema_version', { label: 'Type schema version' }), order(),
  ],
  equipment: [
    text('name'), text('type', { required: true, help: 'A BrainSTEM equipment type, e.g. Amplifier, SiliconProbe.' }), notes(), one('setup', 'setup', { required: true }),
    datetime('date_time', { label: 'Date and time' }), one('consumable', 'consumable'), one('hardwaredevice', 'hardwaredevice', { label: 'Hardware device' }),
    ...typed(), ...coordinates(),
  ],
  consumablestock: [
    choice('type', consumableStockTypes, { required: true }), choice('status', consumableStockStatuses), notes(), one('inventory', 'inventory', { required: true }),
    date('acquisition_date', { label: 'Acquisition date' }), date('expiration_date', { label: 'Expiration date' }),
    text('storage_location', { label: 'Storage location', maxLength: 100 }), text('storage_conditions', { label: 'Storage conditions', maxLength: 100 }),
    text('intended_use', { label: 'Intended use', maxLength: 100 }), text('cost', { maxLength: 100 }), one('consumable', 'consumable'), ...typed(),
  ],
  procedurelog: [
    choice('type', procedureLogTypes, { required: true, createOnly: true }), text('description', { maxLength: 500 }), one('procedure', 'procedure', { required: true }),
    json('entries', 'array', { readOnly: true, help: 'Changed through add, change and remove entry.' }),
  ],
  subjectlog: [
    choice('type', subjectLogTypes, { required: true, createOnly: true }), text('description', { maxLength: 500 }), one('subject', 'subject', { required: true }),
    one('user', 'user', { readOnly: true, label: 'Created by' }), json('entries', 'array', { readOnly: true, help: 'Changed through add, change and remove entry.' }),
  ],
};
