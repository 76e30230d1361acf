// The server clock behind token and device-code expiry: real time plus whatever a test advanced.

export class SandboxClock {
  #offsetMs = 0;

  now(): number {
    return Date.now() + this.#offsetMs;
  }

  advance(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError('seconds must be a non-negative number');
    this.#offsetMs += seconds * 1000;
  }

  iso(): string {
    return new Date(this.now()).toISOString();
  }
}
