// Every operation the fault matrix runs, in the order it reports them.

import { brainstemImport, brainstemSync } from './brainstem-operations.ts';
import { brimNotesUpload, brimResultsFetch } from './brim-operations.ts';
import type { Operation } from './matrix-types.ts';
import { redcapFileField, redcapImport, redcapRepository, redcapSync } from './redcap-operations.ts';

export const matrixOperations: Operation[] = [
  redcapSync, redcapImport, redcapFileField, redcapRepository, brainstemSync, brainstemImport, brimNotesUpload, brimResultsFetch,
];
