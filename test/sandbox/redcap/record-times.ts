// When seeded records were created and last changed, in the server's local time. Records were
// entered in ID order between 2023-03-01 and 2024-12-20; about half were edited later.

import { daysSinceEpoch, isoDate } from './record-generator.ts';
import type { SeededDraw } from './record-generator.ts';
import type { LocalTime } from './clock.ts';

export interface RecordTimes {
  created: LocalTime;
  modified: LocalTime;
}

const SEED_FIRST_SECOND = daysSinceEpoch('2023-03-01') * 86_400 + 8 * 3600;
const SEED_LAST_SECOND = daysSinceEpoch('2024-12-20') * 86_400 + 17 * 3600;

function localTimeOf(seconds: number): LocalTime {
  const day = Math.floor(seconds / 86_400);
  const rest = seconds - day * 86_400;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${isoDate(day)} ${pad(Math.floor(rest / 3600))}:${pad(Math.floor((rest % 3600) / 60))}:${pad(rest % 60)}`;
}

export function seededTimes(draws: SeededDraw, seededCount: number): RecordTimes {
  const span = SEED_LAST_SECOND - SEED_FIRST_SECOND;
  const created = SEED_FIRST_SECOND + Math.floor(((draws.index + 0.5) / Math.max(1, seededCount)) * span);
  const edited = draws.chance('times:edited', 0.55) ? Math.floor(draws.uniform('times:edit-delay') * 120 * 86_400) : 0;
  return { created: localTimeOf(created), modified: localTimeOf(Math.min(SEED_LAST_SECOND, created + edited)) };
}
