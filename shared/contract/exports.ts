import { z } from 'zod';
import { idSchema } from './common.ts';
import { viewSpecSchema } from './datasets.ts';

export const exportStartSchema = z.object({
  view: viewSpecSchema,
  format: z.enum(['csv']),
  /** Header row with field names (what statistics packages want) or with the labels shown in the table. */
  header: z.enum(['names', 'labels']),
  /** UTF-8 byte-order mark, so that Excel opens accented text correctly. */
  bom: z.boolean(),
});
export type ExportRequest = z.infer<typeof exportStartSchema>;

/** jobId is null when the user closed the save dialog without choosing a file. */
export const exportStartResultSchema = z.object({ jobId: idSchema.nullable() });

export const exportDeliverSchema = z.object({
  jobId: idSchema,
  action: z.enum(['reveal', 'open', 'download']),
});
/** For `download` (web shell): a one-time URL the browser fetches the file from. */
export const exportDeliverResultSchema = z.object({ url: z.string().nullable() });
