// `carrel brainstem load MODEL …`: records straight from the server, as the official tools load them,
// through the same client (and stored sign-in per server) as the desktop app.

import { brainstemPortalSchema } from '../../../../shared/contract/connections.ts';
import { brainstemModel } from '../../../services/connectors/brainstem/catalogue.ts';
import type { BrainstemRecord } from '../../../services/connectors/brainstem/envelopes.ts';
import type { LoadAllIssue } from '../../../services/connectors/brainstem/load-all.ts';
import type { BrainstemQuery } from '../../../services/connectors/brainstem/query.ts';
import { modelPluralNoun } from '../../../services/brainstem/naming.ts';
import { exitCodes, type CliRunContext, type ExitCode } from '../cli-types.ts';
import { UsageError } from '../cli-args.ts';
import { listValues, plural, stringValue } from '../cli-calls.ts';
import { checkQuery, modelArgument, optionList, parseFilters, wholeNumber } from './brainstem-args.ts';
import { pickConnection } from './brainstem-connection.ts';
import { recordsTable, recordText } from './brainstem-table.ts';

function issueText(issue: LoadAllIssue): string {
  switch (issue.kind) {
    case 'total_mismatch':
      return `BrainSTEM said ${issue.serverTotal} records match but sent ${issue.received}; records may have changed while loading. Run the command again.`;
    case 'duplicates':
      return `BrainSTEM sent ${issue.count} records twice (kept once); records may have changed while loading.`;
    case 'repeated_page':
      return `BrainSTEM sent the same page again at offset ${issue.offset}; loading stopped there.`;
    case 'page_limit':
      return `Loading stopped after ${issue.pages} pages.`;
  }
}

function portalOption(value: CliRunContext['values'][string]): 'private' | 'public' | undefined {
  const text = stringValue(value);
  if (text === undefined) return undefined;
  const parsed = brainstemPortalSchema.safeParse(text);
  if (!parsed.success) throw new UsageError(`--portal is private or public (got "${text.slice(0, 20)}").`);
  return parsed.data;
}

export async function runLoad(context: CliRunContext): Promise<ExitCode> {
  const { values, out } = context;
  const model = modelArgument(context.positionals[0]);
  const id = stringValue(values.id);
  const all = values.all === true;
  const include = listValues(values.include);
  const query: BrainstemQuery = {
    filters: parseFilters(optionList(values.filters)),
    sort: listValues(values.sort),
    include,
  };
  const limit = wholeNumber(values.limit, 'limit', 1);
  const offset = wholeNumber(values.offset, 'offset', 0);
  if (limit !== undefined) query.limit = limit;
  if (offset !== undefined) query.offset = offset;
  if (id !== undefined && (all || (query.filters as unknown[]).length > 0 || query.sort!.length > 0 || limit !== undefined || offset !== undefined)) {
    throw new UsageError('--id loads one record: it goes with --include only, not with --all, --filters, --sort, --limit or --offset.');
  }
  checkQuery(query);
  const portal = portalOption(values.portal);

  const core = await context.core();
  const connection = await pickConnection(core, 'brainstem', stringValue(values.connection), context.io.env);
  const client = await core.services.connections.brainstemClient(connection.id, portal ? { portal } : {});

  if (id !== undefined) {
    const record = await client.get(model, id, include.length > 0 ? { include } : {});
    out.result(record, () => recordText(record));
    return exitCodes.ok;
  }

  const noun = modelPluralNoun(model);
  let records: BrainstemRecord[];
  let total: number | null;
  if (all) {
    out.progress(0, null, `Loading ${noun}…`);
    const loaded = await client.loadAll(model, query, { onProgress: (p) => out.progress(p.loaded, p.total, `Loading ${noun}: ${p.loaded.toLocaleString('en-US')}`) });
    for (const issue of loaded.issues) out.note(issueText(issue));
    records = loaded.records;
    total = loaded.serverTotal;
  } else {
    const page = await client.list(model, query);
    records = page.records;
    total = page.totalResults ?? page.count;
  }

  if (context.globals.json) {
    for (const record of records) out.item(record, () => recordText(record));
  } else {
    out.result(records, () => recordsTable(records));
    const start = offset ?? 0;
    const more = !all && total !== null && start + records.length < total;
    const label = brainstemModel(model).label;
    const count = more ? `${records.length} of ${plural(total!, label, noun)}` : plural(records.length, label, noun);
    out.note(`${count}${more ? ' (--all loads every one; --json gives every field)' : ''}.`);
  }
  return exitCodes.ok;
}
