/**
 * How much the security suites try. CI runs a seeded sample (a few hundred inputs, the same every
 * run); `CARREL_TEST_LONG=1` (set by `npm run test:long`; `CARREL_LONG=1` works too) tries every generated input. `CARREL_FUZZ_SEED`
 * replays another sample.
 */
export interface FuzzBudget {
  long: boolean;
  seed: number;
  /** Generated inputs tried per contract method besides the fixed ones (Infinity: all). */
  perMethod: number;
}

export function fuzzBudget(): FuzzBudget {
  const long = process.env.CARREL_TEST_LONG === '1' || process.env.CARREL_LONG === '1';
  const seed = Number.parseInt(process.env.CARREL_FUZZ_SEED ?? '', 10);
  return { long, seed: Number.isFinite(seed) ? seed : 9, perMethod: long ? Infinity : 6 };
}

/** Own property names of the built-in prototypes: any addition means an input polluted them. */
export function prototypesSnapshot(): string {
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype]
    .map((proto) => Object.getOwnPropertyNames(proto).sort().join(','))
    .join('|');
}

/** The suite's closing count line, printed outside vitest's per-test capture so CI logs show it. */
export function report(suite: string, line: string): void {
  process.stdout.write(`\n[security] ${suite}: ${line}\n`);
}
