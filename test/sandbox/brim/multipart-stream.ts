// A streaming multipart/form-data reader: parts are handed on chunk by chunk as the request body
// arrives, so a 200 MB notes file is read without ever being held whole. Small text fields are
// collected (capped); file parts go to a sink the caller chooses.

export class MultipartError extends Error {}

export interface PartSink {
  write(chunk: Buffer): void;
  end(): void;
}

export interface PartHeaders {
  name: string;
  /** Set for file parts. */
  fileName: string | undefined;
  contentType: string;
}

const FIELD_LIMIT = 1024 * 1024;
const HEADER_LIMIT = 16 * 1024;

export function boundaryOf(contentType: string | undefined): string | undefined {
  const match = /^multipart\/form-data\b.*?;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  return match?.[1] ?? match?.[2];
}

function dispositionParam(disposition: string, param: string): string | undefined {
  const match = new RegExp(`(?:^|;)\\s*${param}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, 'i').exec(disposition);
  if (match === null) return undefined;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2]?.trim();
}

function parseHeaders(raw: string): PartHeaders | undefined {
  let disposition = '';
  let contentType = 'text/plain';
  for (const line of raw.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'content-disposition') disposition = value;
    else if (key === 'content-type') contentType = value;
  }
  const name = dispositionParam(disposition, 'name');
  if (name === undefined) return undefined;
  return { name, fileName: dispositionParam(disposition, 'filename'), contentType };
}

/**
 * Reads a multipart body from `body`. `fileSink` is asked for a sink for each file part (return
 * undefined to skip the part). Returns the text fields, in order.
 */
export async function readMultipart(
  body: AsyncIterable<Buffer>, boundary: string, fileSink: (part: PartHeaders) => PartSink | undefined,
): Promise<Array<[string, string]>> {
  const fields: Array<[string, string]> = [];
  const first = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  let buffer: Buffer = Buffer.alloc(0);
  type State = 'preamble' | 'after-delimiter' | 'headers' | 'data' | 'done';
  let state = 'preamble' as State;
  let sink: PartSink | undefined;
  let field: { name: string; chunks: Buffer[]; size: number } | undefined;

  const emit = (data: Buffer): void => {
    if (data.length === 0) return;
    if (sink !== undefined) sink.write(data);
    else if (field !== undefined) {
      field.size += data.length;
      if (field.size > FIELD_LIMIT) throw new MultipartError(`the form field "${field.name}" is too large`);
      field.chunks.push(Buffer.from(data));
    }
  };
  const closePart = (): void => {
    if (sink !== undefined) sink.end();
    if (field !== undefined) fields.push([field.name, Buffer.concat(field.chunks).toString('utf8')]);
    sink = undefined;
    field = undefined;
  };

  const step = (): boolean => {
    switch (state) {
      case 'preamble': {
        const at = buffer.indexOf(first);
        if (at < 0) {
          buffer = buffer.subarray(Math.max(0, buffer.length - first.length));
          return false;
        }
        buffer = buffer.subarray(at + first.length);
        state = 'after-delimiter';
        return true;
      }
      case 'after-delimiter': {
        if (buffer.length < 2) return false;
        if (buffer[0] === 0x2d && buffer[1] === 0x2d) {
          state = 'done';
          return false;
        }
        const lineEnd = buffer.indexOf('\r\n');
        if (lineEnd < 0) return false;
        buffer = buffer.subarray(lineEnd + 2);
        state = 'headers';
        return true;
      }
      case 'headers': {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) {
          if (buffer.length > HEADER_LIMIT) throw new MultipartError('a part header is too large');
          return false;
        }
        const headers = parseHeaders(buffer.subarray(0, end).toString('utf8'));
        buffer = buffer.subarray(end + 4);
        if (headers?.fileName !== undefined) sink = fileSink(headers);
        else if (headers !== undefined) field = { name: headers.name, chunks: [], size: 0 };
        state = 'data';
        return true;
      }
      case 'data': {
        const at = buffer.indexOf(delimiter);
        if (at < 0) {
          // Keep a tail that could be the start of a delimiter split across chunks.
          const keep = Math.min(buffer.length, delimiter.length - 1);
          emit(buffer.subarray(0, buffer.length - keep));
          buffer = buffer.subarray(buffer.length - keep);
          return false;
        }
        emit(buffer.subarray(0, at));
        closePart();
        buffer = buffer.subarray(at + delimiter.length);
        state = 'after-delimiter';
        return true;
      }
      case 'done':
        buffer = Buffer.alloc(0);
        return false;
    }
  };

  for await (const chunk of body) {
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    while (step());
  }
  if (state !== 'done') throw new MultipartError('the multipart body ended before its closing boundary');
  return fields;
}
