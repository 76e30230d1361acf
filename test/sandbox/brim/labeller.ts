// The deterministic fake labeller. Real Brim asks an LLM; the sandbox reads a few patterns out of
// each note while the upload streams in (so only small findings are kept, never the note text) and
// turns them into labels at generation time. Same notes → same labels, so results are reproducible.

export type VariableType = 'text' | 'boolean' | 'integer' | 'float' | 'timestamp';
export type VariableScope = 'one_per_note' | 'many_per_note' | 'one_per_patient';

export interface Variable {
  name: string;
  type: VariableType;
  scope: VariableScope;
  options: readonly string[] | null;
  defaultValue: string;
  /** Reads the value and its evidence sentence out of one note; undefined when the note says nothing. */
  find(text: string, sentences: readonly string[]): Finding | undefined;
}

export interface Finding {
  /** many_per_note variables may find several values, joined by '\n'. */
  value: string;
  evidence: string;
}

export interface DependentVariable {
  name: string;
  type: VariableType;
  /** Computed from the patient's aggregated labels. */
  decide(patient: ReadonlyMap<string, string>): string;
}

function sentenceWith(sentences: readonly string[], pattern: RegExp): string | undefined {
  return sentences.find((sentence) => pattern.test(sentence));
}

function clip(text: string, max = 240): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const DATE = /(\d{4}-\d{2}-\d{2})|(\d{1,2})\/(\d{1,2})\/(\d{4})/;

function isoDate(match: RegExpExecArray): string {
  if (match[1] !== undefined) return match[1];
  return `${match[4]}-${(match[2] ?? '').padStart(2, '0')}-${(match[3] ?? '').padStart(2, '0')}`;
}

export const VARIABLES: readonly Variable[] = [
  {
    name: 'smoking_status', type: 'text', scope: 'one_per_patient', options: ['Current smoker', 'Former smoker', 'Never smoker'], defaultValue: 'Unknown',
    find(_text, sentences) {
      const sentence = sentenceWith(sentences, /\b(never smoked|non-?smoker|former smoker|quit smoking|current(ly)? smok|smokes|pack[- ]years?)\b/i);
      if (sentence === undefined) return undefined;
      const value = /never smoked|non-?smoker/i.test(sentence) ? 'Never smoker' : /former|quit/i.test(sentence) ? 'Former smoker' : 'Current smoker';
      return { value, evidence: clip(sentence) };
    },
  },
  {
    name: 'diagnosis_date', type: 'timestamp', scope: 'one_per_patient', options: null, defaultValue: '',
    find(_text, sentences) {
      const sentence = sentenceWith(sentences, /diagnos/i);
      const match = sentence === undefined ? null : DATE.exec(sentence);
      return sentence === undefined || match === null ? undefined : { value: isoDate(match), evidence: clip(sentence) };
    },
  },
  {
    name: 'tumor_size_cm', type: 'float', scope: 'one_per_note', options: null, defaultValue: '',
    find(_text, sentences) {
      const sentence = sentenceWith(sentences, /\b\d+(\.\d+)?\s?(cm|mm)\b/i);
      const match = sentence === undefined ? null : /\b(\d+(?:\.\d+)?)\s?(cm|mm)\b/i.exec(sentence);
      if (sentence === undefined || match === null) return undefined;
      const size = Number(match[1]) / ((match[2] ?? '').toLowerCase() === 'mm' ? 10 : 1);
      return { value: String(Math.round(size * 100) / 100), evidence: clip(sentence) };
    },
  },
  {
    name: 'metastasis', type: 'boolean', scope: 'one_per_note', options: ['true', 'false'], defaultValue: '',
    find(_text, sentences) {
      const sentence = sentenceWith(sentences, /metasta/i);
      if (sentence === undefined) return undefined;
      return { value: /\b(no|without|negative for)\b[^.]*metasta/i.test(sentence) ? 'false' : 'true', evidence: clip(sentence) };
    },
  },
  {
    name: 'histology', type: 'text', scope: 'one_per_patient', options: ['Adenocarcinoma', 'Squamous cell carcinoma', 'Small cell carcinoma'], defaultValue: '',
    find(_text, sentences) {
      const sentence = sentenceWith(sentences, /adenocarcinoma|squamous cell|small cell/i);
      if (sentence === undefined) return undefined;
      const value = /adenocarcinoma/i.test(sentence) ? 'Adenocarcinoma' : /squamous/i.test(sentence) ? 'Squamous cell carcinoma' : 'Small cell carcinoma';
      return { value, evidence: clip(sentence) };
    },
  },
  {
    name: 'medications', type: 'text', scope: 'many_per_note', options: null, defaultValue: '',
    find(text) {
      const found = [...new Set([...text.matchAll(/\b(cisplatin|carboplatin|pemetrexed|pembrolizumab|osimertinib|docetaxel)\b/gi)].map((m) => (m[1] ?? '').toLowerCase()))];
      if (found.length === 0) return undefined;
      const sentence = text.split(/(?<=[.!?])\s+/).find((s) => new RegExp(found[0] ?? '', 'i').test(s)) ?? '';
      return { value: found.join('\n'), evidence: clip(sentence) };
    },
  },
];

export const DEPENDENT_VARIABLES: readonly DependentVariable[] = [
  {
    name: 'eligible_for_trial', type: 'boolean',
    decide: (patient) => String(patient.get('histology') === 'Adenocarcinoma' && patient.get('smoking_status') !== 'Current smoker'),
  },
];

export const variableByName = (name: string): Variable | undefined => VARIABLES.find((variable) => variable.name === name);

/** Splits a note into sentences (skipping an enrichment header such as `Provider: …`). */
export function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence !== '' && !/^[A-Z][\w ]+:\s/.test(sentence));
}

/** Reads every variable's finding out of a note; the caller keeps these, not the text. */
export function findAll(text: string): { findings: Record<string, Finding>; firstSentence: string } {
  const sentences = sentencesOf(text);
  const findings: Record<string, Finding> = {};
  for (const variable of VARIABLES) {
    const finding = variable.find(text, sentences);
    if (finding !== undefined) findings[variable.name] = finding;
  }
  return { findings, firstSentence: clip(sentences[0] ?? '', 200) };
}

/** A stable confidence in [0.55, 0.99] for a (note, variable) pair, so exports are reproducible. */
export function confidenceOf(noteId: string, variable: string): string {
  let hash = 2166136261;
  for (const char of `${noteId}\u0000${variable}`) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  return (0.55 + ((hash >>> 0) % 45) / 100).toFixed(2);
}
