import type { BrainstemField } from '../../../../shared/contract/brainstem.ts';
import { bool, choice, date, description, identifiers, isPublic, json, longtext, many, one, req, text } from './fields-build.ts';
import { atlases, authorityTypes, licenseStatuses, licenseTypes, setupCategories } from './fields-vocabularies.ts';

/**
 * Fields of the shared apps (reference §2.2): personal attributes (owned by groups), resources,
 * taxonomies and dissemination (moderated catalogues everyone reads).
 */
export const attributeFields: Readonly<Record<string, readonly BrainstemField[]>> = {
  behavioralassay: [
    req('name', 50), description(), one('setup_type', 'setuptype', { label: 'Setup type', required: true }),
    one('behavioral_paradigm', 'behavioralparadigm', { label: 'Behavioral paradigm', required: true }), many('licenses', 'license'), isPublic(),
  ],
  datastorage: [
    req('name', 100), text('location'), description(), isPublic(),
    json('data_organization', 'array', { label: 'Data organization', help: '[{"elements": "Sessions"}]' }),
    json('data_protocols', 'array', { label: 'Data protocols', help: '[{"protocol": "…", "path": "…", "is_public": true}]' }),
  ],
  inventory: [req('name', 50), text('location'), description(), isPublic()],
  license: [
    req('name', 255), choice('type', licenseTypes, { required: true }), choice('status', licenseStatuses, { help: 'New licenses start as draft.' }),
    description(), text('country', { maxLength: 2, help: 'ISO 3166 alpha-2 code, e.g. DE' }), one('regulatory_authority', 'regulatoryauthority', { label: 'Regulatory authority' }),
    text('license_number', { label: 'License number' }), date('valid_from', { label: 'Valid from' }),
    date('valid_until', { label: 'Valid until', help: 'Not before "valid from".' }), many('license_holders', 'user', { label: 'License holders' }),
    many('behavioralassays', 'behavioralassay', { label: 'Behavioral assays' }), many('subjects', 'subject'), many('procedures', 'procedure'), isPublic(),
  ],
  setup: [
    req('name', 50), text('location'), description(), one('setup_type', 'setuptype', { label: 'Setup type', required: true }),
    json('specifications', 'object'), isPublic(), text('image', { readOnly: true }),
  ],
  // Both official clients know `protocol`, but no docs page describes it: the fields are the likely minimum.
  protocol: [req('name', 100), description(), isPublic()],
};

export const resourceFields: Readonly<Record<string, readonly BrainstemField[]>> = {
  consumable: [
    req('name'), description(), one('supplier', 'supplier', { required: true }), text('type', { required: true }), json('details', 'object'), ...identifiers(),
  ],
  hardwaredevice: [req('name'), description(), one('supplier', 'supplier', { required: true }), ...identifiers()],
  supplier: [req('name'), description(), text('website'), longtext('comments')],
};

export const taxonomyFields: Readonly<Record<string, readonly BrainstemField[]>> = {
  species: [req('name'), description(), ...identifiers()],
  strain: [req('name'), description(), one('species', 'species', { required: true }), ...identifiers()],
  brainregion: [req('name', 200), description(), req('acronym', 15), choice('atlas', atlases, { required: true })],
  setuptype: [req('name'), description(), choice('category', setupCategories, { required: true })],
  behavioralcategory: [req('name'), description(), one('parent', 'behavioralcategory', { help: 'Categories have two levels: a parent has no parent.' })],
  behavioralparadigm: [
    req('name'), description(), one('category', 'behavioralcategory'), many('species', 'species'), text('original_publication', { label: 'Original publication' }),
    text('reference_url', { label: 'Reference URL' }), text('rrid', { label: 'RRID' }), json('external_identifiers', 'array', { label: 'External identifiers' }),
  ],
  regulatoryauthority: [
    req('name', 255), text('abbreviation'), text('country'), choice('authority_type', authorityTypes, { label: 'Authority type' }), text('website'),
    description(), bool('is_active', { label: 'Active' }),
  ],
};

export const disseminationFields: Readonly<Record<string, readonly BrainstemField[]>> = {
  journal: [req('name', 500), description(), text('website'), longtext('comments')],
  publication: [
    req('title'), req('authors'), one('journal', 'journal', { required: true }), longtext('abstract', { required: true }), text('doi', { label: 'DOI' }),
    text('publication_url', { label: 'Publication URL' }), text('pdf_url', { label: 'PDF URL' }), date('publication_date', { label: 'Publication date', required: true }),
  ],
};
