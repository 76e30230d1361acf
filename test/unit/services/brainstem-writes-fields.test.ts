import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brainstemFieldKinds } from '../../../shared/contract/brainstem.ts';
import { brainstemModels, isBrainstemModelName } from '../../../main/services/connectors/brainstem/catalogue.ts';
import { brainstemFields } from '../../../main/services/connectors/brainstem/fields.ts';
import { startBrainstemSandbox, type BrainstemSandbox } from '../../sandbox/brainstem/index.ts';

let sandbox: BrainstemSandbox;
beforeAll(async () => {
  sandbox = await startBrainstemSandbox({ port: 0, sessions: 4 });
});
afterAll(async () => {
  await sandbox.close();
});

interface Property {
  type: string;
  required: boolean;
  read_only: boolean;
}

describe('the field catalogue forms are built from', () => {
  it('describes every model the client knows, with valid kinds and related models', () => {
    for (const model of brainstemModels()) {
      const fields = brainstemFields(model.name);
      expect(fields.length, model.name).toBeGreaterThan(0);
      expect(new Set(fields.map((f) => f.name)).size, model.name).toBe(fields.length);
      for (const field of fields) {
        expect(brainstemFieldKinds, `${model.name}.${field.name}`).toContain(field.kind);
        if (field.kind === 'relation' || field.kind === 'relations') {
          // Epochs are listed on sessions, but no client or docs page has the model itself.
          expect(isBrainstemModelName(field.relatedModel ?? '') || field.relatedModel === 'epoch', `${model.name}.${field.name}`).toBe(true);
        }
        if (field.kind === 'choice') expect(field.choices?.length, `${model.name}.${field.name}`).toBeGreaterThan(1);
        if (field.kind === 'json') expect(field.jsonShape, `${model.name}.${field.name}`).not.toBeNull();
      }
    }
  });

  it('agrees with what the server\'s OPTIONS metadata says is required and read-only, field by field', async () => {
    for (const model of brainstemModels()) {
      const response = await fetch(`${sandbox.url}api/private/${model.app}/${model.name}/`, { method: 'OPTIONS', headers: { authorization: `Bearer ${sandbox.token}` } });
      expect(response.status, model.name).toBe(200);
      const { properties } = (await response.json()) as { properties: Record<string, Property> };
      const ours = new Map(brainstemFields(model.name).map((f) => [f.name, f]));
      for (const [name, property] of Object.entries(properties)) {
        const field = ours.get(name);
        expect(field, `${model.name}.${name} is missing from the catalogue`).toBeDefined();
        expect([name, field!.readOnly], model.name).toEqual([name, property.read_only]);
        if (!field!.readOnly) expect([name, field!.required], model.name).toEqual([name, property.required]);
        const many = field!.kind === 'relations';
        if (property.type === 'many' || many) expect([name, property.type], model.name).toEqual([name, many ? 'many' : property.type]);
      }
      for (const name of ours.keys()) expect(Object.keys(properties), `${model.name}.${name} is not on the server`).toContain(name);
    }
  });
});
