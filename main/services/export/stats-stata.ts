import { aboutComment, integerChoices, oneLine, packageNames, type BundleScriptInput } from './stats-bundle.ts';

/** Stata's reserved names (they cannot name a variable). */
const reserved = new Set(['_all', '_b', 'byte', '_coef', '_cons', 'double', 'float', 'if', 'in', 'int', 'long', '_n', '_pi', '_pred', '_rc', '_skip', 'strl', 'using', 'with']);

/** Variable names Stata accepts (at most 32 characters), and which changed. */
export function stataNames(names: ReadonlyArray<string>): ReturnType<typeof packageNames> {
  return packageNames(names, 32, reserved);
}

/**
 * A Stata string in compound double quotes (`"…"'), which may hold plain double quotes. A backslash
 * before ` and $ stops macro expansion; line breaks cannot appear in a do-file string.
 */
export function stataString(text: string, max = Infinity): string {
  const cut = [...oneLine(text)].slice(0, max).join('');
  return `\`"${cut.replace(/\\(?=[`$])/g, '\\\\').replace(/([`$])/g, '\\$1')}"'`;
}

/** `1 2 3 5` → `1/3 5`: Stata's numlist ranges keep the import line short. */
function numlist(numbers: ReadonlyArray<number>): string {
  const parts: string[] = [];
  for (let i = 0; i < numbers.length; i++) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j++;
    parts.push(j > i ? `${numbers[i]}/${numbers[j]}` : String(numbers[i]));
    i = j;
  }
  return parts.join(' ');
}

/** Names ten to a line, continued with `///`. */
function wrapped(names: ReadonlyArray<string>): string {
  const lines: string[] = [];
  for (let i = 0; i < names.length; i += 10) lines.push(names.slice(i, i + 10).join(' '));
  return lines.join(' ///\n    ');
}

/**
 * A do-file in the manner of REDCap's Stata export: import the CSV with text and ID columns kept as
 * strings (leading zeros stay), give variables Stata-safe names (at most 32 characters), label them,
 * attach value labels to coded fields, and turn Y-M-D dates into Stata dates (%td) and date-times
 * into clock values (%tc).
 */
export function stataScript(input: BundleScriptInput): string {
  const { columns, dictionary } = input;
  const { names, changed } = stataNames(columns.map((c) => c.name));
  const strings = columns.flatMap((c, i) => (c.kind === 'integer' || c.kind === 'number' ? [] : [i + 1]));
  const lines: string[] = [
    '* Carrel: Stata do-file for the data file beside it.',
    ...aboutComment('*', input.about),
    '*',
    `* Change to the folder holding this do-file and ${input.csvName} (cd "…"), then: do "<this file>"`,
  ];
  if (changed.length > 0) {
    lines.push('* Stata names are at most 32 characters of letters, digits and _: these variables were renamed:');
    for (const change of changed) lines.push(`*   ${change.from} -> ${change.to}`);
  }
  lines.push(
    '',
    'clear',
    // No names from the file: Stata would rename long or odd ones its own way. Row 1 (the header) is skipped.
    `import delimited using ${stataString(input.csvName)}, varnames(nonames) rowrange(2) delimiters(",") bindquote(strict) encoding("utf-8") ${strings.length > 0 ? `stringcols(${numlist(strings)}) ` : ''}clear`,
    '',
  );
  // Variables are v1…vN until renamed. One group rename, so that a field called `v2` cannot collide.
  const from = names.map((_, i) => `v${i + 1}`);
  lines.push(`rename (${wrapped(from)}) ///`, `  (${wrapped(names)})`, '');

  columns.forEach((c, i) => {
    const name = names[i]!;
    if (c.kind === 'date') {
      lines.push(`generate double _carrel_tmp = date(${name}, "YMD")`, 'format _carrel_tmp %tdCCYY-NN-DD', `order _carrel_tmp, after(${name})`, `drop ${name}`, `rename _carrel_tmp ${name}`);
    } else if (c.kind === 'datetime') {
      lines.push(
        `generate double _carrel_tmp = clock(${name}, "YMDhms")`,
        `replace _carrel_tmp = clock(${name}, "YMDhm") if missing(_carrel_tmp) & ${name} != ""`,
        'format _carrel_tmp %tcCCYY-NN-DD_HH:MM:SS',
        `order _carrel_tmp, after(${name})`,
        `drop ${name}`,
        `rename _carrel_tmp ${name}`,
      );
    }
  });

  lines.push('', '* Variable labels (Stata keeps the first 80 characters).');
  columns.forEach((c, i) => lines.push(`label variable ${names[i]} ${stataString(dictionary[i]?.label ?? c.label, 80)}`));

  const valueLabels: string[] = [];
  columns.forEach((c, i) => {
    const choices = integerChoices(dictionary[i]);
    if (!choices || (c.kind !== 'integer' && c.kind !== 'number')) return;
    const pairs = choices.map((choice) => `${Number(choice.code)} ${stataString(choice.label)}`).join(' ');
    valueLabels.push(`label define ${names[i]} ${pairs}, replace`, `label values ${names[i]} ${names[i]}`);
  });
  if (valueLabels.length > 0) lines.push('', '* Value labels: the codes stay; Stata shows their labels.', ...valueLabels);
  lines.push('');
  return lines.join('\n');
}
