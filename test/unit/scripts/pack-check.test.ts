import { describe, expect, it } from 'vitest';
import { externalImports } from '../../../scripts/pack-check.ts';

describe('pack check: what the bundled main loads at run time', () => {
  it('finds the packages an esbuild bundle leaves external, in every form it writes them', () => {
    const bundle = [
      'import { app, BrowserWindow } from "electron";',
      'import{Entry}from"@napi-rs/keyring";',
      'const fs = __require("fs"); const sqlite = __require("node:sqlite");',
      'const keyring = require2("@napi-rs/keyring");',
      'const lazy = await import("undici/lib/fetch");',
      'var x = require("zod");',
    ].join('\n');
    expect(externalImports(bundle)).toEqual(['@napi-rs/keyring', 'electron', 'undici', 'zod']);
  });

  it('ignores module names that only appear inside generated-code strings and template text', () => {
    const bundle = [
      "uri.code = 'require(\"ajv/dist/runtime/uri\").default';",
      'code: (0, codegen_1._)`require("ajv/dist/runtime/validation_error").default`',
      'const url = `${base}/from "${blockmapFileUrls[0]}"`;',
    ].join('\n');
    expect(externalImports(bundle)).toEqual([]);
  });
});
