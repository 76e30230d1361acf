import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { classifyNetworkError, FetchRouteError } from '../../../main/services/http/network-errors.ts';
import { createNodeFetch } from '../../../main/services/http/node-fetch.ts';

const url = 'https://redcap.example.edu/api/';

/** Node's fetch failure as undici reports it: TypeError('fetch failed') with the socket error as cause. */
function nodeFailure(code: string, extra: Record<string, unknown> = {}, route = { proxy: null as string | null, caFiles: [] as string[] }): FetchRouteError {
  const socket = Object.assign(new Error(`socket: ${code}`), { code, ...extra });
  return new FetchRouteError(route, new TypeError('fetch failed', { cause: socket }));
}

describe('certificate problems say what happened and what to do', () => {
  it.each([
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
    ['SELF_SIGNED_CERT_IN_CHAIN'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY'],
  ])('%s in a Node shell points at the connection\'s CA setting', (code) => {
    const error = classifyNetworkError(nodeFailure(code), url);
    expect(error.code).toBe('TLS');
    expect(error.message).toContain('redcap.example.edu');
    expect(error.message).toContain('Custom CA certificate');
  });

  it('an expired certificate sends the user to the clock, then to the server\'s administrators', () => {
    expect(classifyNetworkError(nodeFailure('CERT_HAS_EXPIRED'), url).message).toMatch(/expired.*date and time.*renew/);
  });

  it('a name mismatch asks for the exact server name', () => {
    expect(classifyNetworkError(nodeFailure('ERR_TLS_CERT_ALTNAME_INVALID'), url).message).toContain('made for another name');
  });

  it('in the desktop app (net::ERR_CERT_AUTHORITY_INVALID) the fix is the system certificate store', () => {
    const error = classifyNetworkError(new Error('net::ERR_CERT_AUTHORITY_INVALID'), url);
    expect(error.code).toBe('TLS');
    expect(error.message).toContain("this computer's certificate store");
    expect(error.message).not.toContain('Custom CA certificate');
    expect(classifyNetworkError(new Error('net::ERR_CERT_DATE_INVALID'), url).message).toContain('expired');
    expect(classifyNetworkError(new Error('net::ERR_CERT_COMMON_NAME_INVALID'), url).message).toContain('another name');
  });

  it('no message ever suggests turning certificate checks off', () => {
    const codes = ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_REVOKED', 'ERR_SSL_WRONG_VERSION_NUMBER'];
    for (const code of codes) expect(classifyNetworkError(nodeFailure(code), url).message).not.toMatch(/ignore|disable|insecure|NODE_TLS_REJECT_UNAUTHORIZED/i);
  });
});

describe('proxy problems', () => {
  it('desktop: a system or PAC proxy failure points at the system settings', () => {
    const error = classifyNetworkError(new Error('net::ERR_PROXY_CONNECTION_FAILED'), url);
    expect(error.message).toContain("proxy server in this computer's network settings");
    expect(classifyNetworkError(new Error('net::ERR_MANDATORY_PROXY_CONFIGURATION_FAILED'), url).message).toContain('automatic proxy configuration');
  });

  it('a refused connection is the server\'s when the proxy was bypassed (NO_PROXY), the proxy\'s when it was the proxy', () => {
    const route = { proxy: 'proxy.example.edu:3128', caFiles: [] };
    const atServer = classifyNetworkError(nodeFailure('ECONNREFUSED', { address: '10.0.0.5', port: 443 }, route), url);
    expect(atServer.message).toContain('redcap.example.edu refused the connection');
    const atProxy = classifyNetworkError(nodeFailure('ECONNREFUSED', { address: '10.0.0.9', port: 3128 }, route), url);
    expect(atProxy.message).toContain('proxy server proxy.example.edu:3128');
    const unknownProxy = classifyNetworkError(nodeFailure('ENOTFOUND', { hostname: 'proxy.example.edu' }, route), url);
    expect(unknownProxy.message).toContain('proxy server proxy.example.edu:3128');
  });
});

describe('Node shells\' fetch', () => {
  it('sends the global FormData as multipart (undici\'s fetch has its own FormData class)', async () => {
    let received = '';
    let type = '';
    const server = createServer((req, res) => {
      type = req.headers['content-type'] ?? '';
      req.on('data', (chunk: Buffer) => (received += chunk.toString()));
      req.on('end', () => res.end('ok'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    try {
      const form = new FormData();
      form.append('content', 'fileUpload');
      form.append('file', new Blob(['hello file']), 'consent.pdf');
      const fetchImpl = createNodeFetch({ env: () => ({}) });
      const res = await fetchImpl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { method: 'POST', body: form });
      expect(await res.text()).toBe('ok');
      expect(type).toMatch(/^multipart\/form-data; boundary=/);
      expect(received).toContain('name="file"; filename="consent.pdf"');
      expect(received).toContain('hello file');
    } finally {
      server.close();
    }
  });
});
