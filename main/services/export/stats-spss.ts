import { aboutComment, integerChoices, oneLine, packageNames, type BundleScriptInput } from './stats-bundle.ts';

/** SPSS keywords that cannot name a variable. */
const reserved = new Set(['all', 'and', 'by', 'eq', 'ge', 'gt', 'le', 'lt', 'ne', 'not', 'or', 'to', 'with']);

/** Variable names SPSS accepts (at most 64 characters), and which changed. */
export function spssNames(names: ReadonlyArray<string>): ReturnType<typeof packageNames> {
  return packageNames(names, 64, reserved);
}

/** An SPSS string in apostrophes (doubled inside), on one line, cut to `max` characters (SPSS's limits are in bytes). */
export function spssString(text: string, max = Infinity): string {
  let cut = '';
  let bytes = 0;
  for (const char of oneLine(text)) {
    bytes += Buffer.byteLength(char);
    if (bytes > max) break;
    cut += char;
  }
  return `'${cut.replaceAll("'", "''")}'`;
}

/** The longest string SPSS holds in one variable. */
const maxStringBytes = 32767;

function format(kind: string, measure: { bytes: number; decimals: number }): string {
  switch (kind) {
    case 'integer':
      return `F${Math.min(40, Math.max(8, measure.bytes + 1))}.0`;
    case 'number': {
      const decimals = Math.min(16, measure.decimals);
      return `F${Math.min(40, Math.max(8, measure.bytes + 1, decimals + 3))}.${decimals}`;
    }
    case 'date':
      return 'SDATE10';
    case 'datetime':
      return 'YMDHMS19';
    case 'time':
      return 'TIME8';
    default:
      return `A${Math.min(maxStringBytes, Math.max(1, measure.bytes))}`;
  }
}

/**
 * SPSS syntax in the manner of REDCap's SPSS export: GET DATA reads the CSV with a format per
 * variable (strings as wide as their longest value, so nothing is cut), then VARIABLE LABELS,
 * VALUE LABELS for coded fields, and EXECUTE.
 */
export function spssScript(input: BundleScriptInput): string {
  const { columns, dictionary } = input;
  const { names, changed } = spssNames(columns.map((c) => c.name));
  const measures = input.measures ?? columns.map(() => ({ bytes: 255, decimals: 4 }));
  const lines: string[] = [
    '* Carrel: SPSS syntax for the data file beside it.',
    ...aboutComment('*', input.about).map((line) => `${line}`),
    '*',
    `* Change to the folder holding this file and ${input.csvName} (CD 'folder'.), then run all.`,
  ];
  if (changed.length > 0) {
    lines.push('* SPSS names are at most 64 characters of letters, digits and _: these variables were renamed:');
    for (const change of changed) lines.push(`*   ${change.from} -> ${change.to}`);
  }
  const long = columns.filter((_, i) => measures[i]!.bytes > maxStringBytes).length;
  if (long > 0) lines.push(`* ${long} text variable${long === 1 ? ' holds' : 's hold'} values longer than SPSS's ${maxStringBytes} bytes; SPSS keeps the first ${maxStringBytes}.`);
  // Comment lines end with a period in SPSS syntax; a blank line ends a command too.
  for (let i = 0; i < lines.length; i++) lines[i] = `${lines[i]!.replace(/\.?$/, '')}.`;

  lines.push(
    '',
    'GET DATA /TYPE=TXT',
    `  /FILE=${spssString(input.csvName)}`,
    "  /ENCODING='UTF8'",
    '  /DELCASE=LINE',
    "  /DELIMITERS=','",
    '  /QUALIFIER=\'"\'',
    '  /ARRANGEMENT=DELIMITED',
    '  /FIRSTCASE=2',
    '  /VARIABLES=',
    ...columns.map((c, i) => `    ${names[i]} ${format(c.kind, measures[i]!)}`),
    '.',
    '',
    'VARIABLE LABELS',
    ...columns.map((c, i) => `  ${names[i]} ${spssString(dictionary[i]?.label ?? c.label, 255)}${i < columns.length - 1 ? '' : '.'}`),
  );

  const valueLabels: string[] = [];
  columns.forEach((c, i) => {
    const choices = integerChoices(dictionary[i]);
    if (!choices || (c.kind !== 'integer' && c.kind !== 'number')) return;
    if (valueLabels.length > 0) valueLabels.push('  /');
    valueLabels.push(`  ${names[i]}`, ...choices.map((choice) => `    ${Number(choice.code)} ${spssString(choice.label, 120)}`));
  });
  if (valueLabels.length > 0) lines.push('', 'VALUE LABELS', ...valueLabels, '.');
  lines.push('', 'EXECUTE.', '');
  return lines.join('\n');
}
