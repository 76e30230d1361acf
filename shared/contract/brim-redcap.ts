/**
 * Brim results into a REDCap project connected in Carrel: map Brim variables to REDCap fields, match
 * Brim patients to records, then the ordinary import plan (validate → diff → journaled import → undo).
 * The methods are filled in with the feature.
 */
export const brimRedcapMethods = {} as const;
