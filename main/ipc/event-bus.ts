import { events, type EventName, type EventPayload } from '../../shared/contract/index.ts';
import type { Logger } from '../services/log/logger.ts';

export type EventListener = (name: EventName, payload: unknown) => void;

/** Fans events out to every attached transport (windows, WebSockets); payloads are checked first. */
export class EventBus {
  private readonly listeners = new Set<EventListener>();
  private readonly log: Logger;

  constructor(log: Logger) {
    this.log = log;
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit = <E extends EventName>(name: E, payload: EventPayload<E>): void => {
    const checked = events[name].safeParse(payload);
    if (!checked.success) {
      this.log.error('event payload does not match the contract', { name });
      return;
    }
    for (const listener of this.listeners) {
      try {
        listener(name, checked.data);
      } catch (error) {
        this.log.warn('event listener failed', { name, error: String(error) });
      }
    }
  };
}
