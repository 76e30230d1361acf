import { describe, expect, it } from 'vitest';
import type { DictionaryEntry, ExportColumn } from '../../../main/services/export/export-types.ts';
import { companionCsvName, packageNames, type BundleScriptInput } from '../../../main/services/export/stats-bundle.ts';
import { rScript, rString } from '../../../main/services/export/stats-r.ts';
import { spssScript, spssString } from '../../../main/services/export/stats-spss.ts';
import { stataScript, stataString } from '../../../main/services/export/stats-stata.ts';

const longA = 'participant_reported_outcome_score_baseline';
const longB = 'participant_reported_outcome_score_followup';
const columns: ExportColumn[] = [
  { name: 'record_id', label: 'Record ID', kind: 'id' },
  { name: 'mrn', label: 'MRN', kind: 'text' },
  { name: 'dob', label: 'Date of birth', kind: 'date' },
  { name: 'visit_datetime', label: 'Visit', kind: 'datetime' },
  { name: 'sex', label: 'Sex "at birth"', kind: 'integer' },
  { name: 'site', label: "Site's code", kind: 'text' },
  { name: 'weight_kg', label: 'Weight $ (kg) `x`', kind: 'number' },
  { name: longA, label: 'PRO\nbaseline', kind: 'integer' },
  { name: longB, label: 'PRO follow-up', kind: 'integer' },
];
const entry = (field: string, label: string, choices: Array<[string, string]> = [], type = 'text', validation = ''): DictionaryEntry => ({
  field, label, type, validation, choices: choices.map(([code, l]) => ({ code, label: l })), form: 'enrollment',
});
const dictionary: DictionaryEntry[] = [
  entry('record_id', 'Record ID'),
  entry('mrn', 'MRN'),
  entry('dob', 'Date of birth', [], 'text', 'date_ymd'),
  entry('visit_datetime', 'Visit', [], 'text', 'datetime_ymd'),
  entry('sex', 'Sex "at birth"', [['2', 'Male'], ['1', 'Female'], ['3', "Intersex, or \"other\" 'x'"]], 'radio'),
  entry('site', "Site's code", [['A1', 'North'], ['B2', 'South']], 'dropdown'),
  entry('weight_kg', 'Weight $ (kg) `x`', [], 'text', 'number_1dp'),
  entry(longA, 'PRO\nbaseline'),
  entry(longB, 'PRO follow-up'),
];
const input: BundleScriptInput = {
  csvName: 'study.csv',
  columns,
  dictionary,
  about: [{ key: 'Project', value: 'Cohort (project ID 12)' }, { key: 'Exported at', value: '2026-12-04T21:00:00+01:00' }],
  measures: columns.map((c) => ({ bytes: c.kind === 'text' ? 17 : 6, decimals: c.name === 'weight_kg' ? 1 : 0 })),
};

describe('statistics bundles: the script reads the CSV beside it and applies labels', () => {
  it('names the data file after the script', () => {
    expect(companionCsvName('/home/a/study.do')).toBe('study.csv');
    expect(companionCsvName('/home/a/study.final.r')).toBe('study.final.csv');
  });

  it('R: character columns for IDs and text, factors with levels in the project order, dates, label attributes', () => {
    const script = rScript(input);
    expect(script).toContain('data <- read.csv("study.csv", fileEncoding = "UTF-8", na.strings = "", check.names = FALSE, stringsAsFactors = FALSE,');
    expect(script).toContain('    "record_id" = "character",');
    expect(script).toContain('    "mrn" = "character",');
    expect(script).toContain('    "sex" = "numeric",');
    expect(script).toContain('data[["sex.factor"]] <- factor(data[["sex"]], levels = c("2", "1", "3"), labels = c("Male", "Female", "Intersex, or \\"other\\" \'x\'"))');
    expect(script).toContain('data[["site.factor"]] <- factor(data[["site"]], levels = c("A1", "B2"), labels = c("North", "South"))');
    expect(script).toContain('data[["dob"]] <- as.Date(data[["dob"]], format = "%Y-%m-%d")');
    expect(script).toContain('data[["visit_datetime"]] <- as.POSIXct(data[["visit_datetime"]]');
    expect(script).toContain('attr(data[["sex"]], "label") <- "Sex \\"at birth\\""');
    expect(script).toContain('attr(data[["sex.factor"]], "label") <- "Sex \\"at birth\\""');
    expect(script).toContain(`attr(data[["${longA}"]], "label") <- "PRO\\nbaseline"`);
    // Labels are set last: factor() and as.Date() would drop an attribute set before them.
    expect(script.indexOf('attr(data[["sex"]]')).toBeGreaterThan(script.indexOf('factor(data[["sex"]]'));
    expect(rString('a\\b"c\u0001')).toBe('"a\\\\b\\"c\\x01"');
  });

  it('Stata: strings kept as strings, names cut to 32 characters uniquely, labels and value labels, %td dates', () => {
    const script = stataScript(input);
    expect(script).toContain('import delimited using `"study.csv"\', varnames(nonames) rowrange(2) delimiters(",") bindquote(strict) encoding("utf-8") stringcols(1/4 6) clear');
    const a = longA.slice(0, 32);
    const b = `${longB.slice(0, 30)}_2`;
    expect(a.length).toBe(32);
    expect(b.length).toBe(32);
    expect(script).toContain(`*   ${longA} -> ${a}`);
    expect(script).toContain(`*   ${longB} -> ${b}`);
    expect(script).toContain(`rename (v1 v2 v3 v4 v5 v6 v7 v8 v9) ///\n  (record_id mrn dob visit_datetime sex site weight_kg ${a} ${b})`);
    expect(script).toContain('generate double _carrel_tmp = date(dob, "YMD")');
    expect(script).toContain('format _carrel_tmp %tdCCYY-NN-DD');
    expect(script).toContain('generate double _carrel_tmp = clock(visit_datetime, "YMDhms")');
    expect(script).toContain('label variable sex `"Sex "at birth""\'');
    expect(script).toContain('label variable weight_kg `"Weight \\$ (kg) \\`x\\`"\'');
    expect(script).toContain(`label variable ${a} \`"PRO baseline"'`);
    expect(script).toContain('label define sex 2 `"Male"\' 1 `"Female"\' 3 `"Intersex, or "other" \'x\'"\', replace');
    expect(script).toContain('label values sex sex');
    // Codes that are not integers cannot be Stata value labels: the column stays a string.
    expect(script).not.toContain('label define site');
    expect(stataString('x'.repeat(100), 80)).toBe(`\`"${'x'.repeat(80)}"'`);
  });

  it('SPSS: GET DATA with a format per variable, VARIABLE LABELS, VALUE LABELS, EXECUTE', () => {
    const script = spssScript(input);
    expect(script).toContain("GET DATA /TYPE=TXT\n  /FILE='study.csv'\n  /ENCODING='UTF8'");
    expect(script).toContain('  /FIRSTCASE=2');
    expect(script).toContain('    record_id A6');
    expect(script).toContain('    mrn A17');
    expect(script).toContain('    dob SDATE10');
    expect(script).toContain('    visit_datetime YMDHMS19');
    expect(script).toContain('    sex F8.0');
    expect(script).toContain('    weight_kg F8.1');
    expect(script).toContain("  site 'Site''s code'");
    expect(script).toContain("VALUE LABELS\n  sex\n    2 'Male'\n    1 'Female'\n    3 'Intersex, or \"other\" ''x'''");
    expect(script).not.toMatch(/VALUE LABELS[\s\S]*\bsite\b[\s\S]*EXECUTE/);
    expect(script.trimEnd().endsWith('EXECUTE.')).toBe(true);
    // Every comment line ends with a period, or SPSS would read the next command as part of it.
    for (const line of script.split('\n').filter((l) => l.startsWith('*'))) expect(line.endsWith('.')).toBe(true);
    expect(spssString('é'.repeat(200), 255)).toBe(`'${'é'.repeat(127)}'`);
  });

  it('package names: letters, digits and _, reserved words avoided, unique after cutting', () => {
    const { names, changed } = packageNames(['in', '2nd_visit', 'a-b', 'abc', 'abcd'], 3, new Set(['in']));
    expect(names).toEqual(['in_', 'v2n', 'a_b', 'abc', 'a_2']);
    expect(changed.map((c) => c.from)).toEqual(['in', '2nd_visit', 'a-b', 'abcd']);
  });
});
