import type { z } from 'zod';
import { AppError } from '../../../../shared/contract/errors.ts';
import type { HttpClient, HttpResponse } from '../../http/http-client.ts';
import { parseCsvTable, type CsvTable } from './csv-row.ts';
import { encodeParams, type ParamValue } from './params.ts';
import { checkRedcapResponse, formatBytes, parseRedcapJson, type ErrorInterpreter, type Phase } from './responses.ts';

export type RedcapParams = Record<string, ParamValue>;

export interface CallOptions {
  signal?: AbortSignal | undefined;
  /**
   * Safe to send twice. Reads are; writes are not unless the caller knows better (an import with
   * explicit record IDs and no auto-numbering, or a journaled batch).
   */
  idempotent?: boolean;
  timeoutMs?: number;
  /** Reads REDCap's error answers to this call first (record imports: per-row, per-field lists). */
  interpretError?: ErrorInterpreter;
}

export interface RedcapFile {
  bytes: Uint8Array;
  /** From `Content-Type: <mime>; name="<file name>"`; null when REDCap sent none. */
  fileName: string | null;
  contentType: string;
}

/** `application/pdf; name="consent.pdf";charset=UTF-8` → { mime, name }. Quotes optional, single or double. */
export function parseContentTypeName(header: string | null): { mime: string; name: string | null } {
  if (!header) return { mime: 'application/octet-stream', name: null };
  const [mime, ...rest] = header.split(';');
  let name: string | null = null;
  for (const part of rest) {
    const match = /^\s*name\s*=\s*(.*)$/i.exec(part);
    if (match?.[1] !== undefined) name = match[1].trim().replace(/^["']|["']$/g, '');
  }
  return { mime: (mime ?? '').trim() || 'application/octet-stream', name };
}

/**
 * REDCap's API: one POST endpoint where `content` (and `action`) select the method. This is the one
 * place requests are sent: the token is added here, every answer is checked (redirects, HTML pages with
 * status 200, REDCap's error bodies, truncation) and JSON is parsed against a schema. The token appears
 * nowhere else — not in errors, not in logs.
 */
export class RedcapApi {
  readonly url: string;
  private readonly http: HttpClient;
  private readonly token: string;
  private readonly phase: Phase;
  private readonly timeoutMs: number | undefined;

  constructor(http: HttpClient, url: string, token: string, options: { phase?: Phase; timeoutMs?: number } = {}) {
    this.http = http;
    this.url = url;
    this.token = token;
    this.phase = options.phase ?? 'data';
    this.timeoutMs = options.timeoutMs;
  }

  /** A JSON answer, parsed against `schema`; `what` names it in error messages ("the arm list"). */
  async json<T extends z.ZodType>(params: RedcapParams, schema: T, what: string, options: CallOptions = {}): Promise<z.output<T>> {
    let parsed: z.output<T> | undefined;
    // Parsing happens inside the HTTP check so a truncated body is retried like a dropped connection.
    await this.send(params, options, (response) => {
      parsed = parseRedcapJson(response, schema, what);
    });
    return parsed as z.output<T>;
  }

  /**
   * A CSV table (a flat record export): its header and rows of as many cells. A cut-off table is retried
   * like a dropped connection; `what` names it in error messages.
   */
  async csvTable(params: RedcapParams, what: string, options: CallOptions = {}): Promise<CsvTable> {
    let table: CsvTable | null = null;
    await this.send(params, options, (response) => {
      table = parseCsvTable(response.text());
      if (!table) {
        throw new AppError('BAD_RESPONSE', `REDCap's answer (${what}) was cut off after ${formatBytes(response.body.length)}. The connection or the server dropped it; Carrel retries this automatically, and you can try again.`, { retryable: true });
      }
    });
    return table!;
  }

  /** A plain-text answer (version, generateNextRecordName, survey links, counts in CSV). */
  async text(params: RedcapParams, options: CallOptions = {}): Promise<string> {
    return (await this.send(params, options)).text();
  }

  /** A file (record file field, file repository document, PDF) with its name from Content-Type. */
  async file(params: RedcapParams, options: CallOptions = {}): Promise<RedcapFile> {
    const response = await this.send(params, options);
    const { mime, name } = parseContentTypeName(response.headers.get('content-type'));
    return { bytes: response.body, fileName: name, contentType: mime };
  }

  /** A multipart upload: the file goes in the part REDCap reads, `file`. Never retried. */
  async upload(params: RedcapParams, file: { bytes: Uint8Array; fileName: string; contentType?: string }, options: CallOptions = {}): Promise<string> {
    const form = new FormData();
    form.append('token', this.token);
    form.append('returnFormat', 'json');
    for (const [key, value] of encodeParams(params)) form.append(key, value);
    form.append('file', new Blob([file.bytes], { type: file.contentType ?? 'application/octet-stream' }), file.fileName);
    const response = await this.http.request({
      url: this.url,
      method: 'POST',
      headers: { accept: 'application/json' },
      body: form,
      idempotent: false,
      redirect: 'manual',
      ...(options.timeoutMs ?? this.timeoutMs ? { timeoutMs: options.timeoutMs ?? this.timeoutMs } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      check: (r) => checkRedcapResponse(r, this.url, this.phase, options.interpretError),
    });
    return response.text();
  }

  private send(params: RedcapParams, options: CallOptions, parse?: (response: HttpResponse) => void): Promise<HttpResponse> {
    if ('token' in params) throw new AppError('INTERNAL', 'The token is added by RedcapApi, never by callers.');
    const body = encodeParams({ token: this.token, returnFormat: 'json', ...params });
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    return this.http.request({
      url: this.url,
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
      idempotent: options.idempotent ?? true,
      redirect: 'manual',
      ...(this.phase === 'connect' ? { maxAttempts: 2 } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      check: (response) => {
        checkRedcapResponse(response, this.url, this.phase, options.interpretError);
        parse?.(response);
      },
    });
  }
}
