import type { BrainstemAppName } from '../../../shared/contract/brainstem.ts';
import type { BrainstemPortalName } from '../../../shared/contract/connections.ts';
import { brainstemModel } from '../connectors/brainstem/catalogue.ts';

/** The cache dataset holding a model's records in one portal: `bs_private_session`. */
export function brainstemDataset(portal: BrainstemPortalName, model: string): string {
  return `bs_${portal}_${model}`;
}

const uncountable = new Set(['species', 'equipment']);

function pluralWord(label: string): string {
  const last = label.split(' ').at(-1) ?? label;
  if (uncountable.has(last)) return label;
  if (/[^aeiou]y$/.test(label)) return `${label.slice(0, -1)}ies`;
  return `${label}s`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "Data acquisition" */
export function modelLabel(model: string): string {
  return capitalize(brainstemModel(model).label);
}

/** "Data acquisitions", "Inventories", "Species" */
export function modelPluralLabel(model: string): string {
  return capitalize(pluralWord(brainstemModel(model).label));
}

/** "data acquisitions", for sentences. */
export function modelPluralNoun(model: string): string {
  return pluralWord(brainstemModel(model).label);
}

export const appLabels: Readonly<Record<BrainstemAppName, string>> = {
  stem: 'Projects and sessions',
  modules: 'Modules',
  personal_attributes: 'Personal attributes',
  resources: 'Resources',
  taxonomies: 'Taxonomies',
  dissemination: 'Dissemination',
  users: 'Users and groups',
};
