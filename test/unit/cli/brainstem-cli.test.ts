import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../main/shells/cli/cli-args.ts';
import { brainstemCommands } from '../../../main/shells/cli/commands/brainstem.ts';
import { startBrainstemSandbox, type BrainstemSandbox } from '../../sandbox/brainstem/index.ts';
import { call, objectOf, recordOf, recordsOf } from '../../sandbox/brainstem/http-client.ts';
import { runCarrel } from './cli-support.ts';
import { commandAt, runCommand, startBrainstemCli, type CliCoreHandle } from './service-cli-support.ts';

const load = commandAt(brainstemCommands, 'brainstem', 'load');
const save = commandAt(brainstemCommands, 'brainstem', 'save');
const remove = commandAt(brainstemCommands, 'brainstem', 'delete');

let bs: CliCoreHandle<BrainstemSandbox>;
let projectId: string;
beforeAll(async () => {
  bs = await startBrainstemCli(40);
  const projects = recordsOf(await direct('api/private/stem/project/?limit=100'), 'projects');
  projectId = String(projects.find((p) => p.name === 'Hippocampal Replay in Rats')!.id);
});
afterAll(async () => {
  await bs.close();
});

/** What the official tools get for the same request: the sandbox asked directly with the demo token. */
function direct(path: string, method = 'GET', body?: unknown) {
  return call(bs.sandbox.url, path, { method, token: bs.sandbox.token, body });
}

type Rec = Record<string, unknown>;

describe('carrel brainstem load', () => {
  it('sends filters, a descending --sort -name, includes and a limit, and prints JSON lines of what BrainSTEM sent', async () => {
    const run = await runCommand(bs.core, load, ['session', '--filters', 'description.icontains=morning', '--sort', '-name', '--include', 'behaviors', '--limit', '5', '--json']);
    expect(run.error).toBeNull();
    expect(run.code).toBe(0);
    const records = run.lines() as Rec[];
    const truth = recordsOf(await direct('api/private/stem/session/?filter{description.icontains}=morning&sort[]=-name&include[]=behaviors.*&limit=5'), 'sessions');
    expect(truth.length).toBe(5);
    expect(records.map((r) => r.id)).toEqual(truth.map((r) => r.id));
    const names = records.map((r) => String(r.name));
    expect(names).toEqual([...names].sort().reverse());
    for (const record of records) {
      expect(String(record.description)).toMatch(/morning/i);
      // Included relations arrive as whole objects, not ids.
      const behaviors = record.behaviors as Rec[];
      expect(behaviors.length).toBeGreaterThan(0);
      expect(behaviors[0]).toMatchObject({ session: record.id });
    }
    expect(run.stderr).toBe('');
  });

  it('filters the same field twice, excludes with a leading -, and takes comma lists for in', async () => {
    const all = recordsOf(await direct('api/private/stem/session/?limit=100&sort[]=name'), 'sessions');
    const [a, b, c] = all.map((r) => String(r.id));
    const run = await runCommand(bs.core, load, ['session', '--filters', `id.in=${a},${b},${c}`, '--filters', `-id=${b}`, '--sort', 'name', '--json']);
    expect(run.code).toBe(0);
    expect((run.lines() as Rec[]).map((r) => r.id)).toEqual([a, c]);
  });

  it('pages through every record with --all, whatever the page size', async () => {
    const meta = objectOf(await direct('api/private/stem/session/?limit=1')).meta as { total_results: number };
    const run = await runCommand(bs.core, load, ['session', '--all', '--limit', '7', '--json']);
    expect(run.code).toBe(0);
    const ids = (run.lines() as Rec[]).map((r) => r.id);
    expect(ids.length).toBe(meta.total_results);
    expect(new Set(ids).size).toBe(ids.length);
    expect(meta.total_results).toBeGreaterThan(7);
  });

  it('prints a table for people, with how many there are on stderr', async () => {
    const run = await runCommand(bs.core, load, ['project', '--sort', 'name', '--limit', '3']);
    expect(run.code).toBe(0);
    const [header, rule, ...rows] = run.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^id\s+name\b/);
    expect(rule).toMatch(/^-+\s+-+/);
    expect(rows).toHaveLength(3);
    const truth = recordsOf(await direct('api/private/stem/project/?sort[]=name&limit=3'), 'projects');
    rows.forEach((row, i) => expect(row.startsWith(String(truth[i]!.id))).toBe(true));
    expect(run.stderr).toMatch(/^3 of \d+ projects \(--all loads every one/);
  });

  it('loads one record by --id with its includes, as one JSON document', async () => {
    const session = recordsOf(await direct('api/private/stem/session/?limit=1'), 'sessions')[0]!;
    const run = await runCommand(bs.core, load, ['session', '--id', String(session.id), '--include', 'dataacquisition', '--json']);
    expect(run.code).toBe(0);
    const [record] = run.lines() as Rec[];
    expect(run.lines()).toHaveLength(1);
    expect(record).toMatchObject({ id: session.id, name: session.name });
    expect((record!.dataacquisition as Rec[])[0]).toMatchObject({ session: session.id });
  });

  it('reads the public portal without the sign-in with --portal public', async () => {
    const run = await runCommand(bs.core, load, ['project', '--portal', 'public', '--sort', 'name', '--json']);
    expect(run.code).toBe(0);
    const truth = recordsOf(await call(bs.sandbox.url, 'api/public/stem/project/?sort[]=name'), 'projects');
    expect((run.lines() as Rec[]).map((r) => r.name)).toEqual(truth.map((r) => r.name));
    expect(truth.every((p) => p.is_public === true)).toBe(true);
  });

  it('refuses wrong arguments as usage errors before sending anything', async () => {
    const before = JSON.stringify(bs.sandbox.stats());
    for (const words of [
      ['sessionz'],
      ['session', '--filters', 'no-equals-sign'],
      ['session', '--sort', 'na me'],
      ['session', '--id', 'x', '--all'],
      ['session', '--limit', '0'],
      ['session', '--portal', 'super'],
      ['session', '--filters', 'date_time.isnull=maybe'],
    ]) {
      const run = await runCommand(bs.core, load, words);
      expect(run.error, words.join(' ')).toBeInstanceOf(UsageError);
    }
    expect(JSON.stringify(bs.sandbox.stats())).toBe(before);
  });
});

describe('carrel brainstem save and delete', () => {
  it('creates a record without --id and changes it with --id (from a file), as BrainSTEM then has it', async () => {
    const created = await runCommand(bs.core, save, ['session', '--data', JSON.stringify({ name: 'CLI session 1', projects: [projectId], description: 'made from the command line' }), '--json']);
    expect(created.error).toBeNull();
    expect(created.code).toBe(0);
    const result = created.lines()[0] as { record: { id: string; label: string } };
    expect(result.record.label).toBe('CLI session 1');
    const onServer = recordOf(await direct(`api/private/stem/session/${result.record.id}/`), 'session');
    expect(onServer).toMatchObject({ name: 'CLI session 1', description: 'made from the command line', projects: [projectId] });

    const file = join(bs.cwd, 'change.json');
    writeFileSync(file, JSON.stringify({ description: 'rewarded trials only' }));
    const updated = await runCommand(bs.core, save, ['session', '--id', result.record.id, '--data', `@${file}`]);
    expect(updated.error).toBeNull();
    expect(updated.code).toBe(0);
    expect(updated.stdout).toBe(`Saved session "CLI session 1" (${result.record.id}).\n`);
    expect(recordOf(await direct(`api/private/stem/session/${result.record.id}/`), 'session')).toMatchObject({ name: 'CLI session 1', description: 'rewarded trials only' });
  });

  it('lists every field error, one per line, and exits 1 without creating anything', async () => {
    const total = async () => (objectOf(await direct('api/private/stem/session/?limit=1')).meta as { total_results: number }).total_results;
    const before = await total();
    const run = await runCommand(bs.core, save, ['session', '--data', '{"description": "no name, no project", "colour": "red"}']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('  name: This field is required.\n');
    expect(run.stderr).toContain('  projects: This field is required.\n');
    expect(run.stderr).toContain('  colour: A session has no field "colour".\n');
    expect(run.stdout).toBe('');
    expect(await total()).toBe(before);

    const json = await runCommand(bs.core, save, ['session', '--data', '{"description": "x"}', '--json']);
    expect(json.code).toBe(1);
    expect(json.lines()).toEqual([{ error: expect.objectContaining({ code: 'VALIDATION', fields: { name: ['This field is required.'], projects: ['This field is required.'] } }) }]);
  });

  it('refuses --data that is not a JSON object as a usage error', async () => {
    for (const data of ['{name: x}', '[1, 2]', '@/nonexistent/file.json']) {
      const run = await runCommand(bs.core, save, ['session', '--data', data]);
      expect(run.error, data).toBeInstanceOf(UsageError);
    }
    const piped = await runCommand(bs.core, save, ['session', '--data', '@-'], { stdin: '"just a string"' });
    expect(piped.error).toBeInstanceOf(UsageError);
  });

  it('deletes only with --yes when piped, asks on a terminal, and removes the record on the server', async () => {
    const created = await runCommand(bs.core, save, ['session', '--data', JSON.stringify({ name: 'CLI doomed', projects: [projectId] }), '--json']);
    const id = (created.lines()[0] as { record: { id: string } }).record.id;

    const piped = await runCommand(bs.core, remove, ['session', '--id', id]);
    expect(piped.error).toBeInstanceOf(UsageError);
    expect((piped.error as Error).message).toMatch(/--yes/);

    const declined = await runCommand(bs.core, remove, ['session', '--id', id], { stdinIsTTY: true, stdin: 'n\n' });
    expect(declined.code).toBe(1);
    expect(declined.stderr).toMatch(/Delete session .* \[y\/N\] Nothing was deleted\./s);
    expect((await direct(`api/private/stem/session/${id}/`)).status).toBe(200);

    const run = await runCommand(bs.core, remove, ['session', '--id', id, '--yes', '--json']);
    expect(run.code).toBe(0);
    expect(run.lines()).toEqual([{ model: 'session', id, deleted: true }]);
    expect((await direct(`api/private/stem/session/${id}/`)).status).toBe(404);
  });
});

describe('choosing the connection', () => {
  it('uses the only BrainSTEM connection, and asks for --connection when there are several', async () => {
    const second = await bs.call('brainstem.connect', { url: bs.sandbox.url, portal: 'public', name: 'Public BrainSTEM' });
    try {
      const ambiguous = await runCommand(bs.core, load, ['project', '--limit', '1']);
      expect(ambiguous.error).toBeInstanceOf(UsageError);
      expect((ambiguous.error as Error).message).toMatch(/2 BrainSTEM connections.*--connection[\s\S]*Lab BrainSTEM[\s\S]*Public BrainSTEM/);
      const byName = await runCommand(bs.core, load, ['project', '--connection', 'public brainstem', '--json']);
      expect(byName.code).toBe(0);
      expect((byName.lines() as Rec[]).every((p) => p.is_public === true)).toBe(true);
      const byId = await runCommand(bs.core, load, ['project', '--connection', bs.connectionId, '--limit', '1', '--json']);
      expect(byId.code).toBe(0);
    } finally {
      await bs.call('connections.remove', { connectionId: second.id });
    }
  });
});

describe('carrel brainstem as a child process', () => {
  it('signs in from $CARREL_TOKEN for the run, loads with --sort -name and global flags anywhere, reports field errors and usage errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'carrel-cli-bs-'));
    const transcript: string[] = [];
    const carrel = async (args: string[], token = true) => {
      const run = await runCarrel(args, { cwd: dir, env: token ? { CARREL_TOKEN: bs.sandbox.token } : {} });
      transcript.push(args.join(' '), run.stdout, run.stderr);
      return run;
    };
    const userData = ['--user-data', join(dir, 'user-data'), '--session-only'];
    try {
      const added = await carrel(['connections', 'add', '--kind', 'brainstem', '--url', bs.sandbox.url, '--name', 'Lab', ...userData, '--json']);
      expect(added.code, added.stderr).toBe(0);

      // Global flags before and after the command words; the sort field starts with a dash.
      const loaded = await carrel(['--json', '--user-data', join(dir, 'user-data'), 'brainstem', 'load', 'session', '--sort', '-name', '--limit', '3', '--session-only']);
      expect(loaded.code, loaded.stderr).toBe(0);
      const names = loaded.stdout.trim().split('\n').map((line) => String((JSON.parse(line) as Rec).name));
      const truth = recordsOf(await direct('api/private/stem/session/?sort[]=-name&limit=3'), 'sessions').map((r) => r.name);
      expect(names).toEqual(truth);

      // Sign-ins last one run here: without the token, the private portal says to sign in.
      const anonymous = await carrel(['brainstem', 'load', 'session', ...userData], false);
      expect(anonymous.code).toBe(1);
      expect(anonymous.stderr).toMatch(/sign in/i);

      const invalid = await carrel(['brainstem', 'save', 'session', '--data', '{"description": "x"}', ...userData]);
      expect(invalid.code).toBe(1);
      expect(invalid.stderr).toContain('  name: This field is required.');

      const usage = await carrel(['brainstem', 'load', 'sessionz', ...userData, '--json']);
      expect(usage.code).toBe(2);
      expect(JSON.parse(usage.stdout)).toMatchObject({ error: { code: 'USAGE' } });
      expect(usage.stderr).toMatch(/not a BrainSTEM model[\s\S]*Usage: carrel brainstem load MODEL/);

      expect(transcript.join('\n')).not.toContain(bs.sandbox.token);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('carrel connections add --kind brainstem --device', () => {
  it('prints the sign-in page and code on stderr, waits for the approval, and the connection is listed signed in', async () => {
    // Its own sandbox, announcing a 1 s polling interval so the approval is seen quickly.
    const sandbox = await startBrainstemSandbox({ port: 0, sessions: 4, deviceIntervalSeconds: 1 });
    const dir = mkdtempSync(join(tmpdir(), 'carrel-cli-device-'));
    const userData = ['--user-data', join(dir, 'user-data'), '--session-only'];
    try {
      let approved: Promise<{ status: number; userCode: string }> | null = null;
      const added = await runCarrel(['connections', 'add', '--kind', 'brainstem', '--url', sandbox.url, '--device', '--name', 'Lab', '--json', ...userData], {
        cwd: dir,
        env: {},
        started: (child) => {
          let seen = '';
          child.stderr!.on('data', (chunk: Buffer) => {
            seen += chunk.toString();
            const code = /shows the code ([A-Z]{4}-\d{4})/.exec(seen)?.[1];
            // The person at the browser: approves the code the command printed, through the sandbox's admin endpoint.
            if (code && approved === null) {
              approved = fetch(new URL('__sandbox/device/approve', sandbox.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_code: code }) }).then((r) => ({ status: r.status, userCode: code }));
            }
          });
        },
      });
      expect(approved, added.stderr).not.toBeNull();
      const approval = await approved!;
      expect(approval.status).toBe(200);
      expect(added.code, added.stderr).toBe(0);
      // The page to open and the code to check, for a headless machine: on stderr, never on stdout.
      expect(added.stderr).toContain(`Open this page in a browser (on any computer): ${sandbox.url}account/authorize/?session=`);
      expect(added.stderr).toContain(`Check that it shows the code ${approval.userCode}, and approve.`);
      const summary = JSON.parse(added.stdout) as { id: string; kind: string; name: string; brainstem: { signedIn: boolean } };
      expect(summary).toMatchObject({ kind: 'brainstem', name: 'Lab', brainstem: { signedIn: true } });
      expect(sandbox.device.pending()).toEqual([]);

      const listed = await runCarrel(['connections', 'list', '--json', ...userData], { cwd: dir, env: {} });
      expect(listed.code, listed.stderr).toBe(0);
      const connections = JSON.parse(listed.stdout) as Array<{ id: string; kind: string; name: string; url: string }>;
      expect(connections).toEqual([expect.objectContaining({ id: summary.id, kind: 'brainstem', name: 'Lab', url: sandbox.url })]);
    } finally {
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
