// What a client sees when a fault hits: REDCap's own error text where REDCap produces it, a
// gateway's HTML page where a proxy in front of REDCap would answer instead.

import { CONTENT_TYPES } from './encoding.ts';
import type { ApiResult, DataFormat } from './encoding.ts';
import { errorResult } from './errors.ts';
import type { Fault } from './faults.ts';

const OUT_OF_MEMORY =
  'REDCap ran out of server memory. The request cannot be processed. Please try importing/exporting a smaller amount of data.';

const GATEWAY_TITLES: Record<number, string> = {
  429: '429 Too Many Requests',
  502: '502 Bad Gateway',
  503: '503 Service Temporarily Unavailable',
  504: '504 Gateway Time-out',
};

function gatewayPage(title: string): string {
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

// REDCap's generic error page (seen when a session/CSRF check trips) and an SSO login page that
// a campus proxy puts in front of everything: both arrive with 200 OK.
const ERROR_PAGE = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>REDCap</title></head>
<body>
<div id="pagecontainer">
<div class="red">
<b>ERROR!</b><br><br>
An unknown error occurred. This may be caused by having multiple browser tabs or windows open at the
same time. Please close the other tabs or windows and try again.
</div>
</div>
</body>
</html>
`;

const LOGIN_PAGE = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign in - University Single Sign-On</title></head>
<body>
<form method="post" action="/idp/profile/SAML2/Redirect/SSO?execution=e1s1">
<h1>Sign in to continue to REDCap</h1>
<label for="username">NetID</label><input id="username" name="j_username" type="text">
<label for="password">Password</label><input id="password" name="j_password" type="password">
<button type="submit" name="_eventId_proceed">Sign in</button>
</form>
</body>
</html>
`;

export function faultResult(fault: Fault, errorFormat: DataFormat): ApiResult {
  const headers: Record<string, string> = {};
  if (fault.retryAfterSeconds !== undefined) headers['Retry-After'] = String(fault.retryAfterSeconds);
  if (fault.kind === 'html200') {
    return { status: 200, contentType: CONTENT_TYPES.html, body: fault.page === 'login' ? LOGIN_PAGE : ERROR_PAGE, headers };
  }
  const status = fault.status ?? 500;
  const title = GATEWAY_TITLES[status];
  if (title === undefined) return { ...errorResult(status, OUT_OF_MEMORY, errorFormat), headers };
  return { status, contentType: CONTENT_TYPES.html, body: gatewayPage(title), headers };
}

/** Roughly the first half of a body, cut on a character boundary, as a dying PHP worker leaves it. */
export function truncatedBody(body: string): string {
  return body.slice(0, Math.floor(body.length / 2));
}
