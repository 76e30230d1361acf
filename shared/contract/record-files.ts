/**
 * Many files at once into one file field of many REDCap records (files matched to records by name).
 * The methods are filled in with the feature.
 */
export const recordFileBulkMethods = {} as const;
