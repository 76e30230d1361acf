/** Ids or names typed one per line, or separated by commas or spaces (as pasted from a spreadsheet column). */
export function splitList(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean))];
}
