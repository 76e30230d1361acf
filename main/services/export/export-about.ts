import type { ServiceKind } from '../../../shared/contract/common.ts';
import type { SortKey, ValueMode, ViewCondition } from '../../../shared/contract/datasets.ts';
import type { ExportFormat } from '../../../shared/contract/exports.ts';
import type { ExportAbout } from './export-types.ts';

/** What an export was made from and how: the facts a reader of the file needs months later. */
export interface AboutFacts {
  version: string;
  service: ServiceKind;
  /** The connection's address as stored; credentials, query and fragment are dropped before it is written. */
  serverUrl: string;
  project: { title: string; id: string | null };
  dataset: { name: string; title: string };
  scope: 'view' | 'all';
  format: ExportFormat;
  mode: ValueMode;
  header: 'names' | 'labels';
  columns: ReadonlyArray<{ name: string; label: string }>;
  filter: string;
  where: ReadonlyArray<ViewCondition>;
  sort: ReadonlyArray<SortKey>;
  lastSyncedAt: string;
  exportedAt: Date;
  rows: number;
  /** Rows in the whole dataset. */
  datasetRows: number;
}

const serviceNames: Record<ServiceKind, string> = { redcap: 'REDCap', brainstem: 'BrainSTEM', brim: 'Brim' };

/** `2026-12-04T21:31:05+01:00`: the user's wall-clock time, with the offset that makes it unambiguous. */
export function localIsoTime(date: Date): string {
  const pad = (n: number, width = 2): string => String(Math.trunc(Math.abs(n))).padStart(width, '0');
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
}

/** A server address safe to write into a file that may be shared: no user, password, query or fragment. */
export function publicAddress(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return parsed.toString();
  } catch {
    return '(not a valid address)';
  }
}

const operatorWords: Record<string, string> = {
  in: 'is one of', exact: 'is exactly', iexact: 'is (any case)', contains: 'contains (match case)', icontains: 'contains',
  startswith: 'starts with (match case)', istartswith: 'starts with', endswith: 'ends with (match case)', iendswith: 'ends with',
  gt: 'is greater than', gte: 'is at least', lt: 'is less than', lte: 'is at most', range: 'is between',
};

/** A view condition in words: `sex is one of “1”, “2”`, `age is not between “18” and “65”`, `dob is empty`. */
export function conditionInWords(condition: ViewCondition): string {
  const op = condition.op ?? 'in';
  const not = condition.not === true;
  if (op === 'isnull') {
    const empty = (condition.values[0] ?? 'true') !== 'false';
    return `${condition.column} ${empty !== not ? 'is empty' : 'is not empty'}`;
  }
  const verb = operatorWords[op] ?? op;
  const negated = not ? (verb.startsWith('is ') ? `is not ${verb.slice(3)}` : `does not ${verb.replace(/s\b/, '')}`) : verb;
  const quoted = condition.values.map((value) => `“${value}”`);
  return op === 'range' ? `${condition.column} ${negated} ${quoted[0] ?? '…'} and ${quoted[1] ?? '…'}` : `${condition.column} ${negated} ${quoted.join(', ')}`;
}

const formatNames: Record<ExportFormat, string> = {
  csv: 'CSV', tsv: 'TSV (tab-separated)', xlsx: 'Excel workbook (XLSX)', r: 'CSV + R script', stata: 'CSV + Stata do-file', spss: 'CSV + SPSS syntax',
};

function listColumns(columns: ReadonlyArray<{ name: string }>): string {
  const shown = columns.slice(0, 200).map((c) => c.name).join(', ');
  return columns.length > 200 ? `${shown} … and ${columns.length - 200} more` : shown;
}

/** The About sheet's rows, in reading order. Never a token: only what the user sees in the app. */
export function aboutRows(facts: AboutFacts): ExportAbout {
  const count = (n: number): string => n.toLocaleString('en-US');
  const project = facts.project.id ? `${facts.project.title} (project ID ${facts.project.id})` : facts.project.title;
  const scope = facts.scope === 'all'
    ? `Everything: every row and column of the dataset (${count(facts.rows)} rows)`
    : `Current view: the rows, order and columns the table showed (${count(facts.rows)} of ${count(facts.datasetRows)} rows)`;
  const words = facts.filter.trim();
  const sort = facts.sort.length > 0 ? facts.sort.map((key) => `${key.column} ${key.direction === 'asc' ? 'ascending' : 'descending'}`).join(', then ') : 'as stored (record order)';
  return [
    { key: 'Exported by', value: `Carrel ${facts.version}` },
    { key: 'Service', value: serviceNames[facts.service] },
    { key: 'Server', value: publicAddress(facts.serverUrl) },
    { key: 'Project', value: project },
    { key: 'Dataset', value: `${facts.dataset.title} (${facts.dataset.name})` },
    { key: 'Format', value: formatNames[facts.format] },
    { key: 'Scope', value: scope },
    { key: 'Rows', value: count(facts.rows) },
    { key: 'Columns', value: `${count(facts.columns.length)}: ${listColumns(facts.columns)}` },
    { key: 'Filter words', value: facts.scope === 'all' || !words ? 'none' : `“${words}” (every word somewhere in the row, ignoring case and accents)` },
    { key: 'Conditions', value: facts.scope === 'all' || facts.where.length === 0 ? 'none' : facts.where.map(conditionInWords).join('; and ') },
    { key: 'Sort', value: facts.scope === 'all' ? 'as stored (record order)' : sort },
    { key: 'Values', value: facts.mode === 'label' ? 'labels, as shown in the table' : 'raw codes' },
    { key: 'Header', value: facts.header === 'labels' ? 'field labels' : 'field names' },
    { key: 'Last synced at', value: safeLocal(facts.lastSyncedAt) },
    { key: 'Exported at', value: localIsoTime(facts.exportedAt) },
  ];
}

function safeLocal(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : localIsoTime(date);
}
