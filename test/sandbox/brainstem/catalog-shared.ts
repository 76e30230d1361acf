// The shared apps (reference §2.1–2.2): personal attributes (owned by groups), resources,
// taxonomies and dissemination (everyone reads; changes are moderated) and users.

import { bool, choice, computed, date, fk, json, m2m, req, str } from './model-spec.ts';
import type { FieldSpec, ModelSpec } from './model-spec.ts';

export const LICENSE_TYPES = [
  'animal_research_authorization', 'human_research_authorization', 'biosafety_gmo_authorization', 'wildlife_fieldwork_permit',
  'controlled_substance_license', 'chemical_use_authorization', 'import_export_permit',
] as const;
export const ATLASES = ['AIA', 'AIA_dM', 'AIA_HB', 'AIA_dHB', 'AIA_P', 'AIA_S', 'BM4', 'PF2001', 'PW1997', 'S2004'] as const;
export const SETUP_CATEGORIES = ['I', 'E', 'A', 'H', 'V', 'F', 'U'] as const;

const attribute = { kind: 'attribute', path: [] } as const;
const catalog = { kind: 'catalog' } as const;
const identifiers = (): FieldSpec[] => [
  str('rrid', { nullable: true }), str('rrid_url', { readOnly: true, nullable: true }), json('external_identifiers', 'array'), str('comments'),
];

export const ATTRIBUTE_MODELS: readonly ModelSpec[] = [
  {
    key: 'behavioralassay', app: 'personal_attributes', segments: ['behavioralassay'], name: 'behavioralassay', plural: 'behavioralassays',
    label: 'BehavioralAssay', idKind: 'uuid', scope: attribute,
    fields: [
      req('name', 50), str('description'), fk('setup_type', 'setuptype', { required: true }), fk('behavioral_paradigm', 'behavioralparadigm', { required: true }),
      m2m('licenses', 'license'), bool('is_public'),
    ],
  },
  {
    key: 'datastorage', app: 'personal_attributes', segments: ['datastorage'], name: 'datastorage', plural: 'datastorages', label: 'DataStorage',
    idKind: 'uuid', scope: attribute,
    fields: [req('name', 100), str('location'), str('description'), bool('is_public'), json('data_organization', 'array'), json('data_protocols', 'array')],
  },
  {
    key: 'inventory', app: 'personal_attributes', segments: ['inventory'], name: 'inventory', plural: 'inventories', label: 'Inventory',
    idKind: 'uuid', scope: attribute,
    fields: [req('name', 50), str('location'), str('description'), bool('is_public')],
  },
  {
    key: 'license', app: 'personal_attributes', segments: ['license'], name: 'license', plural: 'licenses', label: 'License', idKind: 'uuid', scope: attribute,
    fields: [
      req('name', 255), choice('type', LICENSE_TYPES, { required: true }),
      choice('status', ['draft', 'pending', 'active', 'suspended', 'expired', 'revoked'], { defaultValue: 'draft' }), str('description'),
      str('country', { max: 2 }), fk('regulatory_authority', 'regulatoryauthority'), str('license_number'), date('valid_from'), date('valid_until'),
      m2m('license_holders', 'user'), m2m('behavioralassays', 'behavioralassay'), m2m('subjects', 'subject'), m2m('procedures', 'procedure'),
      bool('is_public'),
    ],
  },
  {
    key: 'setup', app: 'personal_attributes', segments: ['setup'], name: 'setup', plural: 'setups', label: 'Setup', idKind: 'uuid', scope: attribute,
    fields: [
      req('name', 50), str('location'), str('description'), fk('setup_type', 'setuptype', { required: true }), json('specifications'),
      bool('is_public'), str('image', { readOnly: true, nullable: true }),
    ],
  },
  {
    // Both clients know `protocol`, but no docs page exists: key and fields are a guess.
    key: 'protocol', app: 'personal_attributes', segments: ['protocol'], name: 'protocol', plural: 'protocols', label: 'Protocol', idKind: 'uuid',
    scope: attribute, fields: [req('name', 100), str('description'), bool('is_public')],
  },
];

export const CATALOG_MODELS: readonly ModelSpec[] = [
  {
    key: 'consumable', app: 'resources', segments: ['consumable'], name: 'consumable', plural: 'consumables', label: 'Consumable', idKind: 'uuid',
    scope: catalog, moderated: true, adminDeletes: true, unique: ['name'],
    fields: [req('name'), str('description'), fk('supplier', 'supplier', { required: true }), req('type'), json('details'), ...identifiers()],
  },
  {
    key: 'hardwaredevice', app: 'resources', segments: ['hardwaredevice'], name: 'hardwaredevice', plural: 'hardwaredevices', label: 'HardwareDevice',
    idKind: 'uuid', scope: catalog, moderated: true, adminDeletes: true, unique: ['name'],
    fields: [req('name'), str('description'), fk('supplier', 'supplier', { required: true }), ...identifiers()],
  },
  {
    key: 'supplier', app: 'resources', segments: ['supplier'], name: 'supplier', plural: 'suppliers', label: 'Supplier', idKind: 'uuid',
    scope: catalog, moderated: true, adminDeletes: true, unique: ['name'],
    fields: [req('name'), str('description'), str('website'), str('comments')],
  },
  {
    key: 'species', app: 'taxonomies', segments: ['species'], name: 'species', plural: 'species', label: 'Species', idKind: 'uuid',
    scope: catalog, moderated: true, adminDeletes: true, unique: ['name'],
    fields: [req('name'), str('description'), ...identifiers()],
  },
  {
    key: 'strain', app: 'taxonomies', segments: ['strain'], name: 'strain', plural: 'strains', label: 'Strain', idKind: 'uuid',
    scope: catalog, moderated: true, adminDeletes: true, unique: ['name'],
    fields: [req('name'), str('description'), fk('species', 'species', { required: true }), ...identifiers()],
  },
  {
    key: 'brainregion', app: 'taxonomies', segments: ['brainregion'], name: 'brain_region', plural: 'brain_regions', label: 'BrainRegion', idKind: 'uuid',
    scope: catalog, adminWrites: true, adminDeletes: true,
    fields: [req('name', 200), str('description'), req('acronym', 15), choice('atlas', ATLASES, { required: true })],
  },
  {
    key: 'setuptype', app: 'taxonomies', segments: ['setuptype'], name: 'setup_type', plural: 'setup_types', label: 'SetupType', idKind: 'uuid',
    scope: catalog, moderated: true, adminDeletes: true,
    fields: [req('name'), str('description'), choice('category', SETUP_CATEGORIES, { required: true })],
  },
  {
    key: 'behavioralcategory', app: 'taxonomies', segments: ['behavioralcategory'], name: 'behavioral_category', plural: 'behavioral_categories',
    label: 'BehavioralCategory', idKind: 'uuid', scope: catalog, moderated: true, adminDeletes: true, unique: ['name'],
    fields: [req('name'), str('description'), fk('parent', 'behavioralcategory')],
  },
  {
    key: 'behavioralparadigm', app: 'taxonomies', segments: ['behavioralparadigm'], name: 'behavioral_paradigm', plural: 'behavioral_paradigms',
    label: 'BehavioralParadigm', idKind: 'uuid', scope: catalog, moderated: true, adminDeletes: true, unique: ['name'],
    fields: [
      req('name'), str('description'), fk('category', 'behavioralcategory'), m2m('species', 'species'), str('original_publication'),
      str('reference_url'), str('rrid', { nullable: true }), json('external_identifiers', 'array'),
    ],
  },
  {
    key: 'regulatoryauthority', app: 'taxonomies', segments: ['regulatoryauthority'], name: 'regulatoryauthority', plural: 'regulatoryauthorities',
    label: 'RegulatoryAuthority', idKind: 'uuid', scope: catalog, moderated: true, adminDeletes: true, unique: ['name'],
    fields: [
      req('name', 255), str('abbreviation'), str('country'), choice('authority_type', ['national', 'institutional', 'regional', 'international'], { nullable: true }),
      str('website'), str('description'), bool('is_active', { defaultValue: true }),
    ],
  },
  {
    key: 'journal', app: 'dissemination', segments: ['journal'], name: 'journal', plural: 'journals', label: 'Journal', idKind: 'uuid',
    scope: catalog, moderated: true, adminDeletes: true,
    fields: [req('name', 500), str('description'), str('website'), str('comments')],
  },
  {
    key: 'publication', app: 'dissemination', segments: ['publication'], name: 'publication', plural: 'publications', label: 'Publication', idKind: 'uuid',
    scope: catalog,
    fields: [
      req('title'), req('authors'), fk('journal', 'journal', { required: true }), req('abstract'), str('doi'), str('publication_url'), str('pdf_url'),
      date('publication_date', { required: true, nullable: false }),
    ],
  },
];

export const USER_MODELS: readonly ModelSpec[] = [
  {
    key: 'user', app: 'users', segments: ['user'], name: 'user', plural: 'users', label: 'User', idKind: 'int', scope: { kind: 'user' },
    noCreate: true, adminDeletes: true,
    fields: [
      str('email', { readOnly: true }), str('first_name'), str('last_name'), computed('groups_own_json'), str('website'), str('google_scholar'),
      str('orcid_id'), str('atlas_preference'), computed('active_projects'),
    ],
  },
  {
    // [ML] sends auth/group/, the docs and [PY] users/group/: both are served.
    key: 'group', app: 'users', segments: ['group'], otherApps: ['auth'], name: 'group', plural: 'groups', label: 'Group', idKind: 'int',
    scope: { kind: 'group' }, unique: ['name'],
    fields: [req('name', 150), { name: 'users', kind: 'members', readOnly: true }],
  },
  {
    key: 'laboratory', app: 'users', segments: ['laboratory'], name: 'laboratory', plural: 'laboratories', label: 'Laboratory', idKind: 'uuid',
    scope: { kind: 'laboratory' },
    fields: [
      fk('group', 'group', { required: true }), m2m('principal_investigators', 'user', { required: true, minItems: 1 }), str('description'),
      str('website'), str('department'), req('institution'), str('city'), str('country'),
    ],
  },
  {
    key: 'groupmembershipinvitation', app: 'users', segments: ['groupmembershipinvitation', 'group_membership_invitation'],
    name: 'group_membership_invitation', plural: 'group_membership_invitations', label: 'GroupMembershipInvitation', idKind: 'uuid',
    scope: { kind: 'private' },
    fields: [fk('user_account_invitation', 'user', { required: true }), fk('authgroup', 'group', { required: true }), bool('new_manager'), bool('new_owner')],
  },
  {
    key: 'groupmembershiprequest', app: 'users', segments: ['groupmembershiprequest', 'group_membership_request'],
    name: 'group_membership_request', plural: 'group_membership_requests', label: 'GroupMembershipRequest', idKind: 'uuid',
    scope: { kind: 'private' },
    fields: [fk('user_account_request', 'user', { readOnly: true }), fk('authgroup', 'group', { required: true })],
  },
];
