import { createReadStream, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Serves the built renderer; unknown extension-less paths get index.html (client-side routes). */
export function serveStatic(root: string, urlPath: string, response: ServerResponse, headers: Record<string, string>, headOnly: boolean): void {
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    relative = '/';
  }
  if (relative.endsWith('/')) relative += 'index.html';
  // A NUL byte makes the file system calls below throw instead of answering "not found".
  if (relative.includes('\0')) {
    response.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  let file = normalize(join(root, relative));
  if (!file.startsWith(root + sep)) {
    response.writeHead(404, headers).end();
    return;
  }
  let stats = statSync(file, { throwIfNoEntry: false });
  if (!stats?.isFile() && extname(relative) === '') {
    file = join(root, 'index.html');
    stats = statSync(file, { throwIfNoEntry: false });
  }
  if (!stats?.isFile()) {
    response.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  const immutable = relative.startsWith('/assets/');
  response.writeHead(200, {
    ...headers,
    'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
    'content-length': String(stats.size),
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (headOnly) response.end();
  else createReadStream(file).pipe(response);
}
