// Every model the sandbox serves, the approval models derived from the moderated ones, and the
// lookup from a URL's app and model segment to a model.

import { ATTRIBUTE_MODELS, CATALOG_MODELS, USER_MODELS } from './catalog-shared.ts';
import { MODULE_MODELS, STEM_MODELS } from './catalog-stem.ts';
import { fk, int, isWritable, str } from './model-spec.ts';
import type { ModelSpec } from './model-spec.ts';

export const APPS = ['stem', 'modules', 'personal_attributes', 'resources', 'taxonomies', 'dissemination', 'users', 'auth'] as const;

/** `speciesapproval` and friends: the moderated model's writable fields plus the review state. */
function approvalModel(base: ModelSpec): ModelSpec {
  return {
    key: `${base.key}approval`,
    app: base.app,
    segments: [`${base.key}approval`, `${base.name}_approval`],
    name: `${base.name}_approval`,
    plural: `${base.name}_approvals`,
    label: `${base.label}Approval`,
    idKind: 'uuid',
    scope: { kind: 'private' },
    approvalOf: base.key,
    fields: [
      ...base.fields.filter(isWritable).map((field) => ({ ...field, required: false })),
      str('instance_id', { readOnly: true, nullable: true }), str('action', { readOnly: true }), int('reviewer', { readOnly: true }),
      fk('user', 'user', { readOnly: true }), str('status', { readOnly: true }),
    ],
  };
}

const BASE_MODELS: readonly ModelSpec[] = [...STEM_MODELS, ...MODULE_MODELS, ...ATTRIBUTE_MODELS, ...CATALOG_MODELS, ...USER_MODELS];

export const MODELS: readonly ModelSpec[] = [...BASE_MODELS, ...BASE_MODELS.filter((model) => model.moderated === true).map(approvalModel)];

const BY_KEY = new Map(MODELS.map((model) => [model.key, model]));
const BY_ROUTE = new Map<string, ModelSpec>();
for (const model of MODELS) {
  for (const app of [model.app, ...(model.otherApps ?? [])]) {
    for (const segment of model.segments) BY_ROUTE.set(`${app}/${segment}`, model);
  }
}

export function modelByKey(key: string): ModelSpec {
  const model = BY_KEY.get(key);
  if (model === undefined) throw new Error(`no model ${key}`);
  return model;
}

export function modelByRoute(app: string, segment: string): ModelSpec | undefined {
  return BY_ROUTE.get(`${app}/${segment}`);
}
