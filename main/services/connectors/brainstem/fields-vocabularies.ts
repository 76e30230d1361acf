/**
 * BrainSTEM's controlled vocabularies (reference §2.2, from the docs' `schemas/*.md`). The procedure
 * (43) and equipment (58) type lists are abridged in the reference, so those fields stay free text.
 */

export const dataAcquisitionTypes = [
  'Audio', 'BehavioralTracking', 'ComputedTomography', 'ConfocalMicroscopy', 'Electroencephalography', 'Electroneurogram',
  'ExtracellularEphys', 'FiberPhotometry', 'FunctionalMagneticResonanceImaging', 'FunctionalUltrasoundImaging', 'GeneralTimeSeries',
  'IntracellularEphys', 'LightFieldMicroscopy', 'MagneticResonanceImaging', 'Magnetoencephalography', 'Miniscope',
  'OpticalCoherenceTomography', 'PositronEmissionTomography', 'SinglePhotonEmissionComputedTomography', 'SinglePhotonMicroscopy',
  'ThreePhotonMicroscopy', 'TwoPhotonMicroscopy', 'VideoTracking',
] as const;

export const manipulationTypes = [
  'AuditoryStimulation', 'DeepBrainStimulation', 'ElectricalStimulation', 'ElectromagneticFieldStimulation', 'LiquidPerturbation',
  'Microperfusion', 'MultisensoryStimulation', 'OdorStimulation', 'OptogeneticStimulation', 'PharmacologicalInhalation',
  'PharmacologicalInjection', 'PharmacologicalSuperfusion', 'TactileStimulation', 'ThermalPerturbation',
  'TranscranialElectricalStimulation', 'TranscranialMagneticStimulation', 'UltrasoundStimulation', 'VisualStimulation',
] as const;

export const consumableStockTypes = [
  'ChemicalReagent', 'ConsumableDevice', 'ImmunoReagent', 'ImplantMaterial', 'OpticFiber', 'OpticalComponent', 'PharmacologicalAgent',
  'PhysiologicalSolution', 'SiliconProbe', 'SingleWireElectrode', 'SurgicalDisposable', 'TracerDye', 'VirusSolution',
] as const;

export const subjectLogTypes = [
  'FoodConsumption', 'FoodDeprivation', 'GenericObservation', 'Genotyping', 'Habituation', 'Handling', 'HargreavesTest', 'Housing',
  'TrainingSession', 'VonFreyTest', 'WaterConsumption', 'WaterDeprivation', 'Weighing', 'Wellness',
] as const;

/** Subject-log types whose entries span an interval (`start_date_time`/`end_date_time` instead of `date_time`). */
export const intervalLogTypes: ReadonlySet<string> = new Set(['Housing', 'FoodDeprivation', 'WaterDeprivation', 'Habituation', 'Handling', 'TrainingSession']);

export const procedureLogTypes = ['Impedances', 'LinearDisplacement', 'Tetrodes4', 'Tetrodes8'] as const;

export const coordinateSystems = [
  'CCF_XYZ_Absolute', 'External_XYZ_Absolute', 'Stereotaxic_BregmaAbsolute', 'Stereotaxic_BregmaBrainSurface',
  'Stereotaxic_LambdaAbsolute', 'Stereotaxic_LambdaBrainSurface',
] as const;

export const sexes = [['F', 'Female'], ['M', 'Male'], ['U', 'Unknown']] as const;

export const consumableStockStatuses = [['AVAILABLE', 'Available'], ['RESERVED', 'Reserved'], ['DEPLETED', 'Depleted']] as const;

export const licenseTypes = [
  ['animal_research_authorization', 'Animal research authorization'],
  ['human_research_authorization', 'Human research authorization'],
  ['biosafety_gmo_authorization', 'Biosafety / GMO authorization'],
  ['wildlife_fieldwork_permit', 'Wildlife fieldwork permit'],
  ['controlled_substance_license', 'Controlled substance license'],
  ['chemical_use_authorization', 'Chemical use authorization'],
  ['import_export_permit', 'Import/export permit'],
] as const;

export const licenseStatuses = [
  ['draft', 'Draft'], ['pending', 'Pending'], ['active', 'Active'], ['suspended', 'Suspended'], ['expired', 'Expired'], ['revoked', 'Revoked'],
] as const;

export const atlases = ['AIA', 'AIA_dM', 'AIA_HB', 'AIA_dHB', 'AIA_P', 'AIA_S', 'BM4', 'PF2001', 'PW1997', 'S2004'].map((atlas) => [atlas, atlas] as const);

export const setupCategories = [
  ['I', 'In vitro'], ['E', 'Ex vivo'], ['A', 'Anesthetized in vivo'], ['H', 'Head-fixed awake'], ['V', 'Voluntarily stationary awake'],
  ['F', 'Freely moving awake'], ['U', 'Unknown'],
] as const;

export const authorityTypes = [['national', 'National'], ['institutional', 'Institutional'], ['regional', 'Regional'], ['international', 'International']] as const;

/** Where a session's data can be downloaded from (`download_links[].repository`). */
export const downloadRepositories = ['CRCNS', 'DANDI', 'Figshare', 'GitHub', 'Globus', 'Mendeley', 'Zenodo', 'Webshare', 'Other'] as const;
