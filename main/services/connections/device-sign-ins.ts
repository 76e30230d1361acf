import { randomBytes } from 'node:crypto';
import type { BrainstemSignInEvent, DeviceSignInStarted } from '../../../shared/contract/brainstem.ts';
import { AppError, isAppError } from '../../../shared/contract/errors.ts';
import { pollDeviceAuthorization, startDeviceAuthorization, type DeviceAuthorization } from '../connectors/brainstem/auth-device.ts';
import { brainstemHost } from '../connectors/brainstem/address.ts';
import type { EventSink } from '../events.ts';
import type { HttpClient } from '../http/http-client.ts';
import type { Logger } from '../log/logger.ts';
import { registerSecret } from '../log/redact.ts';

type EndState = Exclude<BrainstemSignInEvent['state'], 'pending'>;

interface Flow {
  flowId: string;
  connectionId: string;
  controller: AbortController;
  /** Why the flow was stopped from our side, said in its `cancelled` event. */
  stopReason: string | null;
  done: Promise<void>;
}

export interface DeviceSignInDeps {
  http: () => HttpClient;
  emit: EventSink;
  log: Logger;
  /** The connection's server base; throws NOT_FOUND when the connection is gone. */
  serverOf(connectionId: string): string;
  /** Stores the approved token for the connection's server. */
  approved(connectionId: string, token: string): Promise<void>;
  /** Test seams for the poller's clock. */
  now?: () => number;
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** RFC 8628 outcomes, as the client's poller reports them in `details.reason`. */
const endStates: Record<string, EndState> = { access_denied: 'denied', expired_token: 'expired', already_used: 'used' };

/**
 * Browser sign-ins in flight. Each asks the server for a code, opens the approval page, and polls in the
 * background at the server's interval until the user approves or denies, the code expires, or Carrel
 * stops it (cancel, a newer sign-in for the same connection, the connection removed, shutdown). Progress
 * goes out as `brainstem.signIn` events; the device code itself is a secret and never leaves main.
 */
export class DeviceSignIns {
  private readonly deps: DeviceSignInDeps;
  private readonly flows = new Map<string, Flow>();

  constructor(deps: DeviceSignInDeps) {
    this.deps = deps;
  }

  async start(connectionId: string, open: (url: string) => Promise<boolean>): Promise<DeviceSignInStarted> {
    const serverUrl = this.deps.serverOf(connectionId);
    this.cancelFor(connectionId, 'A newer sign-in replaced this one.');
    const authorization = await startDeviceAuthorization(this.deps.http(), serverUrl, { clientName: 'Carrel', ...(this.deps.now ? { now: this.deps.now } : {}) }).catch((error: unknown) => {
      throw noDeviceFlow(error, serverUrl);
    });
    registerSecret(authorization.deviceCode);
    const page = authorization.verificationUriComplete ?? authorization.verificationUri;
    let browserOpened = false;
    if (page !== null) {
      browserOpened = await open(page).catch((error: unknown) => {
        this.deps.log.warn('brainstem: could not open the sign-in page', { error: error instanceof Error ? error.message : String(error) });
        return false;
      });
    }
    const flowId = randomBytes(9).toString('base64url');
    this.launch(flowId, connectionId, serverUrl, authorization, browserOpened);
    return {
      flowId,
      userCode: authorization.userCode ?? '',
      verificationUri: authorization.verificationUri ?? page ?? '',
      verificationUriComplete: authorization.verificationUriComplete,
      expiresAt: new Date(authorization.expiresAt).toISOString(),
      intervalSeconds: authorization.intervalSeconds,
      browserOpened,
    };
  }

  /** The user stopped waiting. False when the flow already ended. */
  cancel(flowId: string): boolean {
    const flow = this.flows.get(flowId);
    if (!flow) return false;
    this.stop(flow, 'The browser sign-in was cancelled. Start it again when you are ready.');
    return true;
  }

  cancelFor(connectionId: string, reason: string): void {
    for (const flow of this.flows.values()) if (flow.connectionId === connectionId) this.stop(flow, reason);
  }

  /** Whether a sign-in is waiting for this connection (for tests and the UI's state). */
  running(connectionId: string): boolean {
    return [...this.flows.values()].some((flow) => flow.connectionId === connectionId);
  }

  async shutdown(): Promise<void> {
    const flows = [...this.flows.values()];
    for (const flow of flows) this.stop(flow, 'Carrel is closing.');
    await Promise.all(flows.map((flow) => flow.done));
  }

  private stop(flow: Flow, reason: string): void {
    flow.stopReason ??= reason;
    flow.controller.abort();
  }

  private launch(flowId: string, connectionId: string, serverUrl: string, authorization: DeviceAuthorization, browserOpened: boolean): void {
    const controller = new AbortController();
    const flow: Flow = { flowId, connectionId, controller, stopReason: null, done: Promise.resolve() };
    this.flows.set(flowId, flow);
    const code = authorization.userCode ? ` (it shows the code ${authorization.userCode})` : '';
    this.emit(flow, 'pending', browserOpened
      ? `Approve Carrel in the browser page that opened${code}, then come back here.`
      : `Open the sign-in page and approve Carrel there${code}, then come back here.`);
    flow.done = this.poll(flow, serverUrl, authorization).finally(() => this.flows.delete(flowId));
  }

  private async poll(flow: Flow, serverUrl: string, authorization: DeviceAuthorization): Promise<void> {
    const host = brainstemHost(serverUrl);
    let token: string;
    try {
      token = await pollDeviceAuthorization(this.deps.http(), serverUrl, authorization, {
        signal: flow.controller.signal,
        ...(this.deps.now ? { now: this.deps.now } : {}),
        ...(this.deps.wait ? { wait: this.deps.wait } : {}),
      });
    } catch (error) {
      this.ended(flow, error, host);
      return;
    }
    registerSecret(token);
    if (flow.controller.signal.aborted) {
      // Approved just as Carrel stopped waiting: the token is not kept (it stays listed on the token page).
      this.emit(flow, 'cancelled', flow.stopReason ?? 'The browser sign-in was cancelled.');
      return;
    }
    try {
      await this.deps.approved(flow.connectionId, token);
    } catch (error) {
      this.deps.log.warn('brainstem: could not keep the approved sign-in', { code: isAppError(error) ? error.code : 'unknown' });
      this.emit(flow, 'failed', isAppError(error) ? error.message : `The sign-in to ${host} was approved, but Carrel could not keep it. Try again.`);
      return;
    }
    this.emit(flow, 'approved', `Signed in to ${host}.`);
  }

  private ended(flow: Flow, error: unknown, host: string): void {
    if (flow.controller.signal.aborted || (isAppError(error) && error.code === 'CANCELLED')) {
      this.emit(flow, 'cancelled', flow.stopReason ?? 'The browser sign-in was cancelled.');
      return;
    }
    const reason = isAppError(error) ? error.details?.reason : undefined;
    const state = typeof reason === 'string' ? endStates[reason] : undefined;
    if (state) {
      this.emit(flow, state, isAppError(error) ? error.message : 'Start the sign-in again.');
      return;
    }
    this.deps.log.warn('brainstem: browser sign-in failed', { code: isAppError(error) ? error.code : 'unknown' });
    const message = isAppError(error) ? error.message : `The browser sign-in to ${host} stopped unexpectedly.`;
    this.emit(flow, 'failed', /again/i.test(message) ? message : `${message} Start the sign-in again, or sign in with a personal access token.`);
  }

  private emit(flow: Flow, state: BrainstemSignInEvent['state'], message: string): void {
    this.deps.emit('brainstem.signIn', { connectionId: flow.connectionId, flowId: flow.flowId, state, message });
  }
}

/** A server without the device flow answers its start address with 404 or 405: say what to use instead. */
function noDeviceFlow(error: unknown, serverUrl: string): unknown {
  const status = isAppError(error) ? error.details?.status : undefined;
  if (status !== 404 && status !== 405) return error;
  return new AppError('AUTH_FAILED', `${brainstemHost(serverUrl)} does not offer browser sign-in. Sign in with a personal access token (create one at ${serverUrl}private/users/tokens/) instead.`, { details: { status, reason: 'device_flow_unavailable' } });
}
