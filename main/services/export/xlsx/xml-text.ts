// Text as SpreadsheetML can carry it: characters XML 1.0 forbids removed (and counted), Excel's cell limit
// applied (and counted, never silently), Excel's own `_xHHHH_` escape protected, then XML-escaped.

/** Excel refuses longer cell text (ECMA-376 limit, in UTF-16 code units). */
export const excelCellLimit = 32_767;

export interface TextStats {
  /** Characters removed because XML 1.0 cannot hold them (C0 controls, lone surrogates, U+FFFE/U+FFFF). */
  removedCharacters: number;
  /** Cells whose text was longer than Excel's limit and was cut to it. */
  cutCells: number;
}

export const newTextStats = (): TextStats => ({ removedCharacters: 0, cutCells: 0 });

const forbidden = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const suspicious = /[\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;
const markup = /[&<>\r]/;
const markupAll = /[&<>\r]/g;
const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;', '"': '&quot;' };
// Excel reads `_x0041_` in cell text as the character U+0041; a literal one is written `_x005F_x0041_`.
const excelEscape = /_(x[0-9a-fA-F]{4}_)/g;

/** Escapes text for element content. A CR is written as a reference so XML's line-end normalisation keeps it. */
export function escapeXml(text: string): string {
  return markup.test(text) ? text.replace(markupAll, (c) => entities[c]!) : text;
}

/** Escapes text for a double-quoted attribute value. */
export function escapeAttribute(text: string): string {
  return text.replace(/[&<>"\r\n\t]/g, (c) => entities[c] ?? `&#${c.charCodeAt(0)};`);
}

/** The text of one cell, ready to sit inside `<t>`: cleaned, limited, escaped. */
export function cellText(value: string, stats: TextStats): string {
  let text = value;
  if (suspicious.test(text)) {
    const before = text.length;
    text = text.replace(forbidden, '');
    stats.removedCharacters += before - text.length;
  }
  if (text.length > excelCellLimit) {
    stats.cutCells += 1;
    // Never split a surrogate pair: that would leave a lone half, which XML forbids.
    const last = text.charCodeAt(excelCellLimit - 1);
    text = text.slice(0, last >= 0xd800 && last <= 0xdbff ? excelCellLimit - 1 : excelCellLimit);
  }
  if (text.includes('_x')) text = text.replace(excelEscape, '_x005F_$1');
  return escapeXml(text);
}

/** `<t>` with xml:space="preserve" when leading or trailing white space would otherwise be dropped. */
export function inlineString(escaped: string): string {
  return /^(?:\s|&#13;)|(?:\s|&#13;)$/.test(escaped) ? `<is><t xml:space="preserve">${escaped}</t></is>` : `<is><t>${escaped}</t></is>`;
}

/** Column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}
