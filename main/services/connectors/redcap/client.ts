import type { z } from 'zod';
import { AppError } from '../../../../shared/contract/errors.ts';
import type { HttpClient, HttpResponse } from '../../http/http-client.ts';
import { encodeParams, type ParamValue } from './params.ts';
import { checkRedcapResponse, parseRedcapJson, type Phase } from './responses.ts';
import {
  exportFieldNamesSchema,
  flatRecordsSchema,
  instrumentsSchema,
  metadataSchema,
  projectInfoSchema,
  versionSchema,
  type ExportFieldName,
  type FlatRecord,
  type Instrument,
  type MetadataField,
  type RedcapProjectInfo,
} from './schemas.ts';

export interface RedcapClientOptions {
  timeoutMs?: number;
  /** 'connect' while testing a new address: fewer retries, HTML means "wrong address". */
  phase?: Phase;
}

export interface RecordExportOptions {
  records?: ReadonlyArray<string>;
  fields?: ReadonlyArray<string>;
  forms?: ReadonlyArray<string>;
  signal?: AbortSignal;
}

/**
 * REDCap's API: one POST endpoint, `content` selects the method. Every answer is checked for what real
 * servers do under load (HTML pages with status 200, truncated bodies) and parsed against a schema.
 * The token is sent as a form field and appears nowhere else: not in errors, not in logs.
 */
export class RedcapClient {
  readonly url: string;
  private readonly http: HttpClient;
  private readonly token: string;
  private readonly phase: Phase;
  private readonly timeoutMs: number | undefined;

  constructor(http: HttpClient, url: string, token: string, options: RedcapClientOptions = {}) {
    this.http = http;
    this.url = url;
    this.token = token;
    this.phase = options.phase ?? 'data';
    this.timeoutMs = options.timeoutMs;
  }

  async version(signal?: AbortSignal): Promise<string> {
    const response = await this.post({ content: 'version', format: 'json' }, signal);
    const parsed = versionSchema.safeParse(response.text());
    if (!parsed.success) {
      throw new AppError(this.phase === 'connect' ? 'NOT_SERVICE' : 'BAD_RESPONSE', 'The server did not answer with a REDCap version number, so it does not look like a REDCap API. Check the address (it usually ends in /api/).');
    }
    return parsed.data;
  }

  async projectInfo(signal?: AbortSignal): Promise<RedcapProjectInfo> {
    return this.json({ content: 'project', format: 'json' }, projectInfoSchema, 'project information', signal);
  }

  async metadata(signal?: AbortSignal): Promise<MetadataField[]> {
    return this.json({ content: 'metadata', format: 'json' }, metadataSchema, 'the data dictionary', signal);
  }

  async instruments(signal?: AbortSignal): Promise<Instrument[]> {
    return this.json({ content: 'instrument', format: 'json' }, instrumentsSchema, 'the instrument list', signal);
  }

  async exportFieldNames(signal?: AbortSignal): Promise<ExportFieldName[]> {
    return this.json({ content: 'exportFieldNames', format: 'json' }, exportFieldNamesSchema, 'the export field names', signal);
  }

  /** Flat JSON export with raw values (codes): the cache stores raw values and derives labels itself. */
  async exportRecords(options: RecordExportOptions = {}): Promise<FlatRecord[]> {
    return this.json(
      {
        content: 'record',
        action: 'export',
        format: 'json',
        type: 'flat',
        rawOrLabel: 'raw',
        rawOrLabelHeaders: 'raw',
        exportCheckboxLabel: false,
        records: options.records,
        fields: options.fields,
        forms: options.forms,
      },
      flatRecordsSchema,
      'records',
      options.signal,
    );
  }

  private async json<T extends z.ZodType>(params: Record<string, ParamValue>, schema: T, what: string, signal?: AbortSignal): Promise<z.output<T>> {
    let parsed: z.output<T> | undefined;
    // Parsing happens inside the HTTP check so a truncated body is retried like a dropped connection.
    await this.post(params, signal, (response) => {
      parsed = parseRedcapJson(response, schema, what);
    });
    return parsed as z.output<T>;
  }

  private post(params: Record<string, ParamValue>, signal?: AbortSignal, parse?: (response: HttpResponse) => void): Promise<HttpResponse> {
    const body = encodeParams({ token: this.token, returnFormat: 'json', ...params });
    return this.http.request({
      url: this.url,
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
      idempotent: true,
      redirect: 'manual',
      ...(this.phase === 'connect' ? { maxAttempts: 2 } : {}),
      ...(this.timeoutMs !== undefined ? { timeoutMs: this.timeoutMs } : {}),
      ...(signal ? { signal } : {}),
      check: (response) => {
        checkRedcapResponse(response, this.url, this.phase);
        parse?.(response);
      },
    });
  }
}
