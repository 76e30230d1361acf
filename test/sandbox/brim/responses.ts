// What the API answers with: Brim's envelopes in either generation (reference §0, I-1), Django-Ninja's
// `{"detail": …}` errors, and the HTML pages Django serves itself.

export type ResponseGeneration = '2025' | '2026';

export interface ApiResult {
  status: number;
  json?: unknown;
  html?: string;
  /** A CSV body written row by row, so big exports never sit in memory whole. */
  csv?: { fileName: string; rows: Iterable<readonly string[]> };
  headers?: Record<string, string>;
}

/** 2026 servers wrap data in `{"status":"success","data":…}`; 2025 ones sent `{"data":…}` only. */
export function envelope(generation: ResponseGeneration, data: unknown, status = 200, extra: Record<string, unknown> = {}): ApiResult {
  const body = generation === '2026' ? { status: 'success', data, ...extra } : { data, ...extra };
  return { status, json: body };
}

export const detail = (status: number, message: string, headers?: Record<string, string>): ApiResult => ({
  status, json: { detail: message }, ...(headers === undefined ? {} : { headers }),
});

export const UNAUTHORIZED = detail(401, 'Unauthorized');
export const METHOD_NOT_ALLOWED = detail(405, 'Method not allowed');

export const DJANGO_NOT_FOUND_PAGE = `<!doctype html>
<html lang="en">
<head>
  <title>Not Found</title>
</head>
<body>
  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>
</body>
</html>
`;

export const SERVER_ERROR_PAGE = `<!doctype html>
<html lang="en">
<head>
  <title>Server Error (500)</title>
</head>
<body>
  <h1>Server Error (500)</h1><p></p>
</body>
</html>
`;

/** What an SSO proxy or an expired browser session puts in front of the API, with 200 OK. */
export const LOGIN_PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in | Brim Analytics</title></head>
<body><form method="post" action="/accounts/login/"><input type="email" name="email"><input type="password" name="password"><button type="submit">Sign in</button></form></body></html>
`;

export const NOT_FOUND: ApiResult = { status: 404, html: DJANGO_NOT_FOUND_PAGE };

/** CSV with every field quoted, as Brim's own tooling writes it. */
export function csvLine(fields: readonly string[]): string {
  return `${fields.map((field) => `"${field.replaceAll('"', '""')}"`).join(',')}\r\n`;
}
