import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkHardening, readSources, type Finding } from '../../scripts/check-electron-hardening.ts';
import { report } from './fuzz-settings.ts';

/**
 * Issue 9.6: the static hardening check passes on the repository as it is, and fails — naming the file
 * and the rule — on each insecure change a careless edit could make. Each case edits one real source
 * in memory and runs the check on the result.
 */

const repo = readSources(join(import.meta.dirname, '../..'));
let mutations = 0;
let caught = 0;
afterAll(() => report('hardening check', `${repo.size} files, ${mutations} insecure edits tried, ${caught} caught`));

function edited(file: string, change: (source: string) => string): Map<string, string> {
  const source = repo.get(file);
  if (source === undefined) throw new Error(`${file} is not among the checked sources`);
  const next = change(source);
  // The edit must really change the file, or the case proves nothing.
  expect(next, `the edit of ${file} changed nothing`).not.toBe(source);
  return new Map(repo).set(file, next);
}

function expectFinding(sources: Map<string, string>, file: string, message: RegExp): Finding[] {
  mutations++;
  const findings = checkHardening(sources);
  expect(findings.map((f) => `${f.file}: ${f.message}`)).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*${message.source}`))]));
  caught++;
  return findings;
}

const window = 'main/platform/window.ts';
const preload = 'preload/index.ts';

describe('Electron hardening check', () => {
  it('passes on the repository as it is', () => {
    expect(checkHardening(repo)).toEqual([]);
    expect(repo.has(window) && repo.has(preload) && repo.has('renderer/index.html')).toBe(true);
  });

  it.each([
    ['nodeIntegration: false', 'nodeIntegration: true', /nodeIntegration must stay off/],
    ['nodeIntegrationInWorker: false', 'nodeIntegrationInWorker: true', /nodeIntegration must stay off/],
    ['contextIsolation: true', 'contextIsolation: false', /contextIsolation must stay on/],
    ['sandbox: true', 'sandbox: false', /sandbox must stay on/],
    ['webSecurity: true', 'webSecurity: false', /webSecurity must stay on/],
    ['allowRunningInsecureContent: false', 'allowRunningInsecureContent: true', /allowRunningInsecureContent/],
    ['spellcheck: false,', "spellcheck: false,\n      experimentalFeatures: true,", /experimentalFeatures/],
    ['spellcheck: false,', "spellcheck: false,\n      enableBlinkFeatures: 'CSSVariables',", /enableBlinkFeatures/],
    ['webviewTag: false', 'webviewTag: true', /webviewTag/],
    ['      sandbox: true,\n', '', /must set webPreferences.sandbox: true explicitly/],
  ])('fails on webPreferences %s → %s', (from, to, message) => {
    expectFinding(edited(window, (s) => s.replace(from, to)), window, message);
  });

  it('fails on insecure preferences anywhere in main, not only in the window file', () => {
    const file = 'main/platform/electron-ports.ts';
    expectFinding(edited(file, (s) => `${s}\nexport const extra = { webPreferences: { contextIsolation: false } };\n`), file, /contextIsolation must stay on/);
  });

  it('fails on a preload that hands the page ipcRenderer or a channel of its choosing', () => {
    expectFinding(edited(preload, (s) => s.replace("exposeInMainWorld('carrel', bridge)", "exposeInMainWorld('carrel', { ...bridge, ipc: electron.ipcRenderer })")), preload, /must not expose ipcRenderer/);
    expectFinding(edited(preload, (s) => s.replace('const bridge: DesktopBridge = {', 'const raw = { send: electron.ipcRenderer.send };\nconst bridge: DesktopBridge = {')), preload, /handed on as a value/);
    expectFinding(edited(preload, (s) => s.replace('electron.ipcRenderer.invoke(ipcInvokeChannel(method), input)', 'electron.ipcRenderer.invoke(method, input)')), preload, /must name a fixed channel/);
    expectFinding(edited(preload, (s) => s.replace('const bridge: DesktopBridge = {', 'export function call(channel: string, ...args: unknown[]) {\n  return electron.ipcRenderer.invoke(channel, ...args);\n}\nconst bridge: DesktopBridge = {')), preload, /must name a fixed channel/);
    expectFinding(edited(preload, (s) => s.replace('!methodNamePattern.test(method)', 'method.length === 0')), preload, /must check the method name/);
  });

  it('fails on shell.openExternal outside the gate', () => {
    const file = 'main/platform/electron-ports.ts';
    expectFinding(edited(file, (s) => s.replace('openExternal: (url) => safeOpenExternal(url)', 'openExternal: async (url) => (await shell.openExternal(url), true)')), file, /openExternal outside/);
    const other = 'main/platform/window.ts';
    expectFinding(edited(other, (s) => s.replace(/import \{([^}]*)\} from 'electron';/, "import {$1, openExternal } from 'electron';")), other, /openExternal outside/);
  });

  it('fails on a missing or weakened CSP', () => {
    const html = 'renderer/index.html';
    expectFinding(edited(html, (s) => s.replace(/<meta\s+http-equiv="Content-Security-Policy"[\s\S]*?\/>/, '')), html, /no Content-Security-Policy meta tag/);
    expectFinding(edited(html, (s) => s.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'")), html, /unsafe-eval or unsafe-inline/);
    expectFinding(edited(html, (s) => s.replace("object-src 'none'; ", '')), html, /object-src 'none'/);
    const protocol = 'main/platform/app-protocol.ts';
    expectFinding(edited(protocol, (s) => s.replace("headers.set('content-security-policy', desktopCsp);", '')), protocol, /must send a Content-Security-Policy header/);
    expectFinding(edited(protocol, (s) => s.replace(`"script-src 'self'",`, `"script-src 'self' 'unsafe-inline'",`)), protocol, /unsafe-eval or unsafe-inline/);
    const web = 'main/shells/web/web-server.ts';
    expectFinding(edited(web, (s) => s.replace("'content-security-policy': contentSecurityPolicy(port),", '')), web, /must send a Content-Security-Policy header/);
  });

  it('fails on permission handlers that are missing or grant everything', () => {
    expectFinding(edited(window, (s) => s.replace(/\n\s*session\.defaultSession\.setPermissionCheckHandler\([^\n]*\n/, '\n')), 'main/platform', /no session.setPermissionCheckHandler/);
    expectFinding(edited(window, (s) => s.replace(/\n\s*session\.defaultSession\.setPermissionRequestHandler\([^\n]*\n/, '\n')), 'main/platform', /no session.setPermissionRequestHandler/);
    expectFinding(edited(window, (s) => s.replace('callback(allowedPermissions.has(permission))', 'callback(true)')), window, /request handler must not grant everything/);
    expectFinding(edited(window, (s) => s.replace('(_contents, permission) => allowedPermissions.has(permission)', '() => true')), window, /check handler must not grant everything/);
  });

  it('fails when navigation or new windows are allowed', () => {
    expectFinding(edited(window, (s) => s.replace("return { action: 'deny' };", "return { action: 'allow' };")), window, /must answer \{ action: 'deny' \}/);
    expectFinding(edited(window, (s) => s.replace(/contents\.on\('will-navigate'[\s\S]*?\n  \}\);\n/, '')), 'main/platform', /no 'will-navigate' handler/);
    expectFinding(edited(window, (s) => s.replace("if (!url.startsWith(`${appOrigin}/`)) event.preventDefault();\n  });\n  contents.on('will-redirect'", "void url; void event;\n  });\n  contents.on('will-redirect'")), window, /must call event.preventDefault/);
    const desktop = 'main/shells/desktop/main.ts';
    expectFinding(edited(desktop, (s) => s.replace("app.on('web-contents-created', (_event, contents) => guardWebContents(contents));", '')), 'main/shells/desktop', /every web contents/);
  });
});
