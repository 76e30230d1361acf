import type { z } from 'zod';
import type { MethodName, MethodParsedInput, Methods } from '../../shared/contract/index.ts';

export interface CallContext {
  readonly shell: 'desktop' | 'web';
}

export type Handler<M extends MethodName> = (input: MethodParsedInput<M>, context: CallContext) => Promise<z.input<Methods[M]['output']>>;

/** One handler per contract method: a method without a handler is a compile error. */
export type Handlers = { [M in MethodName]: Handler<M> };
