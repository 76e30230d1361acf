import { aboutComment, type BundleScriptInput } from './stats-bundle.ts';

/** An R string literal: backslashes and double quotes escaped, control characters as escapes. */
export function rString(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '\\') out += '\\\\';
    else if (char === '"') out += '\\"';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return `${out}"`;
}

function column(name: string): string {
  return `data[[${rString(name)}]]`;
}

/**
 * An R script in the manner of REDCap's own R export, with base R only: read the CSV with every text
 * and ID column as character (leading zeros kept), add a `<field>.factor` column for each choice field
 * (codes → labels, in the project's order), turn dates into Date and date-times into POSIXct, and set
 * each variable's label as the "label" attribute that Hmisc, labelled and RStudio's viewer read.
 */
export function rScript(input: BundleScriptInput): string {
  const { columns, dictionary } = input;
  const lines: string[] = [
    '# Carrel: R script for the data file beside it.',
    ...aboutComment('#', input.about),
    '#',
    `# Set the working directory to the folder holding this script and ${input.csvName}, then run:`,
    '#   source("<this file>", encoding = "UTF-8")',
    '',
    `data <- read.csv(${rString(input.csvName)}, fileEncoding = "UTF-8", na.strings = "", check.names = FALSE, stringsAsFactors = FALSE,`,
    '  colClasses = c(',
    ...columns.map((c, i) => `    ${rString(c.name)} = ${rString(c.kind === 'integer' || c.kind === 'number' ? 'numeric' : 'character')}${i < columns.length - 1 ? ',' : ''}`),
    '  ))',
    '',
  ];

  const factors: string[] = [];
  columns.forEach((c, i) => {
    const entry = dictionary[i];
    if (!entry || entry.choices.length === 0) return;
    const levels = entry.choices.map((choice) => rString(choice.code)).join(', ');
    const labels = entry.choices.map((choice) => rString(choice.label)).join(', ');
    factors.push(`${column(`${c.name}.factor`)} <- factor(${column(c.name)}, levels = c(${levels}), labels = c(${labels}))`);
  });
  if (factors.length > 0) lines.push('# Choice fields: the codes stay in the original column; <field>.factor holds the labels.', ...factors, '');

  const times: string[] = [];
  for (const c of columns) {
    if (c.kind === 'date') times.push(`${column(c.name)} <- as.Date(${column(c.name)}, format = "%Y-%m-%d")`);
    if (c.kind === 'datetime') {
      times.push(`${column(c.name)} <- as.POSIXct(${column(c.name)}, tz = "", tryFormats = c("%Y-%m-%d %H:%M:%OS", "%Y-%m-%d %H:%M"), optional = TRUE)`);
    }
  }
  if (times.length > 0) lines.push('# Dates (Y-M-D in the file) and date-times (local time, as entered).', ...times, '');

  lines.push('# Variable labels.');
  columns.forEach((c, i) => {
    const label = dictionary[i]?.label ?? c.label;
    lines.push(`attr(${column(c.name)}, "label") <- ${rString(label)}`);
    if ((dictionary[i]?.choices.length ?? 0) > 0) lines.push(`attr(${column(`${c.name}.factor`)}, "label") <- ${rString(label)}`);
  });
  lines.push('');
  return lines.join('\n');
}
