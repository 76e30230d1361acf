// The shared vocabulary the projects point at: taxonomies, resources, journals and publications
// (all public), and the demo labs' personal attributes (some public, some not). Names of real
// species, strains, atlases and vendors are used as vocabulary; all people and data are made up.

import { modelByKey } from './catalog.ts';
import type { Prng } from './random.ts';
import { BRAINSTEM_USERS, GROUPS } from './seed-people.ts';
import type { Id, Store } from './store.ts';
import { freshRow } from './writes.ts';

export interface CatalogIds {
  species: Record<'mouse' | 'rat' | 'macaque', Id>;
  strains: Record<'c57' | 'longEvans' | 'sprague' | 'thy1' | 'pvCre', Id>;
  suppliers: Record<'charlesRiver' | 'jackson' | 'neuronexus' | 'thorlabs' | 'addgene', Id>;
  regions: Id[];
  setups: Record<'track' | 'twoPhoton' | 'openField' | 'sleepBox', Id>;
  assays: Record<'track' | 'goNoGo' | 'openField' | 'sleep', Id>;
  storages: Record<'labNas' | 'imagingArchive', Id>;
  inventory: Id;
  consumableStock: Id;
  equipment: Id[];
  licenses: Id[];
  publications: Id[];
}

export function insertRow(store: Store, ids: Prng, key: string, values: Record<string, unknown>): Id {
  const model = modelByKey(key);
  const id = model.idKind === 'int' ? store.nextIntId(key) : ids.uuid();
  store.insert(key, freshRow(model, id, values));
  return id;
}

export function seedCatalog(store: Store, ids: Prng): CatalogIds {
  const put = (key: string, values: Record<string, unknown>): Id => insertRow(store, ids, key, { _owner: BRAINSTEM_USERS.admin.id, ...values });
  const ncbi = (taxon: number): unknown[] => [{ type: 'NCBI Taxonomy', identifier: String(taxon) }];
  const species = {
    mouse: put('species', { name: 'Mus musculus', description: 'House mouse', rrid: null, external_identifiers: ncbi(10090) }),
    rat: put('species', { name: 'Rattus norvegicus', description: 'Brown rat', rrid: null, external_identifiers: ncbi(10116) }),
    macaque: put('species', { name: 'Macaca mulatta', description: 'Rhesus macaque', rrid: null, external_identifiers: ncbi(9544) }),
  };
  put('species', { name: 'Callithrix jacchus', description: 'Common marmoset', rrid: null, external_identifiers: ncbi(9483) });
  const suppliers = {
    charlesRiver: put('supplier', { name: 'Charles River Laboratories', website: 'https://www.criver.com' }),
    jackson: put('supplier', { name: 'The Jackson Laboratory', website: 'https://www.jax.org' }),
    neuronexus: put('supplier', { name: 'NeuroNexus', website: 'https://www.neuronexus.com' }),
    thorlabs: put('supplier', { name: 'Thorlabs', website: 'https://www.thorlabs.com' }),
    addgene: put('supplier', { name: 'Addgene', website: 'https://www.addgene.org' }),
  };
  const strains = {
    c57: put('strain', { name: 'C57BL/6J', species: species.mouse, rrid: 'RRID:IMSR_JAX:000664' }),
    longEvans: put('strain', { name: 'Long-Evans', species: species.rat, rrid: 'RRID:RGD_2308852' }),
    sprague: put('strain', { name: 'Sprague Dawley', species: species.rat }),
    thy1: put('strain', { name: 'Thy1-GCaMP6s (GP4.3)', species: species.mouse }),
    pvCre: put('strain', { name: 'PV-Cre', species: species.mouse }),
  };
  const regions = [
    ['Field CA1', 'CA1'], ['Field CA3', 'CA3'], ['Dentate gyrus', 'DG'], ['Primary visual area', 'VISp'], ['Prelimbic area', 'PL'],
    ['Primary auditory area', 'AUDp'], ['Primary motor area', 'MOp'], ['Anterior cingulate area', 'ACA'],
  ].map(([name, acronym]) => put('brainregion', { name, acronym, atlas: 'AIA' }));
  const setupTypes = {
    freely: put('setuptype', { name: 'Freely moving arena', category: 'F' }),
    headFixed: put('setuptype', { name: 'Head-fixed treadmill', category: 'H' }),
    sleep: put('setuptype', { name: 'Home-cage sleep box', category: 'V' }),
  };
  const navigation = put('behavioralcategory', { name: 'Navigation', parent: null });
  const spatial = put('behavioralcategory', { name: 'Spatial navigation', parent: navigation });
  const sensory = put('behavioralcategory', { name: 'Sensory discrimination', parent: null });
  const paradigms = {
    track: put('behavioralparadigm', { name: 'Linear track running', category: spatial, species: [species.rat, species.mouse] }),
    goNoGo: put('behavioralparadigm', { name: 'Visual Go/No-Go', category: sensory, species: [species.mouse] }),
    openField: put('behavioralparadigm', { name: 'Open field exploration', category: spatial, species: [species.mouse, species.rat] }),
    sleep: put('behavioralparadigm', { name: 'Natural sleep', category: navigation, species: [species.mouse, species.rat] }),
  };
  const authority = put('regulatoryauthority', { name: 'National Animal Experiments Board (sandbox)', abbreviation: 'NAEB', country: 'DK', authority_type: 'national', is_active: true });
  put('regulatoryauthority', { name: 'Institutional Animal Care and Use Committee (sandbox)', abbreviation: 'IACUC', country: 'US', authority_type: 'institutional', is_active: true });
  const probe = put('consumable', { name: 'A1x32-Poly3-10mm-50-177', supplier: suppliers.neuronexus, type: 'SiliconProbe', details: { channels: 32 } });
  put('consumable', { name: 'AAV9-hSyn-GCaMP6s', supplier: suppliers.addgene, type: 'VirusSolution' });
  const amplifier = put('hardwaredevice', { name: 'RHD 32-channel headstage', supplier: suppliers.neuronexus });
  put('hardwaredevice', { name: 'Bergamo II multiphoton microscope', supplier: suppliers.thorlabs });
  const journals = [
    put('journal', { name: 'Journal of Sandbox Neuroscience', website: 'https://journal.example.org' }),
    put('journal', { name: 'Open Data in Neurophysiology', website: 'https://odn.example.org' }),
  ];
  const publications = [
    put('publication', {
      title: 'Replay sequences on a linear track outlast the behavioural session', authors: 'Okafor M, Reyes T', journal: journals[0],
      abstract: 'A made-up abstract for the sandbox.', doi: '10.5555/sandbox.0001', publication_date: '2024-05-17',
    }),
    put('publication', {
      title: 'A benchmark of open electrophysiology recordings', authors: 'Haddad S', journal: journals[1],
      abstract: 'Another made-up abstract.', doi: '10.5555/sandbox.0002', publication_date: '2023-11-02',
    }),
  ];
  const okafor = { _owner: BRAINSTEM_USERS.demo.id, _groups: [GROUPS.okafor.id] };
  const imaging = { _owner: BRAINSTEM_USERS.imaging.id, _groups: [GROUPS.imaging.id] };
  const ephys = { _owner: BRAINSTEM_USERS.ephys.id, _groups: [] };
  const licenses = [
    put('license', { ...okafor, name: 'Rodent electrophysiology permit', type: 'animal_research_authorization', status: 'active', country: 'DK', regulatory_authority: authority, license_number: '2024-15-0201-00001', valid_from: '2024-01-01', valid_until: '2028-12-31', is_public: true }),
  ];
  const setups = {
    track: put('setup', { ...okafor, name: 'Linear track room 2.14', location: 'Building 2, room 14', setup_type: setupTypes.freely, is_public: true, specifications: { length_cm: 200 } }),
    twoPhoton: put('setup', { ...imaging, name: 'Two-photon rig B', location: 'Imaging core', setup_type: setupTypes.headFixed, is_public: false }),
    openField: put('setup', { ...ephys, name: 'Open field 80 cm', location: 'Benchmark lab', setup_type: setupTypes.freely, is_public: true }),
    sleepBox: put('setup', { ...okafor, name: 'Sleep box 3', setup_type: setupTypes.sleep, is_public: false }),
  };
  const assays = {
    track: put('behavioralassay', { ...okafor, name: 'Track alternation', setup_type: setupTypes.freely, behavioral_paradigm: paradigms.track, is_public: true }),
    goNoGo: put('behavioralassay', { ...imaging, name: 'Drifting-grating Go/No-Go', setup_type: setupTypes.headFixed, behavioral_paradigm: paradigms.goNoGo, is_public: false }),
    openField: put('behavioralassay', { ...ephys, name: 'Open field 20 min', setup_type: setupTypes.freely, behavioral_paradigm: paradigms.openField, is_public: true }),
    sleep: put('behavioralassay', { ...okafor, name: 'Post-task sleep', setup_type: setupTypes.sleep, behavioral_paradigm: paradigms.sleep, is_public: false }),
  };
  const storages = {
    labNas: put('datastorage', {
      ...okafor, name: 'Okafor lab NAS', location: 'Server room B', is_public: true, data_organization: [{ elements: 'Projects' }, { elements: 'Subjects' }, { elements: 'Sessions' }],
      data_protocols: [{ protocol: 'SMB', path: '//nas.lab.example/data', is_public: false }, { protocol: 'Globus', path: 'okafor#nas', is_public: true }],
    }),
    imagingArchive: put('datastorage', { ...imaging, name: 'Imaging core archive', is_public: false, data_organization: [{ elements: 'Sessions' }], data_protocols: [] }),
  };
  const inventory = put('inventory', { ...okafor, name: 'Surgery cabinet', location: 'Room 2.10', is_public: false });
  const consumableStock = put('consumablestock', { type: 'SiliconProbe', status: 'AVAILABLE', inventory, consumable: probe, acquisition_date: '2024-02-01', storage_location: 'Drawer 3', cost: '950 EUR' });
  const equipment = [
    put('equipment', { name: '32-channel headstage', type: 'Amplifier', setup: setups.track, hardwaredevice: amplifier, coordinates_system: 'External_XYZ_Absolute' }),
    put('equipment', { name: 'Overhead camera', type: 'Camera', setup: setups.track, coordinates_system: 'External_XYZ_Absolute' }),
  ];
  put('protocol', { ...okafor, name: 'Perfusion protocol v3', description: 'Transcardial perfusion, 4% PFA', is_public: false });
  return { species, strains, suppliers, regions, setups, assays, storages, inventory, consumableStock, equipment, licenses, publications };
}
