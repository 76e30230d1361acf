import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isMethodName, methods } from '../../../shared/contract/index.ts';

describe('contract', () => {
  it('knows its own methods and nothing inherited from Object', () => {
    expect(isMethodName('connections.list')).toBe(true);
    expect(isMethodName('toString')).toBe(false);
    expect(isMethodName('__proto__')).toBe(false);
  });

  it('strips unknown keys from input, including prototype-polluting ones', () => {
    const parsed = methods['connections.test'].input.parse(JSON.parse('{"kind":"redcap","url":" https://x/api/ ","token":"A","__proto__":{"polluted":1},"extra":2}'));
    expect(parsed).toEqual({ kind: 'redcap', url: 'https://x/api/', token: 'A' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('has no output schema that could carry a token', () => {
    for (const [name, spec] of Object.entries(methods)) {
      const shape = JSON.stringify(z.toJSONSchema(spec.output, { io: 'output', unrepresentable: 'any' }));
      expect(shape.length, name).toBeGreaterThan(2);
      expect(shape, name).not.toMatch(/"token"/);
    }
  });
});

describe('method names', () => {
  it('all fit the pattern the desktop preload lets through', async () => {
    const { methodNamePattern } = await import('../../../shared/channels.ts');
    const { methodNames } = await import('../../../shared/contract/index.ts');
    for (const name of methodNames) expect(name).toMatch(methodNamePattern);
    expect('carrel:event').not.toMatch(methodNamePattern);
  });
});
