import { BrimRedcapService } from '../../services/brim-redcap/brim-redcap-service.ts';
import type { Handlers } from '../handler-types.ts';
import type { Services } from '../services.ts';

/** Brim results into a REDCap project through the import plan. */
export function brimRedcapHandlers(s: Services): Pick<Handlers, 'brimRedcap.prepare' | 'brimRedcap.check' | 'brimRedcap.plan'> {
  // Stateless over the two caches, so it lives here rather than among the shared services.
  const service = new BrimRedcapService({ connections: s.connections, cache: s.cache, staging: s.staging, imports: s.imports });
  return {
    'brimRedcap.prepare': async (input) => service.prepare(input),
    'brimRedcap.check': async (input) => service.check(input),
    'brimRedcap.plan': async (input) => service.plan(input),
  };
}
