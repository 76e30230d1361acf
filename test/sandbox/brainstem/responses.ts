// What the API answers with: JSON bodies (DRF's error texts, reference §1.8) and the few HTML pages
// Django itself serves (404 for unknown URLs, "Server Error (500)").

import type { Json } from './serialize.ts';

export interface ApiResult {
  status: number;
  /** A JSON body; undefined with `html` unset = an empty body (204). */
  json?: Json;
  html?: string;
  headers?: Record<string, string>;
}

export const json = (value: Json, status = 200): ApiResult => ({ status, json: value });
export const detail = (status: number, message: string, headers?: Record<string, string>): ApiResult => ({ status, json: { detail: message }, ...(headers === undefined ? {} : { headers }) });

const BEARER_CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="api"' };

export const NOT_AUTHENTICATED = detail(401, 'Authentication credentials were not provided.', BEARER_CHALLENGE);
/**
 * A bad or expired token. The real text depends on BrainSTEM's auth class (reference §5); the PATs
 * look like simplejwt tokens, so this is simplejwt's body.
 */
export const INVALID_TOKEN: ApiResult = {
  status: 401,
  headers: BEARER_CHALLENGE,
  json: {
    detail: 'Given token not valid for any token type',
    code: 'token_not_valid',
    messages: [{ token_class: 'AccessToken', token_type: 'access', message: 'Token is invalid or expired' }],
  },
};
export const FORBIDDEN = detail(403, 'You do not have permission to perform this action.');
/** DRF < 3.15 wording; ≥ 3.15 says "No Session matches the given query." (reference §1.8). */
export const NOT_FOUND = detail(404, 'Not found.');
export const NO_CONTENT: ApiResult = { status: 204 };
export const methodNotAllowed = (method: string): ApiResult => detail(405, `Method "${method}" not allowed.`);

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

export const PAGE_NOT_FOUND: ApiResult = { status: 404, html: DJANGO_NOT_FOUND_PAGE };

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `?format=api`: a plain stand-in for DRF's browsable API page around the same JSON. */
export function browsablePage(title: string, result: ApiResult): string {
  const body = result.json === undefined ? '' : JSON.stringify(result.json, null, 4);
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${escapeHtml(title)} – Django REST framework</title></head>
<body><div class="navbar">Django REST framework</div>
<h1>${escapeHtml(title)}</h1>
<pre class="response-info"><b>HTTP ${result.status}</b>
<b>Allow:</b> GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS
<b>Content-Type:</b> application/json
<b>Vary:</b> Accept

${escapeHtml(body)}</pre>
</body></html>
`;
}
