import { AppError } from '../../../../shared/contract/errors.ts';
import { buildCatalogue } from './catalogue-entries.ts';
import type { BrainstemActionSpec, BrainstemModel } from './catalogue-types.ts';

export type { BrainstemActionSpec, BrainstemApp, BrainstemModel, BrainstemPortal } from './catalogue-types.ts';
export { brainstemApps, brainstemPortals } from './catalogue-types.ts';

const models = buildCatalogue();
const byName = new Map<string, BrainstemModel>();
for (const model of models) {
  byName.set(model.name, model);
  for (const alias of model.aliases) byName.set(alias, model);
}

/** Every model the client knows, approval models included. */
export function brainstemModels(): readonly BrainstemModel[] {
  return models;
}

/**
 * Finds a model by its URL segment or by a spelling another client uses (`project_membership_invitation`,
 * `auth/group`). An unknown name is a programming or input error, said plainly.
 */
export function brainstemModel(name: string): BrainstemModel {
  const model = byName.get(name.trim().toLowerCase());
  if (!model) throw new AppError('VALIDATION', `BrainSTEM has no model called "${name.slice(0, 60)}".`);
  return model;
}

export function isBrainstemModelName(name: string): boolean {
  return byName.has(name.trim().toLowerCase());
}

export function brainstemAction(model: BrainstemModel, action: string): BrainstemActionSpec {
  const spec = model.actions.find((candidate) => candidate.name === action);
  if (!spec) {
    const known = model.actions.map((candidate) => candidate.name).join(', ');
    throw new AppError('VALIDATION', `A BrainSTEM ${model.label} has no action "${action.slice(0, 40)}"${known ? ` (it has: ${known})` : ''}.`);
  }
  return spec;
}

/** Models whose writes go through the approval queue (taxonomies, resources, journals). */
export function isModerated(model: BrainstemModel): boolean {
  return model.approvalModel !== null;
}
