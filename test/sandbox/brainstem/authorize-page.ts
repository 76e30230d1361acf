// The browser side of the device flow: /account/authorize/ shows the code and Approve / Deny
// buttons; submitting the form decides the code. A test can "click" by POSTing the same form
// (session or user_code, decision=approve|deny, optional email of the approving user).

import type { DeviceFlow } from './device-flow.ts';
import type { Row, Store } from './store.ts';

export interface AuthorizePageContext {
  device: DeviceFlow;
  store: Store;
  /** Who approves when the form names nobody: the sandbox's logged-in browser user. */
  defaultUserId: number;
}

export interface PageResult {
  status: number;
  html: string;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)} | BrainSTEM</title></head>
<body><main><h1>${escape(title)}</h1>
${body}
</main></body></html>
`;
}

function userByEmail(store: Store, email: string): Row | undefined {
  return [...store.table('user').values()].find((user) => String(user.email).toLowerCase() === email.toLowerCase());
}

export function authorizeGet(context: AuthorizePageContext, params: URLSearchParams): PageResult {
  const code = params.get('session') ?? params.get('user_code') ?? '';
  if (code === '') {
    return {
      status: 200,
      html: page('Authorize a device', `<form method="get" action="/account/authorize/">
<label for="user_code">Enter the code shown by your application</label>
<input id="user_code" name="user_code" autocomplete="off" placeholder="WXYZ-1234">
<button type="submit">Continue</button>
</form>`),
    };
  }
  const grant = context.device.find(code);
  if (grant === undefined) return { status: 404, html: page('Unknown code', '<p>This code is not valid. Check it and try again.</p>') };
  if (grant.state !== 'pending') return { status: 200, html: page('Already handled', '<p>This request has already been approved or denied.</p>') };
  if (context.device.isExpired(grant)) return { status: 200, html: page('Code expired', '<p>This code has expired. Start the login again from your application.</p>') };
  return {
    status: 200,
    html: page('Authorize a device', `<p><strong>${escape(grant.clientName)}</strong> wants to access your BrainSTEM account.</p>
<p>Code: <code id="user-code">${escape(grant.userCode)}</code></p>
<form method="post" action="/account/authorize/">
<input type="hidden" name="session" value="${escape(grant.sessionId)}">
<button type="submit" name="decision" value="approve" id="approve">Approve</button>
<button type="submit" name="decision" value="deny" id="deny">Deny</button>
</form>`),
  };
}

export function authorizePost(context: AuthorizePageContext, form: URLSearchParams): PageResult {
  const code = form.get('session') ?? form.get('user_code') ?? '';
  const decision = form.get('decision');
  const email = form.get('email');
  const user = email === null ? context.store.get('user', context.defaultUserId) : userByEmail(context.store, email);
  if (decision !== 'approve' && decision !== 'deny') return { status: 400, html: page('Choose Approve or Deny', '<p>No decision was sent.</p>') };
  if (user === undefined) return { status: 400, html: page('Unknown user', '<p>No such user.</p>') };
  const grant = context.device.find(code);
  if (grant === undefined) return { status: 404, html: page('Unknown code', '<p>This code is not valid.</p>') };
  if (!context.device.decide(code, decision === 'approve', Number(user.id))) {
    return { status: 400, html: page('Cannot change this request', '<p>This code has expired or was already handled.</p>') };
  }
  return decision === 'approve'
    ? { status: 200, html: page('Device approved', '<p>You can close this window and return to your application.</p>') }
    : { status: 200, html: page('Access denied', '<p>The application was not given access.</p>') };
}
