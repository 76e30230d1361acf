// A small multipart/form-data reader: enough for curl -F, browsers, requests, httr and undici.
// It works on bytes so file parts survive untouched.

export interface UploadedFile {
  field: string;
  fileName: string;
  contentType: string;
  data: Buffer;
}

export interface FormData {
  entries: Array<[string, string]>;
  files: UploadedFile[];
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

export function boundaryOf(contentType: string): string | undefined {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

/** Parses a multipart body; a malformed body yields what was readable before the damage. */
export function parseMultipart(body: Buffer, boundary: string): FormData {
  const form: FormData = { entries: [], files: [] };
  const delimiter = Buffer.from(`--${boundary}`);
  const nextDelimiter = Buffer.from(`\r\n--${boundary}`);
  let cursor = body.indexOf(delimiter);
  if (cursor < 0) return form;
  cursor += delimiter.length;
  for (;;) {
    // `--` right after a delimiter closes the body.
    if (body[cursor] === 0x2d && body[cursor + 1] === 0x2d) return form;
    if (body.indexOf(CRLF, cursor) !== cursor) return form;
    const headersStart = cursor + CRLF.length;
    const headersEnd = body.indexOf(HEADER_END, headersStart);
    if (headersEnd < 0) return form;
    const dataStart = headersEnd + HEADER_END.length;
    const dataEnd = body.indexOf(nextDelimiter, dataStart);
    if (dataEnd < 0) return form;
    addPart(form, body.subarray(headersStart, headersEnd).toString('utf8'), body.subarray(dataStart, dataEnd));
    cursor = dataEnd + nextDelimiter.length;
  }
}

function addPart(form: FormData, rawHeaders: string, data: Buffer): void {
  let disposition = '';
  let contentType = 'application/octet-stream';
  for (const line of rawHeaders.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-disposition') disposition = value;
    if (name === 'content-type') contentType = value;
  }
  const name = dispositionParam(disposition, 'name');
  if (name === undefined) return;
  const fileName = dispositionParam(disposition, 'filename');
  if (fileName === undefined) {
    form.entries.push([name, data.toString('utf8')]);
  } else {
    form.files.push({ field: name, fileName, contentType, data: Buffer.from(data) });
  }
}

function dispositionParam(disposition: string, param: string): string | undefined {
  const pattern = new RegExp(`(?:^|;)\\s*${param}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, 'i');
  const match = pattern.exec(disposition);
  if (match === null) return undefined;
  if (match[1] !== undefined) return match[1].replace(/\\(.)/g, '$1');
  return match[2]?.trim();
}
