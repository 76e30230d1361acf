import { z } from 'zod';

/** Ids that main hands out (connections, jobs, views): short, opaque, URL-safe. */
export const idSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be an id issued by Carrel');

export const emptyInput = z.object({});

export const isoTimeSchema = z.string().max(40);

export const serviceKinds = ['redcap', 'brainstem', 'brim'] as const;
export const serviceKindSchema = z.enum(serviceKinds);
export type ServiceKind = z.infer<typeof serviceKindSchema>;
