// Plausible values for "Cardiometabolic Cohort (demo)". Every value satisfies its field's
// validation and choices; calc fields are computed from the values they reference.

import { clamp, daysSinceEpoch, isoDate } from './record-generator.ts';
import type { FieldGenerator, RecordRecipe, ValueContext } from './record-generator.ts';

const FEMALE_NAMES = [
  'Maria', 'Olivia', 'Aisha', 'Zoë', 'Émilie', 'Ngozi', 'Priya', 'Hannah', 'Sofía', 'Mei', 'Fatima',
  'Grace', 'Ingrid', 'Yuki', 'Chloé', '美玲', '秀英', 'Ana', 'Laura', 'Keisha',
];
const MALE_NAMES = [
  'James', 'José', 'Liam', 'Wei', 'Mohammed', 'Søren', 'Oluwaseun', 'Hiroshi', 'Mateo', 'Noah',
  'Björn', 'Raj', 'Daniel', 'Kwame', 'Luca', '伟', '志强', 'Ethan', 'Diego', 'Tomás',
];
const LAST_NAMES = [
  'Smith', 'García', 'Nguyễn', "O'Brien", 'Müller', 'Johnson', 'Kowalski', '王', '李', 'Brown',
  'Hernández', 'Dubois', 'Okafor', 'Patel', 'Kim', 'Østergaard', 'van der Berg', 'Williams',
  'Suzuki', '张', 'Rossi', 'Jones', 'Martínez', 'Haddad', 'Yamamoto', 'Lee', 'Davis', 'Novak',
];
const AREA_CODES = ['615', '312', '617', '206', '404', '512', '303', '919', '713', '801'];
// New England ZIP codes start with 0 — a classic victim of spreadsheets that treat IDs as numbers.
const ZIP_CODES = ['02139', '02115', '06510', '37203', '60614', '98105', '10027', '30322', '78712', '80203', '94110', '01003'];
const MEDICATIONS = [
  'Metformin 500 mg, twice daily',
  'Atorvastatin 20 mg, once daily at night',
  'Lisinopril 10 mg once daily ("water pill" stopped in 2022)',
  'Aspirin 81 mg',
  'Insulin glargine 20 units at bedtime',
  'Amlodipine 5 mg, once daily',
  'Empagliflozin 10 mg — started after "borderline" HbA1c',
  'Levothyroxine 75 µg',
];
const VISIT_NOTES = [
  'Participant arrived late; BP re-measured after 10 min.',
  'Cuff size: large adult',
  'Reports "white coat" anxiety, second reading used',
  'Fasting not confirmed,\nsample drawn anyway',
  'Interpreter present (中文).',
  'Left arm used: right arm has an AV fistula',
  'Wore shoes during height measurement; corrected by -2 cm',
];

const FIRST_VISIT_DAY = daysSinceEpoch('2021-01-04');
const LAST_VISIT_DAY = daysSinceEpoch('2024-12-20');
const OLDEST_DOB_DAY = daysSinceEpoch('1938-01-01');
const YOUNGEST_DOB_DAY = daysSinceEpoch('2005-12-31');

function between(context: ValueContext, salt: string, low: number, high: number): number {
  return low + Math.floor(context.uniform(salt) * (high - low + 1));
}

function visitDay(context: ValueContext): number {
  return between(context, 'visit-day', FIRST_VISIT_DAY, LAST_VISIT_DAY);
}

function emailSlug(name: string): string {
  return name.normalize('NFD').toLowerCase().replaceAll('ø', 'o').replace(/[^a-z]/g, '');
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** REDCap stores calc results as PHP prints numbers: `27.0` becomes `27`. */
function calcNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : '';
}

function numberOrNaN(text: string): number {
  return text === '' ? Number.NaN : Number(text);
}

const fields: Record<string, FieldGenerator> = {
  record_id: (c) => String(c.index + 1),
  // A bijection of the record index (7919 is coprime with 10^6): unique, and record 1 is "000123".
  mrn: (c) => String((c.index * 7919 + 123) % 1_000_000).padStart(6, '0'),
  first_name: (c) => {
    const sex = c.value('sex');
    const names = sex === '1' ? FEMALE_NAMES : sex === '2' ? MALE_NAMES : [...FEMALE_NAMES, ...MALE_NAMES];
    return c.pick('first-name', names);
  },
  last_name: (c) => c.pick('last-name', LAST_NAMES),
  dob: (c) => isoDate(between(c, 'dob', OLDEST_DOB_DAY, YOUNGEST_DOB_DAY)),
  sex: (c) => c.weighted('sex', [['1', 52], ['2', 47], ['3', 1]]),
  race: (c) => {
    const primary = c.weighted('race', [['1', 2], ['2', 12], ['3', 18], ['4', 60], ['5', 5], ['', 3]]);
    if (primary === '' || !c.chance('race-second', 0.06)) return primary;
    const second = c.pick('race-second-code', ['1', '2', '3', '4', '5']);
    return second === primary ? primary : [primary, second].sort().join(',');
  },
  email: (c) => {
    if (c.chance('email-blank', 0.08)) return '';
    const first = emailSlug(c.value('first_name'));
    const last = emailSlug(c.value('last_name'));
    const local = first !== '' && last !== '' ? `${first}.${last}` : 'participant';
    return `${local}${c.index + 1}@example.org`;
  },
  phone: (c) => {
    if (c.chance('phone-blank', 0.12)) return '';
    return `(${c.pick('area-code', AREA_CODES)}) 555-01${String(between(c, 'phone-line', 0, 99)).padStart(2, '0')}`;
  },
  zip: (c) => {
    const zip = c.pick('zip', ZIP_CODES);
    return c.chance('zip-plus4', 0.05) ? `${zip}-${String(between(c, 'zip4', 1, 9999)).padStart(4, '0')}` : zip;
  },
  consent_form: (c) => (c.chance('consent-file', 0.15) ? `consent_${c.value('mrn')}.pdf` : ''),

  smoking_status: (c) => c.weighted('smoking', [['0', 55], ['1', 30], ['2', 15]]),
  diabetes: (c) => (c.chance('diabetes', 0.22) ? '1' : '0'),
  diabetes_type: (c) => (c.value('diabetes') === '1' ? c.weighted('diabetes-type', [['1', 8], ['2', 84], ['3', 3], ['4', 5]]) : ''),
  hypertension: (c) => (c.chance('hypertension', 0.38) ? '1' : '0'),
  conditions: (c) => {
    const diabetic = c.value('diabetes') === '1';
    const odds: Array<[string, string, number]> = [
      ['1', 'condition-1', 0.09], ['2', 'condition-2', 0.04], ['3', 'condition-3', 0.03], ['4', 'condition-4', diabetic ? 0.15 : 0.05],
    ];
    return odds.filter(([, salt, p]) => c.chance(salt, p)).map(([code]) => code).join(',');
  },
  medications: (c) => {
    if (c.chance('medications-blank', 0.35)) return '';
    const count = between(c, 'medication-count', 1, 3);
    const start = between(c, 'medication-start', 0, MEDICATIONS.length - 1);
    return Array.from({ length: count }, (_, i) => MEDICATIONS[(start + i) % MEDICATIONS.length]).join('\n');
  },

  visit_datetime: (c) => {
    const minutes = between(c, 'visit-slot', 32, 67) * 15; // 08:00 … 16:45
    const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    return `${isoDate(visitDay(c))} ${time}`;
  },
  height_cm: (c) => {
    const sex = c.value('sex');
    const mean = sex === '1' ? 162 : sex === '2' ? 176 : 169;
    const height = Math.round(clamp(c.normal('height', mean, 7), 140, 205));
    return c.chance('height-half', 0.3) ? `${height}.5` : String(height);
  },
  weight_kg: (c) => {
    const height = Number(c.value('height_cm') || '170') / 100;
    const bmi = clamp(c.normal('bmi-target', c.value('diabetes') === '1' ? 31 : 28, 5.5), 17, 55);
    return clamp(bmi * height * height, 38, 240).toFixed(1);
  },
  bmi: (c) => {
    const height = numberOrNaN(c.value('height_cm')) / 100;
    return calcNumber(round1(numberOrNaN(c.value('weight_kg')) / (height * height)));
  },
  sbp: (c) => {
    const age = (visitDay(c) - between(c, 'dob', OLDEST_DOB_DAY, YOUNGEST_DOB_DAY)) / 365.25;
    const mean = 118 + (c.value('hypertension') === '1' ? 14 : 0) + (age - 50) * 0.4;
    return String(Math.round(clamp(c.normal('sbp', mean, 14), 85, 220)));
  },
  dbp: (c) => {
    const sbp = Number(c.value('sbp') || '120');
    const mean = 76 + (c.value('hypertension') === '1' ? 6 : 0);
    return String(Math.round(clamp(c.normal('dbp', mean, 9), 50, Math.min(130, sbp - 15))));
  },
  visit_notes: (c) => (c.chance('visit-notes', 0.22) ? c.pick('visit-note', VISIT_NOTES) : ''),

  lab_date: (c) => isoDate(visitDay(c) + between(c, 'lab-delay', 0, 14)),
  hba1c: (c) => {
    const value = c.value('diabetes') === '1' ? clamp(c.normal('hba1c', 7.4, 1.3), 5.7, 13.5) : clamp(c.normal('hba1c', 5.4, 0.35), 4.2, 6.4);
    return value.toFixed(1);
  },
  total_chol: (c) => String(Math.round(clamp(c.normal('total-chol', 196, 36), 110, 360))),
  hdl: (c) => {
    const total = Number(c.value('total_chol') || '196');
    return String(Math.round(clamp(c.normal('hdl', c.value('sex') === '1' ? 58 : 47, 12), 22, Math.min(110, total - 40))));
  },
  non_hdl: (c) => calcNumber(numberOrNaN(c.value('total_chol')) - numberOrNaN(c.value('hdl'))),
};

export const cardiometabolicRecipe: RecordRecipe = {
  forms: {
    enrollment: { emptyChance: 0, status: [['2', 88], ['1', 4], ['0', 8]] },
    medical_history: { emptyChance: 0.06, status: [['2', 85], ['1', 5], ['0', 10]] },
    baseline_visit: { emptyChance: 0.09, status: [['2', 84], ['1', 6], ['0', 10]] },
    laboratory: { emptyChance: 0.22, status: [['2', 80], ['1', 8], ['0', 12]] },
  },
  fields,
  blankWhenIncomplete: 0.35,
  // Three recruiting sites; a few records were never assigned to one.
  dag: (draws) => draws.weighted('dag', [['vanderbilt', 45], ['boston', 30], ['chicago', 20], ['', 5]]),
};
