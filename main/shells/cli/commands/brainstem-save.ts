// `carrel brainstem save|delete`: writes through the contract (`brainstem.create|update|delete`), so the
// same checks run as in the app's record form and the offline cache follows the change.

import { isAppError } from '../../../../shared/contract/errors.ts';
import type { BrainstemWriteResult } from '../../../../shared/contract/brainstem.ts';
import { modelLabel } from '../../../services/brainstem/naming.ts';
import { exitCodes, type CliRunContext, type ExitCode } from '../cli-types.ts';
import { UsageError } from '../cli-args.ts';
import { call, stringValue } from '../cli-calls.ts';
import { confirm } from '../cli-secret.ts';
import { modelArgument, readRecordData } from './brainstem-args.ts';
import { pickConnection } from './brainstem-connection.ts';

/** DRF's field errors as the server (or Carrel's identical checks) word them: field → messages. */
function fieldErrors(details: Record<string, unknown> | undefined): Record<string, string[]> | null {
  const fields = details?.fields;
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) return null;
  const out: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(fields as Record<string, unknown>)) {
    out[field] = Array.isArray(messages) ? messages.map(String) : [String(messages)];
  }
  return Object.keys(out).length > 0 ? out : null;
}

function savedText(result: BrainstemWriteResult, label: string, verb: string): string {
  if (result.approval) return `The ${label.toLowerCase()} change waits for a curator's approval (request ${result.approval.id}, ${result.approval.status}).`;
  const record = result.record;
  return record ? `${verb} ${label.toLowerCase()} "${record.label}" (${record.id}).` : `${verb}.`;
}

export async function runSave(context: CliRunContext): Promise<ExitCode> {
  const { values, out } = context;
  const model = modelArgument(context.positionals[0]);
  const id = stringValue(values.id);
  const data = await readRecordData(values.data, context.io.stdin);
  const core = await context.core();
  const connection = await pickConnection(core, 'brainstem', stringValue(values.connection), context.io.env);
  const label = modelLabel(model);
  try {
    const result =
      id === undefined
        ? await call(core, 'brainstem.create', { connectionId: connection.id, model, values: data })
        : await call(core, 'brainstem.update', { connectionId: connection.id, model, id, values: data, replace: values.replace === true });
    out.result(result, () => savedText(result, label, id === undefined ? 'Created' : 'Saved'));
    return exitCodes.ok;
  } catch (error) {
    const fields = isAppError(error) ? fieldErrors(error.details) : null;
    if (!isAppError(error) || !fields) throw error;
    // Every field's problem at once, so the user fixes the JSON in one go.
    if (context.globals.json) out.result({ error: { code: error.code, message: error.message, fields } }, () => '');
    out.note(error.message);
    for (const [field, messages] of Object.entries(fields)) for (const message of messages) out.note(`  ${field}: ${message}`);
    return exitCodes.failure;
  }
}

export async function runDelete(context: CliRunContext): Promise<ExitCode> {
  const { values, out, io } = context;
  const model = modelArgument(context.positionals[0]);
  const id = stringValue(values.id);
  if (id === undefined) throw new UsageError('Say which record to delete with --id ID.');
  const label = modelLabel(model).toLowerCase();
  if (values.yes !== true) {
    // Never a silent delete from a script: without a terminal to ask on, --yes is required.
    if (!io.stdinIsTTY) throw new UsageError(`Deleting asks for confirmation; add --yes to delete ${label} ${id} without asking.`);
  }
  const core = await context.core();
  const connection = await pickConnection(core, 'brainstem', stringValue(values.connection), context.io.env);
  if (values.yes !== true && !(await confirm(io, `Delete ${label} ${id} on ${connection.name}? This cannot be undone.`))) {
    out.note('Nothing was deleted.');
    return exitCodes.failure;
  }
  const result = await call(core, 'brainstem.delete', { connectionId: connection.id, model, id });
  out.result({ model, id, ...result }, () => `Deleted ${label} ${id}.`);
  return exitCodes.ok;
}
