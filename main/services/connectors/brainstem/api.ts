import type { z } from 'zod';
import { AppError } from '../../../../shared/contract/errors.ts';
import type { HttpClient, HttpResponse } from '../../http/http-client.ts';
import type { BrainstemModel, BrainstemPortal } from './catalogue.ts';
import { checkBrainstemResponse, parseBrainstemJson, type RequestContext } from './responses.ts';

/** A fixed token (personal access token), or something that hands out a current one (refreshed access tokens). */
export interface BrainstemTokenProvider {
  token(signal?: AbortSignal): Promise<string>;
}
export type BrainstemToken = string | BrainstemTokenProvider;

export interface BrainstemApiOptions {
  /** The server base from `normalizeBrainstemUrl`, ending in `/`. */
  baseUrl: string;
  portal?: BrainstemPortal;
  /** Absent for anonymous reads of the public portal. */
  token?: BrainstemToken | null;
  timeoutMs?: number;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ModelRequest {
  method: HttpMethod;
  model: BrainstemModel;
  id?: string | number;
  action?: string;
  query?: URLSearchParams;
  body?: unknown;
  signal?: AbortSignal | undefined;
  /** Safe to send twice; defaults to true for GET, PUT and DELETE. Actions that change state on GET say false. */
  idempotent?: boolean;
}

export interface EndpointRequest {
  method: 'GET' | 'POST';
  /** Under the base: `api/auth/device/`. */
  path: string;
  body?: unknown;
  signal?: AbortSignal | undefined;
  idempotent?: boolean;
  /** Sends the token; sign-in endpoints do not. */
  authenticated?: boolean;
  label: string;
  timeoutMs?: number;
  /** Statuses whose JSON body the caller reads itself (RFC 8628 pollers answer 400 while pending). */
  passStatuses?: ReadonlyArray<number>;
}

const idPattern = /^[A-Za-z0-9_.:~-]+$/;

function idSegment(model: BrainstemModel, id: string | number): string {
  const text = String(id).trim();
  if (model.idKind === 'integer' ? !/^\d+$/.test(text) : !idPattern.test(text) || text === '.' || text === '..') {
    throw new AppError('VALIDATION', `That is not a valid ${model.label} id (${model.idKind === 'integer' ? 'a whole number' : 'a UUID'} is expected).`);
  }
  return encodeURIComponent(text);
}

/**
 * BrainSTEM's REST API for one server, portal and token. This is the one place requests are sent: the
 * token is added here (as `Authorization: Bearer`, never in a URL), every answer is checked (redirects are
 * reported, never followed, so a PATCH body cannot be dropped on the way; web pages with status 200; DRF
 * error bodies) and JSON is parsed against a schema. The token appears nowhere else.
 */
export class BrainstemApi {
  readonly baseUrl: string;
  readonly portal: BrainstemPortal;
  private readonly http: HttpClient;
  private readonly tokenSource: BrainstemToken | null;
  private readonly timeoutMs: number | undefined;

  constructor(http: HttpClient, options: BrainstemApiOptions) {
    if (!options.baseUrl.endsWith('/')) throw new AppError('INTERNAL', 'The BrainSTEM base URL must be normalised (end in "/").');
    this.http = http;
    this.baseUrl = options.baseUrl;
    this.portal = options.portal ?? 'private';
    this.tokenSource = options.token ?? null;
    this.timeoutMs = options.timeoutMs;
  }

  get hasToken(): boolean {
    return this.tokenSource !== null;
  }

  /** The same server and token in another portal. */
  withPortal(portal: BrainstemPortal): BrainstemApi {
    return new BrainstemApi(this.http, { baseUrl: this.baseUrl, portal, token: this.tokenSource, ...(this.timeoutMs !== undefined ? { timeoutMs: this.timeoutMs } : {}) });
  }

  /** `{base}api/{portal}/{app}/{model}/[{id}/[{action}/]]?query`, always with the trailing slash. */
  modelUrl(model: BrainstemModel, id?: string | number, action?: string, query?: URLSearchParams): string {
    let path = `${this.baseUrl}api/${this.portal}/${model.app}/${model.name}/`;
    if (id !== undefined) path += `${idSegment(model, id)}/`;
    if (action !== undefined) {
      if (id === undefined) throw new AppError('INTERNAL', 'A BrainSTEM action needs a record id.');
      path += `${encodeURIComponent(action)}/`;
    }
    const search = query?.toString() ?? '';
    return search ? `${path}?${search}` : path;
  }

  /** A model request answered with JSON, parsed against `schema`. */
  async json<T extends z.ZodType>(request: ModelRequest, schema: T, what: string): Promise<z.output<T>> {
    let parsed: z.output<T> | undefined;
    await this.sendModel(request, (response) => {
      parsed = parseBrainstemJson(response, schema, what);
    });
    return parsed as z.output<T>;
  }

  /** A model request whose answer may be empty (DELETE's 204, some actions): the parsed body or null. */
  async maybeJson<T extends z.ZodType>(request: ModelRequest, schema: T, what: string): Promise<z.output<T> | null> {
    let parsed: z.output<T> | null = null;
    await this.sendModel(request, (response) => {
      parsed = response.body.length === 0 || response.text().trim() === '' ? null : parseBrainstemJson(response, schema, what);
    });
    return parsed;
  }

  /** A call outside the model tree (sign-in endpoints): status and parsed JSON. */
  async endpoint<T extends z.ZodType>(request: EndpointRequest, schema: T, what: string): Promise<{ status: number; body: z.output<T> }> {
    const context: RequestContext = { baseUrl: this.baseUrl, method: request.method, kind: 'auth', label: request.label, portal: null, anonymous: !request.authenticated };
    const headers: Record<string, string> = { accept: 'application/json' };
    if (request.authenticated) headers.authorization = await this.authorization(request.signal);
    let parsed: z.output<T> | undefined;
    const response = await this.send({
      url: `${this.baseUrl}${request.path}`,
      method: request.method,
      headers,
      body: request.body,
      signal: request.signal,
      idempotent: request.idempotent ?? request.method === 'GET',
      timeoutMs: request.timeoutMs,
      check: (r) => {
        if (!request.passStatuses?.includes(r.status)) checkBrainstemResponse(r, context);
        parsed = parseBrainstemJson(r, schema, what);
      },
    });
    return { status: response.status, body: parsed as z.output<T> };
  }

  private async sendModel(request: ModelRequest, parse: (response: HttpResponse) => void): Promise<void> {
    const write = request.method !== 'GET';
    if (write && this.portal !== 'private') {
      throw new AppError('VALIDATION', `Changes to BrainSTEM go through the private portal, not the ${this.portal} one.`);
    }
    const context: RequestContext = {
      baseUrl: this.baseUrl,
      method: request.method,
      kind: request.id === undefined ? 'list' : 'record',
      label: request.model.label,
      portal: this.portal,
      anonymous: this.tokenSource === null,
    };
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.tokenSource !== null) headers.authorization = await this.authorization(request.signal);
    else if (this.portal !== 'public') {
      throw new AppError('NO_TOKEN', `Sign in to BrainSTEM first: the ${this.portal} portal needs a token (only the public portal can be read without one).`, { details: { signIn: true } });
    }
    await this.send({
      url: this.modelUrl(request.model, request.id, request.action, request.query),
      method: request.method,
      headers,
      body: request.body,
      signal: request.signal,
      idempotent: request.idempotent ?? (request.method === 'GET' || request.method === 'PUT' || request.method === 'DELETE'),
      timeoutMs: undefined,
      check: (response) => {
        checkBrainstemResponse(response, context);
        parse(response);
      },
    });
  }

  private async authorization(signal: AbortSignal | undefined): Promise<string> {
    const source = this.tokenSource;
    if (source === null) throw new AppError('NO_TOKEN', 'Sign in to BrainSTEM first.', { details: { signIn: true } });
    const token = typeof source === 'string' ? source : await source.token(signal);
    if (!token || /[\s]/.test(token)) throw new AppError('AUTH_FAILED', 'The stored BrainSTEM token is empty or damaged. Sign in again.', { details: { reason: 'token_rejected', signIn: true } });
    return `Bearer ${token}`;
  }

  private send(request: {
    url: string;
    method: HttpMethod;
    headers: Record<string, string>;
    body: unknown;
    signal: AbortSignal | undefined;
    idempotent: boolean;
    timeoutMs: number | undefined;
    check: (response: HttpResponse) => void;
  }): Promise<HttpResponse> {
    const timeoutMs = request.timeoutMs ?? this.timeoutMs;
    const headers = { ...request.headers };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    return this.http.request({
      url: request.url,
      method: request.method,
      headers,
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      idempotent: request.idempotent,
      // Never follow: a followed 301 turns a PATCH into a GET and drops its body (reference §1.2).
      redirect: 'manual',
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
      check: request.check,
    });
  }
}
