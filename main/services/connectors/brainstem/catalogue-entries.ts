import type { BrainstemActionSpec, BrainstemApp, BrainstemModel } from './catalogue-types.ts';

interface Entry {
  app: BrainstemApp;
  label: string;
  /** Single envelope key; defaults to the model name. */
  key?: string;
  /** List envelope key; defaults to `key + 's'`. */
  plural?: string;
  /** More accepted spellings of the keys. */
  altKeys?: [singular: string, plural: string];
  integerId?: boolean;
  privateOnly?: boolean;
  /** Moderated: the approval model's single key (its plural adds `s`). */
  approvalKey?: string;
  actions?: readonly BrainstemActionSpec[];
  includes?: readonly string[];
  relations?: Record<string, string>;
  aliases?: readonly string[];
  guessedKeys?: boolean;
}

const logEntryActions: readonly BrainstemActionSpec[] = [
  { name: 'add_entry', method: 'PATCH', body: 'entry' },
  { name: 'change_entry', method: 'PATCH', body: 'entry' },
  { name: 'remove_entry', method: 'PATCH', body: 'entry' },
];
const invitationActions: readonly BrainstemActionSpec[] = [
  { name: 'accept', method: 'GET', body: 'none' },
  { name: 'reject', method: 'GET', body: 'none' },
  { name: 'cancel', method: 'GET', body: 'none' },
];
const groupActions: readonly BrainstemActionSpec[] = [
  { name: 'join', method: 'GET', body: 'none' },
  { name: 'leave', method: 'GET', body: 'none' },
];
const approvalActions: readonly BrainstemActionSpec[] = [
  { name: 'accept', method: 'PATCH', body: 'none' },
  { name: 'reject', method: 'PATCH', body: 'none' },
];

/** Every model of the reference's §2.1, keyed by URL segment; keys and relations from §1.5 and §2.2. */
const entries: Record<string, Entry> = {
  // stem
  project: {
    app: 'stem', label: 'project', includes: ['sessions', 'subjects', 'collections', 'cohorts'],
    relations: { sessions: 'session', subjects: 'subject', publications: 'publication', collections: 'collection', cohorts: 'cohort' },
  },
  subject: {
    app: 'stem', label: 'subject', includes: ['procedures', 'subjectlogs'],
    relations: { projects: 'project', licenses: 'license', strain: 'strain', supplier: 'supplier', breeding: 'breeding', procedures: 'procedure', subjectlogs: 'subjectlog' },
  },
  session: {
    app: 'stem', label: 'session', includes: ['dataacquisition', 'behaviors', 'manipulations', 'epochs'],
    relations: { projects: 'project', datastorage: 'datastorage', dataacquisition: 'dataacquisition', behaviors: 'behavior', manipulations: 'manipulation' },
  },
  collection: { app: 'stem', label: 'collection', includes: ['sessions'], relations: { project: 'project', sessions: 'session' } },
  cohort: { app: 'stem', label: 'cohort', includes: ['subjects'], relations: { project: 'project', subjects: 'subject' } },
  breeding: { app: 'stem', label: 'breeding', relations: { project: 'project', mother: 'subject', father: 'subject' } },
  projectmembershipinvitation: {
    app: 'stem', label: 'project membership invitation', key: 'project_membership_invitation', privateOnly: true,
    actions: invitationActions, relations: { project: 'project', invitee: 'user' }, aliases: ['project_membership_invitation'],
  },
  projectgroupmembershipinvitation: {
    app: 'stem', label: 'project group membership invitation', key: 'project_group_membership_invitation', privateOnly: true,
    actions: invitationActions, relations: { project: 'project', invitee: 'group' }, aliases: ['project_group_membership_invitation'],
  },

  // modules
  procedure: {
    app: 'modules', label: 'procedure',
    relations: { subject: 'subject', consumablestock: 'consumablestock', equipment: 'equipment', brain_region: 'brainregion', licenses: 'license' },
  },
  behavior: { app: 'modules', label: 'behavior', relations: { session: 'session', subjects: 'subject', setup: 'setup', behavioralassay: 'behavioralassay' } },
  dataacquisition: {
    app: 'modules', label: 'data acquisition', key: 'data_acquisition',
    relations: { session: 'session', procedures: 'procedure', equipment: 'equipment' },
  },
  manipulation: { app: 'modules', label: 'manipulation', relations: { session: 'session', procedures: 'procedure', equipment: 'equipment' } },
  equipment: { app: 'modules', label: 'equipment', plural: 'equipment', relations: { setup: 'setup', consumable: 'consumable', hardwaredevice: 'hardwaredevice' } },
  consumablestock: {
    // The docs show the key with a space; dynamic-rest's default would be underscored, so both are read.
    app: 'modules', label: 'consumable stock', key: 'consumable stock', altKeys: ['consumable_stock', 'consumable_stocks'],
    relations: { inventory: 'inventory', consumable: 'consumable' },
  },
  procedurelog: { app: 'modules', label: 'procedure log', key: 'procedure_log', actions: logEntryActions, relations: { procedure: 'procedure' } },
  subjectlog: { app: 'modules', label: 'subject log', key: 'subject_log', actions: logEntryActions, relations: { subject: 'subject', user: 'user' } },

  // personal_attributes
  behavioralassay: {
    app: 'personal_attributes', label: 'behavioral assay',
    relations: { setup_type: 'setuptype', behavioral_paradigm: 'behavioralparadigm', licenses: 'license' },
  },
  datastorage: { app: 'personal_attributes', label: 'data storage' },
  inventory: { app: 'personal_attributes', label: 'inventory', plural: 'inventories' },
  license: {
    app: 'personal_attributes', label: 'license',
    relations: { regulatory_authority: 'regulatoryauthority', license_holders: 'user', behavioralassays: 'behavioralassay', subjects: 'subject', procedures: 'procedure' },
  },
  setup: { app: 'personal_attributes', label: 'setup', relations: { setup_type: 'setuptype' } },
  protocol: { app: 'personal_attributes', label: 'protocol', guessedKeys: true },

  // resources
  consumable: { app: 'resources', label: 'consumable', approvalKey: 'consumable_approval', relations: { supplier: 'supplier' } },
  hardwaredevice: { app: 'resources', label: 'hardware device', approvalKey: 'hardwaredevice_approval', relations: { supplier: 'supplier' } },
  supplier: { app: 'resources', label: 'supplier', approvalKey: 'supplier_approval' },

  // taxonomies
  behavioralcategory: {
    app: 'taxonomies', label: 'behavioral category', key: 'behavioral_category', plural: 'behavioral_categories',
    approvalKey: 'behavioral_category_approval', relations: { parent: 'behavioralcategory' },
  },
  behavioralparadigm: {
    app: 'taxonomies', label: 'behavioral paradigm', key: 'behavioral_paradigm',
    approvalKey: 'behavioral_paradigm_approval', relations: { category: 'behavioralcategory', species: 'species' },
  },
  brainregion: { app: 'taxonomies', label: 'brain region', key: 'brain_region' },
  regulatoryauthority: { app: 'taxonomies', label: 'regulatory authority', plural: 'regulatoryauthorities', approvalKey: 'regulatoryauthority_approval' },
  setuptype: { app: 'taxonomies', label: 'setup type', key: 'setup_type', approvalKey: 'setup_type_approval' },
  species: { app: 'taxonomies', label: 'species', plural: 'species', approvalKey: 'species_approval' },
  strain: { app: 'taxonomies', label: 'strain', approvalKey: 'strain_approval', relations: { species: 'species' } },

  // dissemination
  journal: { app: 'dissemination', label: 'journal', approvalKey: 'journal_approval' },
  publication: { app: 'dissemination', label: 'publication', relations: { journal: 'journal' } },

  // users
  group: { app: 'users', label: 'group', integerId: true, actions: groupActions, aliases: ['auth/group'] },
  groupmembershipinvitation: {
    app: 'users', label: 'group membership invitation', key: 'group_membership_invitation', privateOnly: true,
    actions: invitationActions, relations: { authgroup: 'group' }, aliases: ['group_membership_invitation'],
  },
  groupmembershiprequest: {
    app: 'users', label: 'group membership request', key: 'group_membership_request', privateOnly: true,
    actions: invitationActions, relations: { authgroup: 'group' }, aliases: ['group_membership_request'],
  },
  laboratory: { app: 'users', label: 'laboratory', plural: 'laboratories', relations: { group: 'group', principal_investigators: 'user' } },
  user: { app: 'users', label: 'user', integerId: true },
};

function model(name: string, entry: Entry): BrainstemModel {
  const key = entry.key ?? name;
  const plural = entry.plural ?? `${key}s`;
  return {
    name,
    app: entry.app,
    label: entry.label,
    singularKeys: entry.altKeys ? [key, entry.altKeys[0]] : [key],
    pluralKeys: entry.altKeys ? [plural, entry.altKeys[1]] : [plural],
    idKind: entry.integerId ? 'integer' : 'uuid',
    publicRead: !entry.privateOnly,
    approvalModel: entry.approvalKey ? `${name}approval` : null,
    approves: null,
    actions: entry.actions ?? [],
    defaultIncludes: entry.includes ?? [],
    relations: entry.relations ?? {},
    aliases: entry.aliases ?? [],
    keysConfirmed: !entry.guessedKeys,
  };
}

/** The approval model that moderates `name`: `speciesapproval` answers `species_approval(s)`. */
function approvalModel(name: string, entry: Entry, approvalKey: string): BrainstemModel {
  return {
    name: `${name}approval`,
    app: entry.app,
    label: `${entry.label} approval`,
    singularKeys: [approvalKey],
    pluralKeys: [`${approvalKey}s`],
    idKind: 'uuid',
    publicRead: true,
    approvalModel: null,
    approves: name,
    actions: approvalActions,
    defaultIncludes: [],
    relations: { reviewer: 'user' },
    aliases: [],
    keysConfirmed: true,
  };
}

export function buildCatalogue(): BrainstemModel[] {
  const models: BrainstemModel[] = [];
  for (const [name, entry] of Object.entries(entries)) {
    models.push(model(name, entry));
    if (entry.approvalKey) models.push(approvalModel(name, entry, entry.approvalKey));
  }
  return models;
}
