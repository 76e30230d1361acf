import type { z } from 'zod';
import type { WireReply } from '../../shared/channels.ts';
import { AppError, isMethodName, methods, type MethodName } from '../../shared/contract/index.ts';
import { toErrorShape } from '../services/jobs/job-runner.ts';
import type { Logger } from '../services/log/logger.ts';
import type { CallContext, Handler, Handlers } from './handler-types.ts';

export type Dispatch = (method: unknown, input: unknown, context: CallContext) => Promise<WireReply>;

function describeIssues(error: z.ZodError): string {
  // Paths and reasons only: the values may be tokens or research data.
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/**
 * The one door into main for every transport: the method must be in the contract, the input is parsed
 * (unknown keys stripped, sizes capped), the handler runs, and its output is parsed again before it
 * leaves. Whatever goes wrong comes back as {code, message, retryable}, redacted; nothing throws across.
 */
export function createDispatcher(handlers: Handlers, log: Logger): Dispatch {
  return async (method, input, context) => {
    if (!isMethodName(method)) {
      return { ok: false, error: new AppError('UNKNOWN_METHOD', 'Carrel does not know this request.').toShape() };
    }
    const spec = methods[method];
    const parsed = spec.input.safeParse(input === undefined || input === null ? {} : input);
    if (!parsed.success) {
      return { ok: false, error: new AppError('VALIDATION', `Invalid request (${method}): ${describeIssues(parsed.error)}`).toShape() };
    }
    try {
      const handler = handlers[method] as Handler<MethodName>;
      const result = await handler(parsed.data as never, context);
      const checked = spec.output.safeParse(result);
      if (!checked.success) {
        log.error('handler result does not match the contract', { method, issues: describeIssues(checked.error) });
        return { ok: false, error: new AppError('INTERNAL', 'Carrel produced an answer it could not check. Please report this.').toShape() };
      }
      return { ok: true, result: checked.data };
    } catch (error) {
      const shape = toErrorShape(error);
      if (shape.code === 'INTERNAL') log.error('handler failed', { method, error: error instanceof Error ? error.stack ?? error.message : String(error) });
      return { ok: false, error: shape };
    }
  };
}
