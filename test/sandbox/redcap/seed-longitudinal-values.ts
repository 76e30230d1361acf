// Rows and values for "Heart Failure Follow-up Study (demo)". A record belongs to one arm and has
// rows for a plausible part of that arm's schedule: screening always, later visits only after the
// earlier ones, unscheduled visits and adverse events as repeating instances. About 3.2 rows per
// record on average, all drawn from the seed when asked for.

import { clamp, daysSinceEpoch, isoDate } from './record-generator.ts';
import type { Draws, FieldGenerator, RecordRecipe, RowSpec, SeededDraw, ValueContext } from './record-generator.ts';

const FIRST_SCREENING = daysSinceEpoch('2022-01-10');
const LAST_SCREENING = daysSinceEpoch('2024-05-31');
const EVENT_OFFSETS: Record<string, number> = {
  screening_arm_1: 0, baseline_arm_1: 14, month_3_arm_1: 90, month_6_arm_1: 180, screening_arm_2: 0, baseline_arm_2: 14,
};
const AE_EVENTS = new Set(['baseline_arm_1', 'month_3_arm_1', 'month_6_arm_1', 'baseline_arm_2']);
const AE_TERMS = [
  'Dizziness', 'Hyperkalaemia', 'Hypotension', 'Worsening heart failure', 'Acute kidney injury', 'Cough', 'Fall',
  'Atrial fibrillation', 'Gout flare', 'Pneumonia', 'Nausea', 'Peripheral oedema', 'Syncope', 'Headache',
];
const LETTERS = 'ABCDEFGHIJKLMNOPRSTVWY';
const AREA_CODES = ['615', '312', '617', '206', '404', '512', '303', '919'];

function between(draws: Draws, salt: string, low: number, high: number): number {
  return low + Math.floor(draws.uniform(salt) * (high - low + 1));
}

function count(draws: Draws, salt: string, weights: readonly number[]): number {
  return Number(draws.weighted(salt, weights.map((weight, n) => [String(n), weight] as const)));
}

function eligible(draws: Draws): boolean {
  return draws.chance('eligible', 0.8);
}

/** The rows of one record: its arm, the visits it reached, its unscheduled visits and adverse events. */
export function heartFailureLayout(draws: SeededDraw): RowSpec[] {
  const arm = draws.chance('arm', 0.7) ? 1 : 2;
  const rows: RowSpec[] = [{ event: `screening_arm_${arm}`, repeatInstrument: '', repeatInstance: 0 }];
  if (!eligible(draws)) return rows;
  const visits = [`baseline_arm_${arm}`];
  if (arm === 1 && draws.chance('reached-month-3', 0.75)) {
    visits.push('month_3_arm_1');
    if (draws.chance('reached-month-6', 0.75)) visits.push('month_6_arm_1');
  }
  for (const event of visits) {
    rows.push({ event, repeatInstrument: '', repeatInstance: 0 });
    const adverse = count(draws, `ae-count:${event}`, [78, 14, 5, 2, 1]);
    for (let n = 1; n <= adverse; n++) rows.push({ event, repeatInstrument: 'adverse_events', repeatInstance: n });
  }
  if (arm === 1) {
    const unscheduled = count(draws, 'unscheduled-count', [80, 15, 5]);
    for (let n = 1; n <= unscheduled; n++) rows.push({ event: 'unscheduled_arm_1', repeatInstrument: '', repeatInstance: n });
  }
  return rows;
}

function screeningDay(c: ValueContext): number {
  return between(c.recordDraws, 'screening-day', FIRST_SCREENING, LAST_SCREENING);
}

/** The day of this row's visit: the schedule's offset plus a few days either way. */
function visitDay(c: ValueContext): number {
  const offset = c.event === 'unscheduled_arm_1' ? 20 + c.instance * 37 + between(c, 'unscheduled-offset', 0, 20) : (EVENT_OFFSETS[c.event] ?? 0);
  return screeningDay(c) + offset + (offset === 0 ? 0 : between(c, 'visit-jitter', -4, 4));
}

function clock(c: ValueContext, salt: string, seconds: boolean): string {
  const minutes = between(c, salt, 8 * 60, 17 * 60 + 45);
  const text = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return seconds ? `${text}:${String(between(c, `${salt}:s`, 0, 59)).padStart(2, '0')}` : text;
}

const fields: Record<string, FieldGenerator> = {
  study_id: (c) => String(c.index + 1),
  screen_date: (c) => isoDate(screeningDay(c)),
  initials: (c) => `${c.recordDraws.pick('initial-1', [...LETTERS])}${c.recordDraws.pick('initial-2', [...LETTERS])}`,
  age_at_screening: (c) => String(Math.round(clamp(c.recordDraws.normal('age', 68, 11), 30, 95))),
  nyha_class: (c) => c.recordDraws.weighted('nyha', [['1', 15], ['2', 45], ['3', 33], ['4', 7]]),
  eligible: (c) => (eligible(c.recordDraws) ? '1' : '0'),
  consent_date: (c) => (eligible(c.recordDraws) ? isoDate(screeningDay(c) + between(c, 'consent-delay', 0, 6)) : ''),

  sex: (c) => c.recordDraws.weighted('sex', [['1', 42], ['2', 58]]),
  ethnicity: (c) => c.recordDraws.weighted('ethnicity', [['1', 14], ['2', 80], ['3', 6]]),
  email: (c) => (c.chance('email-blank', 0.15) ? '' : `hf.participant${c.index + 1}@example.org`),
  phone: (c) => (c.chance('phone-blank', 0.2) ? '' : `(${c.recordDraws.pick('area', AREA_CODES)}) 555-02${String(between(c.recordDraws, 'line', 0, 99)).padStart(2, '0')}`),

  visit_date: (c) => isoDate(visitDay(c)),
  visit_time: (c) => clock(c, 'visit-time', false),
  weight_kg: (c) => clamp(c.recordDraws.normal('weight', 84, 17) + c.normal('weight-drift', 0, 1.8), 40, 220).toFixed(1),
  sbp: (c) => String(Math.round(clamp(c.normal('sbp', 124, 17), 80, 210))),
  heart_rate: (c) => String(Math.round(clamp(c.normal('heart-rate', 74, 12), 42, 140))),
  symptoms: (c) => {
    const severity = Number(c.recordDraws.weighted('nyha', [['1', 15], ['2', 45], ['3', 33], ['4', 7]]));
    const odds: Array<[string, number]> = [['1', 0.12 * severity], ['2', 0.09 * severity], ['3', 0.1 * severity], ['4', 0.02 * severity]];
    return odds.filter(([code, p]) => c.chance(`symptom-${code}`, p)).map(([code]) => code).join(',');
  },

  lab_datetime: (c) => `${isoDate(visitDay(c))} ${clock(c, 'lab-time', true)}`,
  potassium: (c) => clamp(c.normal('potassium', 4.3, 0.45), 2.9, 6.4).toFixed(2),
  creatinine: (c) => clamp(c.recordDraws.normal('creatinine', 1.25, 0.35) + c.normal('creatinine-drift', 0, 0.08), 0.5, 4.5).toFixed(2),
  ntprobnp: (c) => String(Math.round(clamp(Math.exp(c.normal('ntprobnp', 7.2, 0.9)), 60, 35000))),
  egfr: (c) => {
    const creatinine = Number(c.value('creatinine'));
    return c.value('creatinine') === '' || !Number.isFinite(creatinine) || creatinine === 0 ? '' : String(Math.round(90 / creatinine));
  },

  ae_term: (c) => c.pick('ae-term', AE_TERMS),
  ae_onset: (c) => isoDate(visitDay(c) - between(c, 'ae-before', 0, 40)),
  ae_severity: (c) => c.weighted('ae-severity', [['1', 60], ['2', 32], ['3', 8]]),
  ae_serious: (c) => (c.chance('ae-serious', 0.1) ? '1' : '0'),
  ae_report: (c) => (c.chance('ae-report', 0.2) ? `ae_report_${c.index + 1}_${c.instance}.pdf` : ''),

  completion_date: (c) => isoDate(visitDay(c) + between(c, 'completion-delay', 0, 10)),
  study_status: (c) => c.weighted('study-status', [['1', 78], ['2', 10], ['3', 8], ['4', 4]]),
  completion_notes: (c) => (c.chance('completion-notes', 0.2) ? c.pick('completion-note', ['Moved out of state', 'Transferred to hospice care', 'Completed all visits, "very motivated"', 'Withdrew after\nsecond hospitalisation']) : ''),
};

export const heartFailureRecipe: RecordRecipe = {
  forms: {
    screening: { emptyChance: 0, status: [['2', 90], ['1', 4], ['0', 6]] },
    demographics: { emptyChance: 0.03, status: [['2', 86], ['1', 6], ['0', 8]] },
    vitals: { emptyChance: 0, status: [['2', 82], ['1', 8], ['0', 10]] },
    labs: { emptyChance: 0.15, status: [['2', 75], ['1', 10], ['0', 15]] },
    adverse_events: { emptyChance: 0, status: [['2', 70], ['1', 15], ['0', 15]] },
    completion: { emptyChance: 0.35, status: [['2', 80], ['1', 5], ['0', 15]] },
  },
  fields,
  blankWhenIncomplete: 0.3,
  layout: heartFailureLayout,
};
