/**
 * What a Django REST Framework error body says, whatever its shape (reference §1.8):
 * `{"name": ["This field is required."]}`, nested `{"entries": {"date_time": [...]}}`,
 * `{"non_field_errors": [...]}`, `{"detail": "..."}`, or a bare list `["Invalid filter field: foo"]`.
 */
export interface DrfErrorBody {
  /** `detail`, when the server sent one (auth, permission, not-found, malformed filter key). */
  detail: string | null;
  /** Per-field messages; nested paths are dotted (`entries.date_time`, `0.name` in a bulk body). */
  fields: Record<string, string[]>;
  /** Messages about the request as a whole: `non_field_errors` and bare lists. */
  general: string[];
  /** simplejwt's `code` (`token_not_valid`) and the like. */
  code: string | null;
}

const maxMessages = 50;
const maxLength = 500;

function clip(text: string): string {
  return text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
}

function messagesOf(value: unknown): string[] | null {
  if (typeof value === 'string') return [clip(value)];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return (value as string[]).map(clip);
  return null;
}

function collect(value: unknown, path: string, into: DrfErrorBody): void {
  if (Object.keys(into.fields).length >= maxMessages) return;
  const messages = messagesOf(value);
  if (messages) {
    if (path === '' || path === 'non_field_errors') into.general.push(...messages);
    else into.fields[path] = [...(into.fields[path] ?? []), ...messages];
    return;
  }
  if (Array.isArray(value)) {
    // A list of per-item errors (bulk writes, list fields): empty objects mean "this item was fine".
    value.forEach((item, index) => collect(item, path === '' ? String(index) : `${path}.${index}`, into));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (path === '' && key === 'detail' && typeof inner === 'string') into.detail = clip(inner);
      else if (path === '' && key === 'code' && typeof inner === 'string') into.code = inner;
      else if (path === '' && key === 'messages') continue; // simplejwt's per-token-type list repeats detail
      else collect(inner, path === '' ? key : key === 'non_field_errors' ? path : `${path}.${key}`, into);
    }
  }
}

/** Reads a DRF error body; null when it is not JSON or says nothing. */
export function parseDrfError(text: string): DrfErrorBody | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return null;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return null;
  }
  const body: DrfErrorBody = { detail: null, fields: {}, general: [], code: null };
  collect(value, '', body);
  if (body.detail === null && body.general.length === 0 && Object.keys(body.fields).length === 0) return null;
  return body;
}

/** The body as `details` for an AppError: only what is present. */
export function drfErrorDetails(body: DrfErrorBody | null): Record<string, unknown> {
  if (!body) return {};
  const details: Record<string, unknown> = {};
  if (Object.keys(body.fields).length > 0) details.fields = body.fields;
  const errors = [...(body.detail ? [body.detail] : []), ...body.general];
  if (errors.length > 0) details.errors = errors;
  if (body.code) details.serverCode = body.code;
  return details;
}
