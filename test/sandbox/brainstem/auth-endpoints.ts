// The token endpoints outside the data portals:
//   POST /api/auth/device/          start the device flow (no auth) → session, codes, URIs, interval
//   POST /api/auth/device/token/    poll {"device_code"}
//   POST /api/auth/token/           {"email","password"} → 1-hour access + 30-day refresh (simplejwt-like)
//   POST /api/auth/token/refresh/   {"refresh"} → new access + rotated refresh
//   POST /api/token/                legacy {"username","password"} → a long-lived token
// The password endpoints are documented historically; whether they still work is unknown (§5).

import { randomBytes } from 'node:crypto';
import type { DeviceFlow } from './device-flow.ts';
import { detail, json, methodNotAllowed, PAGE_NOT_FOUND } from './responses.ts';
import type { ApiResult } from './responses.ts';
import type { Row, Store } from './store.ts';
import { ACCESS_LIFETIME_S } from './tokens.ts';
import type { TokenRegistry } from './tokens.ts';

export interface AuthContext {
  store: Store;
  tokens: TokenRegistry;
  device: DeviceFlow;
  /** http://127.0.0.1:PORT */
  origin: string;
  /** `token` answers /api/token/ in the pre-2025-10 shape {"token": "<40 hex>"}; `access` (default) in the current one. */
  legacyTokenShape: 'access' | 'token';
}

function field(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function required(body: Record<string, unknown>, names: readonly string[]): ApiResult | undefined {
  const missing = names.filter((name) => field(body, name) === undefined);
  if (missing.length === 0) return undefined;
  return json(Object.fromEntries(missing.map((name) => [name, [body[name] === '' ? 'This field may not be blank.' : 'This field is required.']])), 400);
}

function userByCredentials(store: Store, email: string, password: string): Row | undefined {
  for (const user of store.table('user').values()) {
    if (String(user.email).toLowerCase() === email.toLowerCase() && user._password === password && user._active !== false) return user;
  }
  return undefined;
}

export function handleAuth(context: AuthContext, method: string, parts: readonly string[], body: Record<string, unknown>): ApiResult {
  const route = parts.join('/');
  const known = ['auth/device', 'auth/device/token', 'auth/token', 'auth/token/refresh', 'token'];
  if (!known.includes(route)) return PAGE_NOT_FOUND;
  if (method !== 'POST') return methodNotAllowed(method);
  switch (route) {
    case 'auth/device': {
      const grant = context.device.start(typeof body.client_name === 'string' ? body.client_name : 'unknown client');
      const verification = `${context.origin}/account/authorize/`;
      return json({
        session_id: grant.sessionId,
        device_code: grant.deviceCode,
        user_code: grant.userCode,
        verification_uri: verification,
        verification_uri_complete: `${verification}?session=${grant.sessionId}`,
        expires_in: context.device.options.expiresInSeconds,
        interval: context.device.options.intervalSeconds,
      });
    }
    case 'auth/device/token': {
      const missing = required(body, ['device_code']);
      if (missing !== undefined) return missing;
      const answer = context.device.poll(String(body.device_code));
      return json(answer.body, answer.status);
    }
    case 'auth/token': {
      const missing = required(body, ['email', 'password']);
      if (missing !== undefined) return missing;
      const user = userByCredentials(context.store, String(body.email), String(body.password));
      if (user === undefined) return detail(401, 'No active account found with the given credentials');
      const pair = context.tokens.issuePair(Number(user.id));
      return json({ access: pair.access, refresh: pair.refresh, token_type: 'bearer', expires_in: ACCESS_LIFETIME_S });
    }
    case 'auth/token/refresh': {
      const missing = required(body, ['refresh']);
      if (missing !== undefined) return missing;
      const pair = context.tokens.rotate(String(body.refresh));
      if (pair === undefined) return json({ detail: 'Token is invalid or expired', code: 'token_not_valid' }, 401);
      return json({ access: pair.access, refresh: pair.refresh, token_type: 'bearer', expires_in: ACCESS_LIFETIME_S });
    }
    default: {
      const missing = required(body, ['username', 'password']);
      if (missing !== undefined) return missing;
      const user = userByCredentials(context.store, String(body.username), String(body.password));
      if (user === undefined) return json({ non_field_errors: ['Unable to log in with provided credentials.'] }, 400);
      if (context.legacyTokenShape === 'token') {
        const { token } = context.tokens.addPersonal(Number(user.id), 'API token', randomBytes(20).toString('hex'));
        return json({ token });
      }
      const { token, id } = context.tokens.addPersonal(Number(user.id), 'API token');
      return json({ access: token, token_id: id, message: 'Token created successfully' });
    }
  }
}
