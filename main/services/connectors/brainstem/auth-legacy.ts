import { z } from 'zod';
import type { HttpClient } from '../../http/http-client.ts';
import { BrainstemApi } from './api.ts';
import { passwordError } from './auth-password.ts';

/** Until mid-2025 `{"token": "<40 hex>"}`; from late 2025 `{"access": "…", "token_id": 1, "message": "…"}`. */
const legacySchema = z.union([
  z.looseObject({ token: z.string().min(1) }).transform((body) => body.token),
  z.looseObject({ access: z.string().min(1) }).transform((body) => body.access),
]);

/**
 * The old username/password endpoint (`POST /api/token/`): answers a long-lived token (a personal access
 * token listed on the user's token page). Both answer shapes it has had are read. The password is kept
 * nowhere.
 */
export async function legacyTokenSignIn(http: HttpClient, baseUrl: string, login: { username: string; password: string }, options: { signal?: AbortSignal } = {}): Promise<string> {
  const api = new BrainstemApi(http, { baseUrl, portal: 'private' });
  try {
    const { body } = await api.endpoint(
      { method: 'POST', path: 'api/token/', body: { username: login.username, password: login.password }, signal: options.signal, label: 'sign-in' },
      legacySchema,
      'the sign-in',
    );
    return body;
  } catch (error) {
    throw passwordError(error);
  }
}
