import { describe, expect, it } from 'vitest';
import { checkImport, importsOf, layerOf } from '../../../scripts/check-layers.ts';

describe('layering check', () => {
  it('places files in their layers', () => {
    expect(layerOf('shared/contract/index.ts')).toBe('shared');
    expect(layerOf('main/services/http/http-client.ts')).toBe('services');
    expect(layerOf('main/shells/desktop/main.ts')).toBe('shell-desktop');
    expect(layerOf('main/shells/web/main.ts')).toBe('shell-node');
    expect(layerOf('test/unit/x.test.ts')).toBeNull();
  });

  it('refuses imports against the arrows', () => {
    expect(checkImport('shared/contract/index.ts', 'node:fs')).toMatch(/Node built-ins/);
    expect(checkImport('shared/contract/index.ts', '../../main/services/http/http-client.ts')).toMatch(/shared may not import services/);
    expect(checkImport('main/services/cache/cache-db.ts', 'electron')).toMatch(/may not import electron/);
    expect(checkImport('main/services/cache/cache-db.ts', '../../ipc/core.ts')).toMatch(/services may not import ipc/);
    expect(checkImport('main/shells/web/main.ts', '../../platform/window.ts')).toMatch(/shell-node may not import platform/);
    expect(checkImport('main/shells/web/main.ts', 'electron-store')).toMatch(/may not import electron-store/);
    expect(checkImport('renderer/app/App.tsx', '../../main/ipc/core.ts')).toMatch(/renderer may not import ipc/);
    expect(checkImport('renderer/app/App.tsx', 'node:path')).toMatch(/Node built-ins/);
    expect(checkImport('preload/index.ts', 'react')).toMatch(/may only import electron/);
  });

  it('accepts imports along the arrows', () => {
    expect(checkImport('main/services/cache/cache-db.ts', 'node:sqlite')).toBeNull();
    expect(checkImport('main/ipc/core.ts', '../services/vault/vault.ts')).toBeNull();
    expect(checkImport('main/platform/window.ts', 'electron')).toBeNull();
    expect(checkImport('main/shells/desktop/main.ts', '../../platform/window.ts')).toBeNull();
    expect(checkImport('renderer/app/App.tsx', '../../shared/contract/app.ts')).toBeNull();
    expect(checkImport('renderer/components/DataGrid/DataGrid.tsx', './data-grid.css')).toBeNull();
  });

  it('finds static, type-only, dynamic and require imports but not commented ones', () => {
    const source = [
      "import { a } from './a.ts';",
      "import type { B } from '../b.ts';",
      "export * from './c.ts';",
      "const d = await import('./d.ts');",
      "const e = require('electron');",
      "// import { f } from './f.ts';",
      "import './side-effect.css';",
    ].join('\n');
    expect(importsOf(source).map((i) => i.specifier)).toEqual(['./a.ts', '../b.ts', './c.ts', './d.ts', 'electron', './side-effect.css']);
  });
});
