import type { AppErrorShape, ErrorCode, EventName, EventPayload, MethodInput, MethodName, MethodOutput, StagedFile } from '../../shared/contract/index.ts';
import type { Transport } from './transport.ts';

/** A failed call, as the UI sees it: the code decides the presentation, the message is for the user. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(shape: AppErrorShape) {
    super(shape.message);
    this.name = 'ApiError';
    this.code = shape.code;
    this.retryable = shape.retryable;
    this.details = shape.details;
  }
}

/**
 * The typed client. Main has already checked every result against the contract, so the renderer relies
 * on the contract's types here instead of parsing twice.
 */
export class ApiClient {
  readonly transport: Transport;

  constructor(transport: Transport) {
    this.transport = transport;
  }

  async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    const reply = await this.transport.call(method, input);
    if (reply.ok) return reply.result as MethodOutput<M>;
    throw new ApiError(reply.error as AppErrorShape);
  }

  /** Copies a dropped or picked file into main's staging folder; upload calls then name its stageId. */
  async stageFile(file: File): Promise<StagedFile> {
    const reply = await this.transport.stageFile(file);
    if (reply.ok) return reply.result as StagedFile;
    throw new ApiError(reply.error as AppErrorShape);
  }

  on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void {
    return this.transport.subscribe((name, payload) => {
      if (name === event) handler(payload as EventPayload<E>);
    });
  }

  onAny(handler: (name: string) => void): () => void {
    return this.transport.subscribe((name) => handler(name));
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
