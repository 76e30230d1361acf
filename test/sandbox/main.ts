// `npm run sandbox`: starts the local service sandboxes for the demo and for manual testing.
// Each service takes the next port after the first (--port P → REDCap on P, the next service on
// P+1, …); --info writes where they are and which tokens to use, for scripts and the demo.

import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DEFAULT_RECORDS, DEFAULT_SEED, DEFAULT_TIMEZONE, FaultSpecError, parseFaultSpec, startRedcapSandbox } from './redcap/index.ts';
import type { FaultSpec } from './redcap/index.ts';
import { BRAINSTEM_DEFAULT_SESSIONS, startBrainstemSandbox } from './brainstem/index.ts';
import { BRIM_DEFAULT_NOTES, startBrimSandbox } from './brim/index.ts';

const DEFAULT_PORT = 8710;

const USAGE = `Usage: npm run sandbox -- [options]

Starts local REDCap-, BrainSTEM- and Brim-compatible sandbox servers on 127.0.0.1 until Ctrl+C.

Options:
  --port P                 first port (default ${DEFAULT_PORT}; 0 = random); later services use P+1, P+2, …
  --records N              records in each seeded REDCap project (default ${DEFAULT_RECORDS})
  --longitudinal-records N records in the longitudinal REDCap project (default: --records)
  --seed S                 seed of the generated data (default ${DEFAULT_SEED})
  --brainstem-sessions N   sessions in the BrainSTEM demo user's projects (default ${BRAINSTEM_DEFAULT_SESSIONS})
  --brim-notes N           notes already uploaded and generated in the Brim demo project (default ${BRIM_DEFAULT_NOTES})
  --brim-pace P            how long Brim tasks take: realistic (default: seconds, as in the demo) or fast (tests)
  --timezone TZ            the REDCap server's time zone (default ${DEFAULT_TIMEZONE})
  --fault JSON             a REDCap fault active from the start, e.g. '{"kind":"latency","latencyMs":300,"times":0}'
                           (repeatable; at run time use POST /__sandbox/faults)
  --info FILE              write the services' URLs and tokens to FILE as JSON
  --help                   show this help
`;

interface CliOptions {
  port: number;
  records: number;
  longitudinalRecords: number;
  seed: number;
  brainstemSessions: number;
  brimNotes: number;
  brimPace: 'fast' | 'realistic';
  timezone: string;
  faults: FaultSpec[];
  info: string | undefined;
}

/** A running service as the CLI reports it: one console line, one key in the --info file. */
interface RunningService {
  key: string;
  line: string;
  info: unknown;
  close(): Promise<void>;
}

interface ServiceStarter {
  key: string;
  start(port: number, options: CliOptions): Promise<RunningService>;
}

// Adding Brim means adding one entry here.
const SERVICES: ServiceStarter[] = [
  {
    key: 'redcap',
    async start(port, options) {
      const sandbox = await startRedcapSandbox({
        port, records: options.records, longitudinalRecords: options.longitudinalRecords, seed: options.seed, timezone: options.timezone,
        faults: options.faults,
      });
      const projects = sandbox.projects.map(({ name, token, longitudinal }) => ({ name, token, longitudinal }));
      // Tokens of users with restricted rights are listed apart, so that whoever adds every
      // project of the file (the demo) does not add them as well.
      const restricted = sandbox.restrictedTokens.map(({ name, token, longitudinal, username, rights }) => ({ name, token, longitudinal, username, rights }));
      const tokens = projects.map((p) => `"${p.name}" token ${p.token}`).join('; ');
      return {
        key: 'redcap',
        line: `REDCap    ${sandbox.url}  (${tokens}; ${options.records} + ${options.longitudinalRecords} records; clock ${options.timezone})`,
        info: { url: sandbox.url, projects, restrictedTokens: restricted },
        close: () => sandbox.close(),
      };
    },
  },
  {
    key: 'brainstem',
    async start(port, options) {
      // REDCap's --fault specs are REDCap-shaped; BrainSTEM faults are added at run time (POST /__sandbox/faults).
      const sandbox = await startBrainstemSandbox({ port, seed: options.seed, sessions: options.brainstemSessions });
      return {
        key: 'brainstem',
        line: `BrainSTEM ${sandbox.url}  (demo token ${sandbox.token}; ${options.brainstemSessions} sessions; ${sandbox.publicProjects} public projects)`,
        info: { url: sandbox.url, token: sandbox.token, publicProjects: sandbox.publicProjects },
        close: () => sandbox.close(),
      };
    },
  },
  {
    key: 'brim',
    async start(port, options) {
      // Brim faults are added at run time (POST /__sandbox/faults), like BrainSTEM's.
      const sandbox = await startBrimSandbox({ port, seed: options.seed, notes: options.brimNotes, pace: options.brimPace });
      return {
        key: 'brim',
        line: `Brim      ${sandbox.url}  (project ${sandbox.projectId} "${sandbox.projectName}", project token ${sandbox.token}; organization token ${sandbox.orgToken}; ${options.brimNotes} notes; ${options.brimPace} tasks)`,
        info: { url: sandbox.url, token: sandbox.token, projectId: sandbox.projectId, orgToken: sandbox.orgToken },
        close: () => sandbox.close(),
      };
    },
  },
];

class UsageError extends Error {}

function integerOption(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new UsageError(`--${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function brimPace(raw: string | undefined): 'fast' | 'realistic' {
  if (raw === undefined || raw === 'realistic') return 'realistic';
  if (raw === 'fast') return 'fast';
  throw new UsageError(`--brim-pace must be fast or realistic, got "${raw}"`);
}

function parseOptions(argv: string[]): CliOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        records: { type: 'string' },
        'longitudinal-records': { type: 'string' },
        seed: { type: 'string' },
        'brainstem-sessions': { type: 'string' },
        'brim-notes': { type: 'string' },
        'brim-pace': { type: 'string' },
        timezone: { type: 'string' },
        fault: { type: 'string', multiple: true },
        info: { type: 'string' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  if (values.help === true) return 'help';
  const records = integerOption('records', values.records, DEFAULT_RECORDS, 0, 5_000_000);
  const timezone = values.timezone ?? DEFAULT_TIMEZONE;
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    throw new UsageError(`--timezone must be an IANA time zone such as America/Chicago, got "${timezone}"`);
  }
  const faults = (values.fault ?? []).map((text) => {
    try {
      return parseFaultSpec(JSON.parse(text) as unknown);
    } catch (error) {
      if (error instanceof SyntaxError || error instanceof FaultSpecError) throw new UsageError(`--fault ${text}: ${error.message}`);
      throw error;
    }
  });
  return {
    port: integerOption('port', values.port, DEFAULT_PORT, 0, 65535 - SERVICES.length + 1),
    records,
    longitudinalRecords: integerOption('longitudinal-records', values['longitudinal-records'], records, 0, 5_000_000),
    seed: integerOption('seed', values.seed, DEFAULT_SEED, 0, 2 ** 31 - 1),
    brainstemSessions: integerOption('brainstem-sessions', values['brainstem-sessions'], BRAINSTEM_DEFAULT_SESSIONS, 0, 1_000_000),
    brimNotes: integerOption('brim-notes', values['brim-notes'], BRIM_DEFAULT_NOTES, 0, 1_000_000),
    brimPace: brimPace(values['brim-pace']),
    timezone,
    faults,
    info: values.info,
  };
}

async function main(): Promise<void> {
  let options: CliOptions | 'help';
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`sandbox: ${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const running: RunningService[] = [];
  const closeAll = async (): Promise<void> => {
    await Promise.allSettled(running.map((service) => service.close()));
  };
  try {
    for (const [offset, service] of SERVICES.entries()) {
      running.push(await service.start(options.port === 0 ? 0 : options.port + offset, options));
    }
  } catch (error) {
    await closeAll();
    throw error;
  }
  if (options.info !== undefined) {
    const info = Object.fromEntries(running.map((service) => [service.key, service.info]));
    await writeFile(options.info, `${JSON.stringify(info, null, 2)}\n`);
  }
  for (const service of running) process.stdout.write(`${service.line}\n`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void closeAll().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`sandbox: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
