// The sandbox's server clock. REDCap stamps logs and records in the server's local time, never UTC,
// so the sandbox does too: an IANA time zone (America/Chicago unless told otherwise) and a clock
// that tests can move forward without waiting.

export const DEFAULT_TIMEZONE = 'America/Chicago';

/** `YYYY-MM-DD HH:MM:SS` in the server's time zone: how REDCap stores and compares times. */
export type LocalTime = string;

export class SandboxClock {
  readonly timezone: string;
  #offsetMs: number;
  readonly #format: Intl.DateTimeFormat;

  /** `start` pins the clock's first reading (tests); by default it follows the real time. */
  constructor(timezone = DEFAULT_TIMEZONE, start?: Date) {
    // Throws a RangeError for a zone the runtime does not know, which is what a caller should see.
    this.#format = new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    this.timezone = timezone;
    this.#offsetMs = start === undefined ? 0 : start.getTime() - Date.now();
  }

  now(): Date {
    return new Date(Date.now() + this.#offsetMs);
  }

  /** Moves the clock forward (never backward: REDCap's logs only grow). */
  advance(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError(`advance needs a non-negative number of seconds, got ${seconds}`);
    this.#offsetMs += seconds * 1000;
  }

  /** The current time as the server writes it. */
  local(): LocalTime {
    return this.format(this.now());
  }

  format(instant: Date): LocalTime {
    const parts: Record<string, string> = {};
    for (const part of this.#format.formatToParts(instant)) parts[part.type] = part.value;
    return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
  }
}

/**
 * A user-supplied time (`YYYY-MM-DD`, `YYYY-MM-DD HH:MM` or `YYYY-MM-DD HH:MM:SS`) in the comparable
 * `YYYY-MM-DD HH:MM:SS` form, or undefined when it is not one.
 */
export function parseLocalTime(text: string): LocalTime | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (match === null) return undefined;
  const [, year = '', month = '', day = '', hour = '0', minute = '00', second = '00'] = match;
  const numbers = [Number(month), Number(day), Number(hour), Number(minute), Number(second)] as const;
  if (numbers[0] < 1 || numbers[0] > 12 || numbers[1] < 1 || numbers[1] > 31 || numbers[2] > 23 || numbers[3] > 59 || numbers[4] > 59) return undefined;
  return `${year}-${month}-${day} ${hour.padStart(2, '0')}:${minute}:${second}`;
}
