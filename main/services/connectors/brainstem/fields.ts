import type { BrainstemField } from '../../../../shared/contract/brainstem.ts';
import { AppError } from '../../../../shared/contract/errors.ts';
import { brainstemModel, brainstemModels } from './catalogue.ts';
import { one, text } from './fields-build.ts';
import { attributeFields, disseminationFields, resourceFields, taxonomyFields } from './fields-shared.ts';
import { moduleFields, stemFields } from './fields-stem.ts';
import { userFields } from './fields-users.ts';

/**
 * Every model's fields as forms and tables need them: kind, required, read-only, create-only, limits,
 * choices, the related model of relations and the shape of JSON fields (reference §2.2). `id` is not
 * listed: every record has one and it is never written.
 */
const baseFields: Readonly<Record<string, readonly BrainstemField[]>> = {
  ...stemFields,
  ...moduleFields,
  ...attributeFields,
  ...resourceFields,
  ...taxonomyFields,
  ...disseminationFields,
  ...userFields,
};

/** An approval request carries the moderated model's writable fields (none required) and the review state. */
function approvalFields(of: string): BrainstemField[] {
  const writable = (baseFields[of] ?? []).filter((field) => !field.readOnly).map((field) => ({ ...field, required: false }));
  return [
    ...writable,
    text('instance_id', { label: 'Record', readOnly: true, help: 'The record this change applies to (empty for a new one).' }),
    text('action', { readOnly: true, help: 'Add, Change or Delete.' }),
    one('reviewer', 'user', { readOnly: true }),
    one('user', 'user', { label: 'Requested by', readOnly: true }),
    text('status', { readOnly: true, help: 'Pending, Accepted or Rejected.' }),
  ];
}

const byModel = new Map<string, readonly BrainstemField[]>();
for (const model of brainstemModels()) {
  const fields = model.approves ? approvalFields(model.approves) : baseFields[model.name];
  if (!fields) throw new Error(`the BrainSTEM field catalogue has no entry for ${model.name}`);
  byModel.set(model.name, fields);
}

/** The fields of a model (by URL segment or another client's spelling). */
export function brainstemFields(modelName: string): readonly BrainstemField[] {
  const model = brainstemModel(modelName);
  const fields = byModel.get(model.name);
  if (!fields) throw new AppError('INTERNAL', `No field list for the BrainSTEM ${model.label}.`);
  return fields;
}

/** Relation fields (forward and reverse) of a model with the model they point to. */
export function relationFields(modelName: string): BrainstemField[] {
  return brainstemFields(modelName).filter((field) => (field.kind === 'relation' || field.kind === 'relations') && field.relatedModel !== null);
}
