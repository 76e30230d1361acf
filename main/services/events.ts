import type { EventName, EventPayload } from '../../shared/contract/index.ts';

/** How services push to the UI; the shell decides the transport (Electron IPC or WebSocket). */
export type EventSink = <E extends EventName>(name: E, payload: EventPayload<E>) => void;
