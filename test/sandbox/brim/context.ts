// What every endpoint handler shares: the task engine (store, clock, ids, delays), the response
// generation, which inferred endpoints exist, and what uploads the server has seen.

import type { ResponseGeneration } from './responses.ts';
import type { TaskEngine } from './tasks.ts';

/** The endpoints marked inferred in the reference, named as the contract names Brim capabilities. */
export const BRIM_CAPABILITIES = ['resourceUpload', 'generate', 'singleNote', 'projectList'] as const;
export type BrimCapability = (typeof BRIM_CAPABILITIES)[number];
/** 'on', or how a server without the endpoint answers: 404 (no such URL) or 405 (method not allowed). */
export type CapabilityMode = 'on' | 404 | 405;

export interface UploadRecord {
  endpoint: string;
  fileName: string | null;
  bytes: number;
  rows: number;
  /** Most bytes of the file held in memory at once while it streamed in. */
  maxHeldBytes: number;
  accepted: boolean;
  message: string | null;
}

export interface BrimContext {
  engine: TaskEngine;
  generation: ResponseGeneration;
  capabilities: Record<BrimCapability, CapabilityMode>;
  uploads: UploadRecord[];
  maxUploadBytes: number;
}
