import type { IncomingMessage } from 'node:http';
import { boundaryOf, parseMultipart } from './multipart.ts';
import type { FormData } from './multipart.ts';

export class BodyTooLargeError extends Error {
  constructor(limit: number) {
    super(`request body exceeds ${limit} bytes`);
  }
}

export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw new BodyTooLargeError(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) throw new BodyTooLargeError(maxBytes);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * PHP fills $_POST from urlencoded and multipart bodies only; anything else (JSON, plain text)
 * leaves it empty, which REDCap then answers as a request that names no method.
 */
export function parseForm(contentType: string | undefined, body: Buffer): FormData {
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    const boundary = boundaryOf(contentType ?? '');
    return boundary === undefined ? { entries: [], files: [] } : parseMultipart(body, boundary);
  }
  if (type === '' || type.startsWith('application/x-www-form-urlencoded')) {
    return { entries: [...new URLSearchParams(body.toString('utf8'))], files: [] };
  }
  return { entries: [], files: [] };
}
