export type ParamValue = string | number | boolean | ReadonlyArray<string> | undefined;

/**
 * REDCap's API takes form fields; arrays go as `records[0]=…&records[1]=…` (what PyCap and PHP clients
 * send, and what every REDCap version accepts). Undefined values are left out.
 */
export function encodeParams(params: Record<string, ParamValue>): URLSearchParams {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      value.forEach((item, index) => body.append(`${key}[${index}]`, item));
    } else {
      body.append(key, typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value));
    }
  }
  return body;
}
