import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { AppError } from '../../../shared/contract/errors.ts';
import type { FetchLike } from './http-client.ts';

/** A CA file bigger than this is not a CA file (a bundle of every public root is ~220 KB). */
const maxCaFileBytes = 1024 * 1024;
const pemBlock = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function unreadable(path: string, why: string): AppError {
  return new AppError('FILE_SYSTEM', `The CA certificate file ${path} ${why}. Choose the file again in the connection's settings (a .pem or .crt file from your institution's IT).`, {
    details: { caFile: path },
  });
}

/**
 * The certificates in a PEM file, each checked to parse as X.509. Throws an AppError that says which
 * file and what to do: the user typed this path, so "not found" and "not a certificate" are theirs to fix.
 */
export function readCaFile(path: string): string[] {
  if (!isAbsolute(path)) throw unreadable(path, 'is not an absolute path');
  let text: string;
  try {
    const size = statSync(path).size;
    if (size > maxCaFileBytes) throw unreadable(path, 'is too large to be a certificate file');
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as { code?: unknown }).code;
    throw unreadable(path, code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'cannot be read (no permission)' : 'cannot be read');
  }
  const blocks = text.match(pemBlock) ?? [];
  if (blocks.length === 0) throw unreadable(path, 'holds no PEM certificate (-----BEGIN CERTIFICATE-----)');
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch {
      throw unreadable(path, 'holds a certificate that cannot be read');
    }
  }
  return blocks;
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * The CA files that apply to a request: those of the saved connections whose server is the request's
 * origin. A connection's requests all go to its own server, so this keeps a private CA scoped to the
 * connection that named it (and to any other connection to the very same server).
 */
export function caFilesFor(url: string, connections: ReadonlyArray<{ url: string; caFile?: string | undefined }>): string[] {
  const origin = originOf(url);
  if (origin === null) return [];
  const files = new Set<string>();
  for (const connection of connections) {
    if (connection.caFile && originOf(connection.url) === origin) files.add(connection.caFile);
  }
  return [...files];
}

/**
 * Gives every request the CA files of the connection it belongs to, unless the caller already chose a
 * route (a draft connection under test). Read live so that a changed setting applies to the next request.
 */
export function withConnectionTrust(fetchImpl: FetchLike, connections: () => ReadonlyArray<{ url: string; caFile?: string | undefined }>): FetchLike {
  return (url, init, route) => fetchImpl(url, init, route ?? { caFiles: caFilesFor(url, connections()) });
}
