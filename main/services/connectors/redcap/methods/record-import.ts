// Record import: rows as JSON, a result shaped by `returnContent`, and REDCap's validation errors
// turned into data (import-errors.ts) instead of one long string.

import { z } from 'zod';
import { AppError } from '../../../../../shared/contract/errors.ts';
import type { RedcapApi, RedcapParams } from '../api.ts';
import { jsonData, zeroOrOne } from '../params.ts';
import { countSchema, textOrNumber, type SignalOption } from './answers.ts';
import { interpretImportError } from './import-errors.ts';

export type ReturnContent = 'count' | 'ids' | 'auto_ids' | 'nothing';

/** A flat row (`record_id`, `redcap_event_name`, fields…) or an EAV row (`record`, `field_name`, `value`…). */
export type ImportRow = Readonly<Record<string, string | number>>;

export interface ImportRecordsOptions<R extends ReturnContent = ReturnContent> extends SignalOption {
  data: ReadonlyArray<ImportRow>;
  type?: 'flat' | 'eav';
  /** `normal` leaves stored values alone where a cell is blank; `overwrite` erases them. */
  overwriteBehavior?: 'normal' | 'overwrite';
  forceAutoNumber?: boolean;
  /** How dates in `data` are written: YMD `2024-03-01`, MDY `3/1/2024`, DMY `1/3/2024`. */
  dateFormat?: 'YMD' | 'MDY' | 'DMY';
  returnContent?: R;
  backgroundProcess?: boolean;
}

/** With auto-numbering, the ID REDCap gave a record and the ID it had in `data`. */
export interface AutoId {
  id: string;
  originalId: string;
}

export type ImportResult<R extends ReturnContent> = R extends 'count'
  ? number
  : R extends 'ids'
    ? string[]
    : R extends 'auto_ids'
      ? AutoId[]
      : null;

/** A background import was queued; REDCap imports the good rows and mails the errors later. */
export interface BackgroundImport {
  queued: true;
}

const countAnswer = z.looseObject({ count: countSchema }).transform((answer) => answer.count);
const idsAnswer = z.array(textOrNumber);
const autoIdsAnswer = z.array(z.string().regex(/^[^,]+,[^,]+$/, 'a "new,old" ID pair')).transform((pairs) =>
  pairs.map((pair): AutoId => {
    const [id = '', originalId = ''] = pair.split(',');
    return { id, originalId };
  }),
);
const flagValue = z.union([z.boolean(), z.literal('true'), z.literal('false'), z.literal(1), z.literal(0)]).transform((value) => value === true || value === 'true' || value === 1);
const backgroundAnswer = z.looseObject({ success: flagValue });

/**
 * Imports records. REDCap checks every row first and saves nothing when any is wrong; that refusal
 * becomes a SERVICE_ERROR whose `details` hold `rowErrors`, `unknownFields`, `invalidEvents`, `messages`.
 */
export function importRecords(api: RedcapApi, options: ImportRecordsOptions & { backgroundProcess: true }): Promise<BackgroundImport>;
export function importRecords<R extends ReturnContent = 'count'>(api: RedcapApi, options: ImportRecordsOptions<R> & { backgroundProcess?: false }): Promise<ImportResult<R>>;
export async function importRecords(api: RedcapApi, options: ImportRecordsOptions): Promise<BackgroundImport | ImportResult<ReturnContent>> {
  const returnContent = options.returnContent ?? 'count';
  const params: RedcapParams = {
    // No `action`: the reference's record import (and what PyCap sends) is content=record with data.
    content: 'record',
    format: 'json',
    type: options.type ?? 'flat',
    overwriteBehavior: options.overwriteBehavior ?? 'normal',
    forceAutoNumber: options.forceAutoNumber ?? false,
    dateFormat: options.dateFormat,
    returnContent,
    backgroundProcess: zeroOrOne(options.backgroundProcess),
    data: jsonData(options.data),
  };
  // Sending the same rows twice under the same record IDs leaves the same values stored (REDCap
  // imports all or nothing), so a retry after a lost answer is harmless. With forceAutoNumber every
  // attempt creates new records, and a background import would be queued twice: those are sent once.
  const idempotent = options.forceAutoNumber !== true && options.backgroundProcess !== true;
  const call = { signal: options.signal, idempotent, interpretError: interpretImportError };
  if (options.backgroundProcess === true) {
    const answer = await api.json(params, backgroundAnswer, 'the background import answer', call);
    if (!answer.success) throw new AppError('SERVICE_ERROR', 'REDCap did not start the background import. Try again, or import without background processing.');
    return { queued: true } as const;
  }
  switch (returnContent) {
    case 'count':
      return api.json(params, countAnswer, 'the import count', call);
    case 'ids':
      return api.json(params, idsAnswer, 'the imported record IDs', call);
    case 'auto_ids':
      return api.json(params, autoIdsAnswer, 'the imported record IDs', call);
    case 'nothing':
      // REDCap's answer carries nothing to read (reference §1.4: clients do not parse it).
      await api.text(params, call);
      return null;
  }
}
