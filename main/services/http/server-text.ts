/**
 * Text a server wrote, made fit to quote in a message the user reads (and the log keeps): control
 * characters (NUL, BEL, terminal escapes) and the Unicode direction overrides that can make
 * "exe.txt" read as "txt.exe" are replaced by spaces, runs of white space collapse to one. A server —
 * or whatever answers in its place — must not be able to garble or disguise what Carrel says.
 */
// eslint-disable-next-line no-control-regex
const unquotable = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g;

export function quotableServerText(text: string): string {
  return text.replace(unquotable, ' ').replace(/\s+/g, ' ').trim();
}
