// The fault vocabulary the matrix relies on, checked on all three sandboxes: every fault kind is accepted
// by each, and a `restart` drops the request, refuses connections for a while, then answers on the same
// port with the same data, and a close during the downtime leaves nothing listening.

import { afterEach, describe, expect, it } from 'vitest';
import { startBrainstemSandbox } from '../sandbox/brainstem/index.ts';
import { startBrimSandbox } from '../sandbox/brim/index.ts';
import { startRedcapSandbox } from '../sandbox/redcap/index.ts';
import { FAULT_NAMES, faultSpec, type FaultSwitch } from './fault-vocabulary.ts';

interface Target {
  faults: FaultSwitch;
  close(): Promise<void>;
  /** One API request as a client sends it: the HTTP status, or the network error's code. */
  ask(): Promise<number | string>;
}

async function outcome(request: Promise<Response>): Promise<number | string> {
  try {
    const response = await request;
    await response.arrayBuffer();
    return response.status;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code ?? 'network error';
  }
}

const targets: Record<string, () => Promise<Target>> = {
  redcap: async () => {
    const sandbox = await startRedcapSandbox({ records: 5, longitudinalRecords: 1 });
    const body = (): URLSearchParams => new URLSearchParams({ token: sandbox.projects[0]!.token, content: 'version' });
    return { faults: sandbox.faults, close: () => sandbox.close(), ask: () => outcome(fetch(sandbox.url, { method: 'POST', body: body() })) };
  },
  brainstem: async () => {
    const sandbox = await startBrainstemSandbox({ port: 0, sessions: 2 });
    return { faults: sandbox.faults, close: () => sandbox.close(), ask: () => outcome(fetch(`${sandbox.url}api/private/stem/session/`, { headers: { authorization: `Bearer ${sandbox.token}` } })) };
  },
  brim: async () => {
    const sandbox = await startBrimSandbox({ port: 0, notes: 3 });
    return { faults: sandbox.faults, close: () => sandbox.close(), ask: () => outcome(fetch(`${sandbox.url}/api/v1/projects/`, { headers: { authorization: `Bearer ${sandbox.token}` } })) };
  },
};

const open: Target[] = [];
afterEach(async () => {
  for (const target of open.splice(0)) await target.close();
});

describe.each(Object.keys(targets))('the %s sandbox', (name) => {
  const start = async (): Promise<Target> => {
    const target = await targets[name]!();
    open.push(target);
    return target;
  };

  it('accepts every fault of the shared vocabulary', async () => {
    const target = await start();
    for (const fault of FAULT_NAMES) expect(() => target.faults.add(faultSpec(fault, 3))).not.toThrow();
    expect(target.faults.clear()).toBe(FAULT_NAMES.length);
  });

  it('restarts: the request is dropped, the port refuses connections, then answers again', async () => {
    const target = await start();
    const healthy = await target.ask();
    expect(healthy).toBe(200);
    target.faults.add({ kind: 'restart', downMs: 600, times: 1 });
    expect(typeof (await target.ask())).toBe('string');
    expect(await target.ask()).toBe('ECONNREFUSED');
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(await target.ask()).toBe(healthy);
  });

  it('closes for good when closed during a restart', async () => {
    const target = await start();
    target.faults.add({ kind: 'restart', downMs: 300, times: 1 });
    await target.ask();
    await target.close();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await target.ask()).toBe('ECONNREFUSED');
  });
});
