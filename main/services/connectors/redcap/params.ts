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

/** The few flags REDCap documents as 0/1 rather than true/false (`delete_logging`, `override`, `backgroundProcess`). */
export function zeroOrOne(value: boolean | undefined): '0' | '1' | undefined {
  return value === undefined ? undefined : value ? '1' : '0';
}

/** Every import sends its rows as one JSON text in `data`, with `format=json` saying so. */
export function jsonData(rows: unknown): string {
  return JSON.stringify(rows);
}

/** Array parameters carry strings; arm numbers and the like are numbers to callers. */
export function textList(values: ReadonlyArray<string | number> | undefined): string[] | undefined {
  return values?.map(String);
}
