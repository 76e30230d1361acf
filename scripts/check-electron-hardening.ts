import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A static check of the Electron security settings that must never regress (issue 9.6), over main/,
 * preload/ and renderer/index.html:
 *   - no insecure webPreferences (nodeIntegration, contextIsolation: false, sandbox: false, webSecurity:
 *     false, allowRunningInsecureContent, experimentalFeatures, enableBlinkFeatures, webviewTag), and every
 *     BrowserWindow states sandbox, contextIsolation and nodeIntegration explicitly;
 *   - the preload never hands the page ipcRenderer or a channel the page chose;
 *   - shell.openExternal only in the one gate file;
 *   - a CSP in index.html, on the app:// protocol and on the web shell's responses, without unsafe-*;
 *   - permission request and check handlers that deny by default, will-navigate and new windows denied.
 * Exits 1 and lists every finding.
 */

export const openExternalGate = 'main/platform/open-external.ts';

export interface Finding {
  file: string;
  line: number;
  message: string;
}

const insecurePreferences: Array<{ pattern: RegExp; message: string }> = [
  { pattern: /\bnodeIntegration(?:InWorker|InSubFrames)?\s*:\s*true\b/, message: 'nodeIntegration must stay off' },
  { pattern: /\bcontextIsolation\s*:\s*false\b/, message: 'contextIsolation must stay on' },
  { pattern: /\bsandbox\s*:\s*false\b/, message: 'the renderer sandbox must stay on' },
  { pattern: /\bwebSecurity\s*:\s*false\b/, message: 'webSecurity must stay on' },
  { pattern: /\ballowRunningInsecureContent\s*:\s*true\b/, message: 'allowRunningInsecureContent must stay off' },
  { pattern: /\bexperimentalFeatures\s*:\s*true\b/, message: 'experimentalFeatures must stay off' },
  { pattern: /\benableBlinkFeatures\s*:/, message: 'enableBlinkFeatures must not be set' },
  { pattern: /\bwebviewTag\s*:\s*true\b/, message: 'webviewTag must stay off' },
  { pattern: /\benableRemoteModule\s*:\s*true\b/, message: 'the remote module must stay off' },
];

function lineOf(source: string, index: number): number {
  return source.slice(0, index).split('\n').length;
}

/** The text of a call from `name(` to its closing parenthesis (strings and comments are not special-cased: good enough for our sources). */
export function callTexts(source: string, name: string): Array<{ text: string; index: number }> {
  const out: Array<{ text: string; index: number }> = [];
  const pattern = new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\(`, 'g');
  for (let match = pattern.exec(source); match; match = pattern.exec(source)) {
    let depth = 0;
    let end = match.index + match[0].length - 1;
    for (; end < source.length; end++) {
      if (source[end] === '(') depth++;
      else if (source[end] === ')' && --depth === 0) break;
    }
    out.push({ text: source.slice(match.index, end + 1), index: match.index });
  }
  return out;
}

/** Code without // and /* comments, same length (so line numbers stay right). */
function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`])\/\/.*$/gm, (m, lead: string) => lead + ' '.repeat(m.length - lead.length));
}

function checkWebPreferences(file: string, code: string, findings: Finding[]): void {
  for (const { pattern, message } of insecurePreferences) {
    const global = new RegExp(pattern.source, 'g');
    for (let match = global.exec(code); match; match = global.exec(code)) findings.push({ file, line: lineOf(code, match.index), message: `${message} (${match[0]})` });
  }
  for (const { text, index } of callTexts(code, 'new BrowserWindow')) {
    for (const [key, value] of [['sandbox', 'true'], ['contextIsolation', 'true'], ['nodeIntegration', 'false']]) {
      if (!new RegExp(`\\b${key}\\s*:\\s*${value}\\b`).test(text)) findings.push({ file, line: lineOf(code, index), message: `BrowserWindow must set webPreferences.${key}: ${value} explicitly` });
    }
  }
}

const safeChannel = /^\s*(?:'[^']*'|"[^"]*"|ipcEventChannel|ipcInvokeChannel\([^)]*\))\s*$/;

function checkPreload(file: string, code: string, findings: Finding[]): void {
  for (const { text, index } of callTexts(code, 'exposeInMainWorld')) {
    if (/\bipcRenderer\b/.test(text)) findings.push({ file, line: lineOf(code, index), message: 'the preload must not expose ipcRenderer to the page' });
  }
  // ipcRenderer, or one of its methods, handed on as a value (`{ ipcRenderer }`, `invoke: ipcRenderer.invoke`).
  const withoutImports = code.replace(/^\s*import\b[^;]*;/gm, (m) => m.replace(/[^\n]/g, ' '));
  const loose = /\bipcRenderer\b(?!\s*\.\s*\w+\s*\()/g;
  for (let match = loose.exec(withoutImports); match; match = loose.exec(withoutImports)) {
    findings.push({ file, line: lineOf(code, match.index), message: 'ipcRenderer (or one of its methods) is handed on as a value: the page could reach any channel' });
  }
  for (const verb of ['invoke', 'send', 'sendSync', 'sendToHost', 'postMessage', 'on', 'once', 'addListener']) {
    for (const { text, index } of callTexts(code, `ipcRenderer.${verb}`)) {
      const args = text.slice(text.indexOf('(') + 1, -1);
      const channel = splitTopLevel(args)[0] ?? '';
      if (!safeChannel.test(channel)) findings.push({ file, line: lineOf(code, index), message: `ipcRenderer.${verb} must name a fixed channel or ipcInvokeChannel(method), not "${channel.trim()}": a generic pass-through lets the page reach any channel` });
      if (/\.\.\.\w+/.test(args)) findings.push({ file, line: lineOf(code, index), message: `ipcRenderer.${verb} must not pass arguments through with a spread` });
    }
  }
  if (/\bipcInvokeChannel\s*\(/.test(code) && !/\bmethodNamePattern\.test\(/.test(code)) {
    findings.push({ file, line: 1, message: 'the preload must check the method name (methodNamePattern) before building a channel from it' });
  }
}

function splitTopLevel(args: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < args.length; i++) {
    const c = args[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(args.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(args.slice(start));
  return parts;
}

function checkOpenExternal(file: string, code: string, findings: Finding[]): void {
  if (file === openExternalGate) return;
  const patterns = [/\bshell\s*\.\s*openExternal\b/g, /import\s*\{[^}]*\bopenExternal\b[^}]*\}\s*from\s*['"]electron['"]/g, /\bshell\s*\[\s*['"]openExternal['"]\s*\]/g];
  for (const pattern of patterns) {
    for (let match = pattern.exec(code); match; match = pattern.exec(code)) {
      findings.push({ file, line: lineOf(code, match.index), message: `shell.openExternal outside ${openExternalGate}: open URLs through safeOpenExternal` });
    }
  }
}

function checkCspText(file: string, code: string, index: number, csp: string, findings: Finding[]): void {
  if (/'unsafe-(?:eval|inline)'|'wasm-unsafe-eval'/.test(csp)) findings.push({ file, line: lineOf(code, index), message: 'the CSP must not allow unsafe-eval or unsafe-inline' });
  if (!/\bdefault-src\b/.test(csp) || !/\bscript-src\s+'self'/.test(csp)) findings.push({ file, line: lineOf(code, index), message: "the CSP must set default-src and script-src 'self'" });
  if (!/\bobject-src\s+'none'/.test(csp)) findings.push({ file, line: lineOf(code, index), message: "the CSP must set object-src 'none'" });
}

function checkCsp(sources: ReadonlyMap<string, string>, findings: Finding[]): void {
  const html = sources.get('renderer/index.html');
  if (html === undefined) findings.push({ file: 'renderer/index.html', line: 1, message: 'renderer/index.html is missing' });
  else {
    const meta = /<meta\s+http-equiv=["']Content-Security-Policy["']\s+content=(?:"([^"]*)"|'([^']*)')/i.exec(html);
    if (!meta) findings.push({ file: 'renderer/index.html', line: 1, message: 'index.html has no Content-Security-Policy meta tag' });
    else checkCspText('renderer/index.html', html, meta.index, meta[1] ?? meta[2] ?? '', findings);
  }
  // Every server of the renderer (the app:// protocol, the web shell) sends a CSP header built from a list with script-src.
  for (const [file, source] of sources) {
    if (!file.startsWith('main/')) continue;
    const code = stripComments(source);
    const serves = /\bprotocol\.handle\s*\(/.test(code) || (file.startsWith('main/shells/web/') && /\bcreateServer\s*\(/.test(code));
    if (!serves) continue;
    if (!/['"]content-security-policy['"]/i.test(code)) findings.push({ file, line: 1, message: 'a server of the renderer must send a Content-Security-Policy header' });
  }
  for (const [file, source] of sources) {
    if (!file.startsWith('main/')) continue;
    const code = stripComments(source);
    const lists = /\[\s*["'`]default-src[\s\S]*?\]\s*\.join\(/g;
    for (let match = lists.exec(code); match; match = lists.exec(code)) checkCspText(file, code, match.index, match[0], findings);
  }
}

function checkSessionAndNavigation(sources: ReadonlyMap<string, string>, findings: Finding[]): void {
  const electronSide = [...sources].filter(([file]) => file.startsWith('main/platform/') || file.startsWith('main/shells/desktop'));
  const all = electronSide.map(([file, source]) => ({ file, code: stripComments(source) }));
  const require = (name: string, message: string, test: (text: string) => string | null): void => {
    const calls = all.flatMap(({ file, code }) => callTexts(code, name).map((call) => ({ file, code, ...call })));
    if (calls.length === 0) findings.push({ file: 'main/platform', line: 1, message });
    for (const call of calls) {
      const problem = test(call.text);
      if (problem) findings.push({ file: call.file, line: lineOf(call.code, call.index), message: problem });
    }
  };
  const allowsAll = /callback\s*\(\s*true\s*\)|=>\s*true\b|return\s+true\b/;
  require('setPermissionRequestHandler', 'no session.setPermissionRequestHandler: every permission request would be granted', (text) => (allowsAll.test(text) ? 'the permission request handler must not grant everything' : null));
  require('setPermissionCheckHandler', 'no session.setPermissionCheckHandler: permission checks would pass by default', (text) => (allowsAll.test(text) ? 'the permission check handler must not grant everything' : null));
  require('setWindowOpenHandler', 'no setWindowOpenHandler: the page could open new windows', (text) => (/action\s*:\s*['"]allow['"]/.test(text) || !/action\s*:\s*['"]deny['"]/.test(text) ? "the window open handler must answer { action: 'deny' }" : null));
  const navigation = all.flatMap(({ file, code }) => callTexts(code, 'on').filter((call) => /^on\s*\(\s*['"]will-navigate['"]/.test(call.text)).map((call) => ({ file, code, ...call })));
  if (navigation.length === 0) findings.push({ file: 'main/platform', line: 1, message: "no 'will-navigate' handler: the page could navigate away from the app" });
  for (const call of navigation) if (!/preventDefault\s*\(/.test(call.text)) findings.push({ file: call.file, line: lineOf(call.code, call.index), message: "the 'will-navigate' handler must call event.preventDefault() for foreign URLs" });
  if (!all.some(({ code }) => /['"]web-contents-created['"]/.test(code))) findings.push({ file: 'main/shells/desktop', line: 1, message: "the guards must be applied to every web contents ('web-contents-created')" });
}

/** Every finding over the given sources (repository-relative paths → text). */
export function checkHardening(sources: ReadonlyMap<string, string>): Finding[] {
  const findings: Finding[] = [];
  for (const [file, source] of sources) {
    if (!file.endsWith('.ts')) continue;
    const code = stripComments(source);
    if (file.startsWith('main/') || file.startsWith('preload/')) {
      checkWebPreferences(file, code, findings);
      checkOpenExternal(file, code, findings);
    }
    if (file.startsWith('preload/')) checkPreload(file, code, findings);
  }
  checkCsp(sources, findings);
  checkSessionAndNavigation(sources, findings);
  return findings;
}

function tsFiles(root: string, dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return tsFiles(root, path);
    return /\.(?:ts|tsx|mts|cts)$/.test(name) ? [path] : [];
  });
}

export function readSources(root: string): Map<string, string> {
  const files = [...tsFiles(root, 'main'), ...tsFiles(root, 'preload'), join('renderer', 'index.html')];
  return new Map(files.map((file) => [relative(root, join(root, file)).split(sep).join('/'), readFileSync(join(root, file), 'utf8')]));
}

function main(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const sources = readSources(root);
  const findings = checkHardening(sources);
  if (findings.length > 0) {
    for (const f of findings) process.stderr.write(`${f.file}:${f.line}: ${f.message}\n`);
    process.stderr.write(`Electron hardening: ${findings.length} finding(s) in ${sources.size} files.\n`);
    process.exit(1);
  }
  process.stdout.write(`Electron hardening: ${sources.size} files checked, no findings.\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
