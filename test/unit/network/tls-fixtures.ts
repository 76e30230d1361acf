import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { connect, type AddressInfo } from 'node:net';
import { join } from 'node:path';

/**
 * A private certificate authority made for the test with the openssl CLI (Node's crypto cannot sign
 * X.509), and a server certificate it signed for localhost and 127.0.0.1 — an institution's own CA in small.
 */
export interface TestPki {
  caFile: string;
  /** Another CA that signed nothing here: the wrong file for this server. */
  otherCaFile: string;
  key: string;
  cert: string;
}

export function makePki(dir: string): TestPki {
  const run = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  };
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Carrel Test Institution CA');
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'other.key', '-out', 'other.pem', '-days', '2', '-subj', '/CN=Some Other CA');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  writeFileSync(join(dir, 'san.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'san.cnf');
  return {
    caFile: join(dir, 'ca.pem'),
    otherCaFile: join(dir, 'other.pem'),
    key: readFileSync(join(dir, 'server.key'), 'utf8'),
    cert: readFileSync(join(dir, 'server.pem'), 'utf8'),
  };
}

export interface Listening<S> {
  server: S;
  port: number;
  close(): Promise<void>;
}

async function listen<S extends HttpServer | HttpsServer>(server: S, host = '127.0.0.1'): Promise<Listening<S>> {
  await new Promise<void>((resolve) => server.listen(0, host, () => resolve()));
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An HTTPS front with the test CA's certificate, passing every request on to a plain-HTTP server (a sandbox). */
export function httpsFront(pki: TestPki, upstream: string, host?: string): Promise<Listening<HttpsServer>> {
  const target = new URL(upstream);
  const server = createHttpsServer({ key: pki.key, cert: pki.cert }, (req, res) => {
    const forwarded = httpRequest({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forwarded.on('error', () => res.destroy());
    req.pipe(forwarded);
  });
  return listen(server, host);
}

/**
 * A tiny HTTP proxy: tunnels (CONNECT) for HTTPS, as corporate proxies do, and forwards plain HTTP. It
 * records where it took each request and, when given credentials, answers 407 to tunnels without them.
 */
export async function connectProxy(options: { credentials?: string } = {}): Promise<Listening<HttpServer> & { tunnels: string[]; forwarded: string[] }> {
  const tunnels: string[] = [];
  const sockets = new Set<{ destroy(): void }>();
  const forwarded: string[] = [];
  // Plain http:// requests come in absolute form (GET http://host/path) and are passed on as they are.
  const server = createHttpServer((req, res) => {
    if (!req.url?.startsWith('http://')) {
      res.writeHead(405).end();
      return;
    }
    const target = new URL(req.url);
    forwarded.push(target.host);
    const onward = httpRequest({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    onward.on('error', () => res.destroy());
    req.pipe(onward);
  });
  server.on('connect', (req, client, head) => {
    const expected = options.credentials ? `Basic ${Buffer.from(options.credentials).toString('base64')}` : null;
    if (expected && req.headers['proxy-authorization'] !== expected) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    tunnels.push(req.url ?? '');
    sockets.add(client);
    const upstream = connect(Number(port), host === 'localhost' ? '127.0.0.1' : host!, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  const listening = await listen(server);
  return {
    ...listening,
    tunnels,
    forwarded,
    close: async () => {
      // Tunnels leave the server's books once established: end them here.
      for (const socket of sockets) socket.destroy();
      await listening.close();
    },
  };
}
