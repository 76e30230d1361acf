import type { ConnectionSummary } from '../../../shared/contract/connections.ts';
import type { brimCapabilityNames } from '../../../shared/contract/brim.ts';

export type CapabilityName = (typeof brimCapabilityNames)[number];

export interface Capability {
  /** Off only after the server answered 404/405: until first tried, a feature is offered. */
  available: boolean;
  note: string | null;
}

/** Whether the server has an inferred (undocumented) endpoint, as far as Carrel has found out. */
export function capability(connection: ConnectionSummary | null, name: CapabilityName): Capability {
  const entry = connection?.brim?.capabilities[name];
  return { available: entry?.state !== 'no', note: entry?.note ?? null };
}
