import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { seededRandom } from './seeded-random.ts';

export type NotesCsvEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Rows are 1-based data rows (the header is row 0), as in the pre-flight report. */
export interface NotesCsvPlan {
  notes: number;
  /** Aim for about this many bytes in all (note texts are sized to fit); default about 600 bytes a note. */
  targetBytes?: number;
  notesPerPatient?: number;
  encoding?: NotesCsvEncoding;
  /** Header as written, e.g. lower case or another order; default NOTE_ID, PERSON_ID, NOTE_DATETIME, NOTE_TEXT, NOTE_TITLE. */
  header?: string[];
  /** Datetimes as written in rows without a planted problem; default `YYYY-MM-DD HH:MM:SS`. */
  datetimeStyle?: 'canonical' | 'iso-t' | 'us' | 'dotted' | 'date-only';
  lineEnd?: '\r\n' | '\n';
  /** Problems to plant, by row. */
  duplicateNoteIds?: number[]; // the row repeats the previous row's NOTE_ID and PERSON_ID
  emptyTitles?: number[];
  emptyTexts?: number[];
  emptyIds?: number[]; // NOTE_ID left empty
  badDatetimes?: number[]; // not a date
  isoDatetimes?: number[]; // 2024-03-05T10:20:30Z
  hugeTexts?: Array<{ row: number; bytes: number }>;
  extraFieldRows?: number[]; // one field too many
}

export interface NotesCsvWritten {
  bytes: number;
  rows: number;
  patients: number;
  /** The NOTE_ID and PERSON_ID of a row, to compare with the report. */
  ids(row: number): { noteId: string; personId: string };
}

const canonicalHeader = ['NOTE_ID', 'PERSON_ID', 'NOTE_DATETIME', 'NOTE_TEXT', 'NOTE_TITLE'];
const sentences = [
  'Patient seen in clinic for follow-up of hypertension; BP 142/88, HR 76.',
  'Reports intermittent headaches, worse in the morning, relieved by rest.',
  'Café-au-lait spots noted on the left flank, unchanged since last visit.',
  'Temperature 38.4 °C overnight; blood cultures drawn × 2.',
  'Plan: continue lisinopril 10 mg daily, recheck “basic metabolic panel” in 2 weeks.',
  'Pt’s daughter present and agrees with the plan – no questions at this time.',
  'Assessment:\n1. Type 2 diabetes, HbA1c 7.9%.\n2. CKD stage 3a.',
  'He said "I feel much better" and wants to return to work.',
  'Naïve to insulin; education provided by the diabetes nurse (Zoë).',
];
const titles = ['Progress Note', 'Discharge Summary', 'Radiology Report', 'Consult Note', 'Nursing Note'];

const cp1252: Record<string, number> = { '€': 0x80, '‚': 0x82, '„': 0x84, '…': 0x85, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, '™': 0x99 };

function encode(text: string, encoding: NotesCsvEncoding, first: boolean): Buffer {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.from(first ? `\uFEFF${text}` : text, 'utf8');
    case 'utf-16le':
      return Buffer.from(first ? `\uFEFF${text}` : text, 'utf16le');
    case 'utf-16be':
      return Buffer.from(first ? `\uFEFF${text}` : text, 'utf16le').swap16();
    case 'windows-1252':
      return Buffer.from(text.replace(/[€‚„…‘’“”•–—™]/g, (c) => String.fromCharCode(cp1252[c]!)), 'latin1');
  }
}

const quoted = (value: string): string => `"${value.replaceAll('"', '""')}"`;
const two = (n: number): string => String(n).padStart(2, '0');

function datetime(row: number, style: NonNullable<NotesCsvPlan['datetimeStyle']>): string {
  const day = new Date(Date.UTC(2024, 0, 1) + row * 37 * 60_000 * 13);
  const [y, mo, d, h, mi, s] = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), day.getUTCHours(), day.getUTCMinutes(), day.getUTCSeconds()];
  if (style === 'iso-t') return `${y}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}:${two(s)}Z`;
  if (style === 'us') return `${mo}/${d}/${y} ${h % 12 || 12}:${two(mi)} ${h < 12 ? 'AM' : 'PM'}`;
  if (style === 'dotted') return `${two(d)}.${two(mo)}.${y} ${two(h)}:${two(mi)}`;
  if (style === 'date-only') return `${y}-${two(mo)}-${two(d)}`;
  return `${y}-${two(mo)}-${two(d)} ${two(h)}:${two(mi)}:${two(s)}`;
}

/** Writes a synthetic notes CSV (fake, PHI-free clinical text) with the problems the plan plants. */
export async function writeNotesCsv(path: string, plan: NotesCsvPlan): Promise<NotesCsvWritten> {
  // Seeded, so a failing test can be run again on the same file.
  const rand = seededRandom(5);
  const perPatient = plan.notesPerPatient ?? 10;
  const encoding = plan.encoding ?? 'utf-8';
  const lineEnd = plan.lineEnd ?? '\r\n';
  const header = plan.header ?? canonicalHeader;
  const order = header.map((name) => canonicalHeader.indexOf(name.trim().toUpperCase()));
  const sets = {
    duplicate: new Set(plan.duplicateNoteIds),
    emptyTitle: new Set(plan.emptyTitles),
    emptyText: new Set(plan.emptyTexts),
    emptyId: new Set(plan.emptyIds),
    badDate: new Set(plan.badDatetimes),
    isoDate: new Set(plan.isoDatetimes),
    extra: new Set(plan.extraFieldRows),
  };
  const huge = new Map((plan.hugeTexts ?? []).map((h) => [h.row, h.bytes]));
  let pool = '';
  while (pool.length < 256 * 1024) pool += `${sentences[Math.floor(rand() * sentences.length)]}${rand() < 0.2 ? '\n\n' : ' '}`;
  const textBytes = Math.max(40, Math.floor((plan.targetBytes ?? plan.notes * 600) / plan.notes) - 75);

  const ids = (row: number): { noteId: string; personId: string } => {
    const base = sets.duplicate.has(row) ? row - 1 : row;
    return { noteId: sets.emptyId.has(row) ? '' : `N${String(base).padStart(7, '0')}`, personId: `MRN${String(Math.floor((base - 1) / perPatient) + 1).padStart(6, '0')}` };
  };
  const out = createWriteStream(path);
  let bytes = 0;
  let first = true;
  let pending = header.map(quoted).join(',') + lineEnd;
  const flush = async (): Promise<void> => {
    const chunk = encode(pending, encoding, first);
    first = false;
    pending = '';
    bytes += chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  };
  for (let row = 1; row <= plan.notes; row++) {
    const { noteId, personId } = ids(row);
    const want = huge.get(row) ?? textBytes;
    let text = '';
    if (!sets.emptyText.has(row)) {
      while (text.length < want) {
        const from = Math.floor(rand() * (pool.length - 1));
        text += pool.slice(from, from + want - text.length);
      }
    }
    const when = sets.badDate.has(row) ? 'sometime last spring' : sets.isoDate.has(row) ? datetime(row, 'iso-t') : datetime(row, plan.datetimeStyle ?? 'canonical');
    const title = sets.emptyTitle.has(row) ? '' : titles[row % titles.length]!;
    const values = [noteId, personId, when, text, title];
    const fields = order.map((i) => quoted(values[i]!));
    if (sets.extra.has(row)) fields.push('"extra"');
    pending += fields.join(',') + lineEnd;
    if (pending.length >= 1024 * 1024) await flush();
  }
  await flush();
  out.end();
  await once(out, 'close');
  return { bytes, rows: plan.notes, patients: Math.ceil(plan.notes / perPatient), ids };
}
