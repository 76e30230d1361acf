// Turning `carrel brainstem …` arguments into a BrainSTEM query or a record body. Wrong input is a
// usage error (exit 2) said before anything is sent.

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { isAppError } from '../../../../shared/contract/errors.ts';
import { brainstemModel, isBrainstemModelName } from '../../../services/connectors/brainstem/catalogue.ts';
import {
  encodeBrainstemQuery,
  filtersFromShorthand,
  type BrainstemFilter,
  type BrainstemQuery,
  type FilterValue,
} from '../../../services/connectors/brainstem/query.ts';
import type { CliRunContext } from '../cli-types.ts';
import { UsageError } from '../cli-args.ts';
import { stringValue } from '../cli-calls.ts';

type OptionValue = CliRunContext['values'][string];

/** Every value of a repeatable option as given (`--filters a=1 --filters b=2`); filter values may hold commas. */
export function optionList(value: OptionValue): string[] {
  if (value === undefined || typeof value === 'boolean') return [];
  return Array.isArray(value) ? value : [value];
}

export function wholeNumber(value: OptionValue, flag: string, min: number): number | undefined {
  const text = stringValue(value);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim()) || Number(text) < min) throw new UsageError(`--${flag} takes a whole number, ${min} or more (got "${text.slice(0, 20)}").`);
  return Number(text);
}

/** The model's URL segment; other clients' spellings (`project_membership_invitation`) are accepted too. */
export function modelArgument(name: string | undefined): string {
  if (name === undefined || !isBrainstemModelName(name)) {
    throw new UsageError(`"${(name ?? '').slice(0, 60)}" is not a BrainSTEM model. Try session, subject, project, behavior, dataacquisition, procedure, collection or cohort.`);
  }
  return brainstemModel(name).name;
}

/** Operators whose value is a list, given comma-separated: `projects.id.in=a,b`, `date_time.range=2024-01-01,2024-12-31`. */
const listOperators = new Set(['in', 'any', 'all', 'range']);

/**
 * `--filters name.icontains=rat projects.id=…` as the Python tool's CLI takes them; a leading `-` on the
 * key excludes (`-name=x`). Each key=value becomes one filter, so the same field may be filtered twice.
 */
export function parseFilters(items: readonly string[]): BrainstemFilter[] {
  return items.map((item) => {
    const equals = item.indexOf('=');
    if (equals <= 0) throw new UsageError(`A filter is FIELD=VALUE or FIELD.OPERATOR=VALUE, e.g. name.icontains=rat (got "${item.slice(0, 60)}").`);
    const key = item.slice(0, equals).trim();
    const text = item.slice(equals + 1);
    const operator = key.slice(key.lastIndexOf('.') + 1);
    let value: FilterValue = text;
    if (listOperators.has(operator)) value = text.split(',').map((part) => part.trim());
    else if (operator === 'isnull') {
      if (text !== 'true' && text !== 'false') throw new UsageError(`${key} takes true or false (got "${text.slice(0, 20)}").`);
      value = text === 'true';
    }
    const [filter] = filtersFromShorthand({ [key]: value });
    return filter!;
  });
}

/** Checks the query the way the client will encode it, so a bad field path is a usage error, not a failed request. */
export function checkQuery(query: BrainstemQuery): void {
  try {
    encodeBrainstemQuery(query);
  } catch (error) {
    if (isAppError(error) && error.code === 'VALIDATION') throw new UsageError(error.message);
    throw error;
  }
}

async function readStream(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** `--data '{"name": …}'`, `--data @record.json`, or `--data @-` for standard input: one JSON object of fields. */
export async function readRecordData(value: OptionValue, stdin: Readable): Promise<Record<string, unknown>> {
  const text = stringValue(value);
  if (text === undefined) throw new UsageError('Give the fields with --data \'{"name": "…"}\', --data @file.json, or --data @- to read standard input.');
  let source = text;
  if (text.startsWith('@')) {
    const path = text.slice(1);
    if (path === '-') source = await readStream(stdin);
    else {
      try {
        source = await readFile(resolve(path), 'utf8');
      } catch (error) {
        throw new UsageError(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`);
      }
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(source.replace(/^\uFEFF/, ''));
  } catch (error) {
    // The parser's own words say where; the text itself may be research data and is not repeated.
    throw new UsageError(`--data is not valid JSON: ${(error as Error).message.replace(/"[^"]*"/g, '…').slice(0, 160)}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new UsageError('--data must be one JSON object of fields, like {"name": "Session 1"}.');
  return parsed as Record<string, unknown>;
}
