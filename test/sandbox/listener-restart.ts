// A server restart as a client sees it (the `restart` fault of every sandbox): every open connection
// drops, new connections are refused for a while, then the same port answers again with the same data
// (the sandbox's state lives in memory, like a database behind an app server that was restarted).

import type { Server } from 'node:http';

export const DEFAULT_RESTART_DOWN_MS = 300;

export class RestartableListener {
  readonly #server: Server;
  readonly #destroyAll: () => void;
  #timer: NodeJS.Timeout | undefined;
  #closing: Promise<void> | undefined;

  constructor(server: Server, destroyAll: () => void) {
    this.#server = server;
    this.#destroyAll = destroyAll;
  }

  /** Drops every connection and stops listening; listens again on the same address after `downMs`. */
  restart(downMs = DEFAULT_RESTART_DOWN_MS): void {
    const address = this.#server.address();
    if (this.#closing !== undefined || this.#timer !== undefined || address === null || typeof address === 'string') return;
    this.#server.close();
    this.#destroyAll();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#closing === undefined) this.#server.listen(address.port, address.address);
    }, downMs);
  }

  /** Closes for good (idempotent), also while a restart has the listener down. */
  close(): Promise<void> {
    this.#closing ??= new Promise<void>((resolve, reject) => {
      const down = this.#timer !== undefined;
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#destroyAll();
      if (down || !this.#server.listening) return resolve();
      this.#server.close((error) => (error === undefined ? resolve() : reject(error)));
      this.#destroyAll();
    });
    return this.#closing;
  }
}
