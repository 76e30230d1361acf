import { AppError } from '../../../../shared/contract/errors.ts';
import type { HttpClient } from '../../http/http-client.ts';
import { RedcapApi } from './api.ts';
import { firstCsvColumn, type CsvTable } from './csv-row.ts';
import type { Phase } from './responses.ts';
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
  /** Only records created or changed since then (server-local `YYYY-MM-DD HH:MM:SS`). */
  dateRangeBegin?: string;
  signal?: AbortSignal;
}

/** The calls a sync needs; every other REDCap method lives in an area module over the same RedcapApi. */
export class RedcapClient {
  readonly api: RedcapApi;
  private readonly phase: Phase;

  constructor(http: HttpClient, url: string, token: string, options: RedcapClientOptions = {}) {
    this.phase = options.phase ?? 'data';
    this.api = new RedcapApi(http, url, token, { phase: this.phase, ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}) });
  }

  get url(): string {
    return this.api.url;
  }

  async version(signal?: AbortSignal): Promise<string> {
    const parsed = versionSchema.safeParse(await this.api.text({ content: 'version', format: 'json' }, { signal }));
    if (!parsed.success) {
      throw new AppError(this.phase === 'connect' ? 'NOT_SERVICE' : 'BAD_RESPONSE', 'The server did not answer with a REDCap version number, so it does not look like a REDCap API. Check the address (it usually ends in /api/).');
    }
    return parsed.data;
  }

  projectInfo(signal?: AbortSignal): Promise<RedcapProjectInfo> {
    return this.api.json({ content: 'project', format: 'json' }, projectInfoSchema, 'project information', { signal });
  }

  metadata(signal?: AbortSignal): Promise<MetadataField[]> {
    return this.api.json({ content: 'metadata', format: 'json' }, metadataSchema, 'the data dictionary', { signal });
  }

  instruments(signal?: AbortSignal): Promise<Instrument[]> {
    return this.api.json({ content: 'instrument', format: 'json' }, instrumentsSchema, 'the instrument list', { signal });
  }

  exportFieldNames(signal?: AbortSignal): Promise<ExportFieldName[]> {
    return this.api.json({ content: 'exportFieldNames', format: 'json' }, exportFieldNamesSchema, 'the export field names', { signal });
  }

  /**
   * Every record ID, in REDCap's order, once each. Asked for as CSV with only the ID field: a
   * longitudinal project answers one row per event and instance, and 300,000 short CSV lines cost a
   * fraction of the memory of 300,000 parsed JSON objects.
   */
  async recordIds(idField: string, options: { dateRangeBegin?: string; signal?: AbortSignal } = {}): Promise<string[]> {
    const csv = await this.api.text(
      { content: 'record', action: 'export', format: 'csv', type: 'flat', rawOrLabel: 'raw', rawOrLabelHeaders: 'raw', fields: [idField], dateRangeBegin: options.dateRangeBegin },
      { signal: options.signal },
    );
    const column = firstCsvColumn(csv);
    if (column === null || column[0] !== idField) {
      throw new AppError('BAD_RESPONSE', `REDCap answered the record ID list with something that is not a CSV table starting with ${idField}. Sync again; if it happens again, tell your REDCap administrators.`);
    }
    return [...new Set(column.slice(1))].filter((id) => id !== '');
  }

  /**
   * Flat CSV export with raw values (codes), as a table: what a sync reads. A quarter of the JSON's size
   * (no field name beside every value) and no object per record to build and take apart.
   */
  exportRecordTable(options: { records: string[]; signal?: AbortSignal }): Promise<CsvTable> {
    return this.api.csvTable(
      { content: 'record', action: 'export', format: 'csv', type: 'flat', rawOrLabel: 'raw', rawOrLabelHeaders: 'raw', exportCheckboxLabel: false, records: options.records },
      'records',
      { signal: options.signal },
    );
  }

  /** Flat JSON export with raw values (codes): the cache stores raw values and derives labels itself. */
  exportRecords(options: RecordExportOptions = {}): Promise<FlatRecord[]> {
    return this.api.json(
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
        dateRangeBegin: options.dateRangeBegin,
      },
      flatRecordsSchema,
      'records',
      { signal: options.signal },
    );
  }
}

