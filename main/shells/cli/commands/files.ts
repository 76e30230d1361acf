import { basename, resolve } from 'node:path';
import { AppError, isAppError } from '../../../../shared/contract/errors.ts';
import type { Core } from '../../../ipc/core.ts';
import { UsageError } from '../cli-args.ts';
import { call, resolveConnection, stringValue } from '../cli-calls.ts';
import { setSavePath } from '../cli-ports.ts';
import { exitCodes, type CliCommand, type CliRunContext } from '../cli-types.ts';

const fieldOptions = {
  record: { type: 'string', description: 'the record ID (with --field: a record\'s file-upload field)' },
  field: { type: 'string', description: 'the file-upload field' },
  event: { type: 'string', description: 'longitudinal projects: the unique event name' },
  instance: { type: 'string', description: 'repeating forms or events: the instance number' },
} as const;

function recordRef(ctx: CliRunContext, connectionId: string): { connectionId: string; recordId: string; field: string; event: string; instance: string } | null {
  const recordId = stringValue(ctx.values.record);
  const field = stringValue(ctx.values.field);
  if (!recordId && !field) return null;
  if (!recordId || !field) throw new UsageError('--record and --field go together.');
  const instance = stringValue(ctx.values.instance) ?? '';
  if (!/^\d*$/.test(instance)) throw new UsageError('--instance must be a number.');
  return { connectionId, recordId, field, event: stringValue(ctx.values.event) ?? '', instance };
}

async function redcapConnection(ctx: CliRunContext): Promise<{ core: Core; connectionId: string }> {
  const core = await ctx.core();
  const connection = await resolveConnection(core, ctx.positionals[0]!, ctx.io.env);
  if (connection.kind !== 'redcap') throw new AppError('UNSUPPORTED', `${connection.name} is a ${connection.kind} connection; \`carrel files\` works with REDCap projects (Brim documents: \`carrel brim upload\`).`);
  return { core, connectionId: connection.id };
}

const upload: CliCommand = {
  path: ['files', 'upload'],
  summary: 'Upload a file into a record\'s file-upload field, or files into the project\'s file repository.',
  usage: 'carrel files upload CONNECTION FILE --record ID --field FIELD [--event EVENT] [--instance N] | carrel files upload CONNECTION FILE… [--folder ID]',
  examples: [
    'carrel files upload cohort consent-1001.pdf --record 1001 --field consent_form',
    'carrel files upload cohort scan.png --record 7 --field mri --event baseline_arm_1',
    'carrel files upload cohort protocol.pdf minutes/*.docx --folder 3',
  ],
  options: { ...fieldOptions, folder: { type: 'string', description: 'file repository: the folder id (default: the top folder)' } },
  positionals: { min: 2, max: 5000, names: ['CONNECTION', 'FILE'] },
  async run(ctx) {
    const { core, connectionId } = await redcapConnection(ctx);
    const files = ctx.positionals.slice(1);
    const ref = recordRef(ctx, connectionId);
    if (ref && files.length > 1) throw new UsageError('A file-upload field holds one file: give one FILE with --record and --field.');
    const folder = stringValue(ctx.values.folder);
    if (folder !== undefined && !/^[1-9]\d*$/.test(folder)) throw new UsageError('--folder must be a folder id (a number).');
    let failed = 0;
    const results = [];
    for (const [index, path] of files.entries()) {
      ctx.out.progress(index, files.length, `Uploading ${basename(path)}`);
      try {
        const staged = await call(core, 'files.stagePath', { path: resolve(path) });
        const done = ref ? await call(core, 'recordFiles.upload', { ...ref, stageId: staged.stageId }) : await call(core, 'repository.upload', { connectionId, folderId: folder ? Number(folder) : null, stageId: staged.stageId });
        results.push({ file: path, uploaded: true, fileName: done.fileName, error: null });
      } catch (error) {
        if (!isAppError(error)) throw error;
        failed += 1;
        results.push({ file: path, uploaded: false, fileName: null, error: { code: error.code, message: error.message } });
        ctx.out.note(`${path}: ${error.message}`);
      }
    }
    const uploaded = files.length - failed;
    ctx.out.result(results, () => `Uploaded ${uploaded} of ${files.length} ${files.length === 1 ? 'file' : 'files'}${ref ? ` to record ${ref.recordId}, field ${ref.field}` : ' to the file repository'}.`);
    return failed === 0 ? exitCodes.ok : uploaded === 0 ? exitCodes.failure : exitCodes.partial;
  },
};

const download: CliCommand = {
  path: ['files', 'download'],
  summary: 'Download the file in a record\'s file-upload field, or a document from the file repository.',
  usage: 'carrel files download CONNECTION (--record ID --field FIELD [--event EVENT] [--instance N] | --doc ID) [--out FILE]',
  examples: ['carrel files download cohort --record 1001 --field consent_form --out consent.pdf', 'carrel files download cohort --doc 42'],
  options: {
    ...fieldOptions,
    doc: { type: 'string', description: 'file repository: the document id' },
    out: { type: 'string', short: 'o', description: 'where to save it (default: its own name, in this folder)' },
  },
  positionals: { min: 1, max: 1, names: ['CONNECTION'] },
  async run(ctx) {
    const { core, connectionId } = await redcapConnection(ctx);
    const ref = recordRef(ctx, connectionId);
    const doc = stringValue(ctx.values.doc);
    if (!ref && !doc) throw new UsageError('Give --record and --field, or --doc.');
    if (ref && doc) throw new UsageError('Give --record and --field, or --doc, not both.');
    if (doc !== undefined && !/^[1-9]\d*$/.test(doc)) throw new UsageError('--doc must be a document id (a number).');
    const out = stringValue(ctx.values.out);
    if (out) setSavePath(core, resolve(out));
    const saved = ref ? await call(core, 'recordFiles.download', ref) : await call(core, 'repository.download', { connectionId, docId: Number(doc) });
    ctx.out.result(saved, () => `Saved ${saved.fileName} to ${saved.path}.`);
    return exitCodes.ok;
  },
};

export const fileCommands: CliCommand[] = [upload, download];
