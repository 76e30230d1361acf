import type { PreflightProblem } from '../../../shared/contract/brim.ts';

export type ProblemKind = PreflightProblem['kind'];

/** Kinds that are worth knowing but do not stop an upload. */
const warnings: ReadonlySet<ProblemKind> = new Set(['huge-text']);

/** How a problem weighs, as the report and its problems CSV say it. */
export function problemSeverity(problem: PreflightProblem): 'error' | 'fixable' | 'warning' {
  if (problem.fixable) return 'fixable';
  return warnings.has(problem.kind) ? 'warning' : 'error';
}

/**
 * Every problem is counted; only the first `max` are kept, so a file with a problem on every one of
 * 100,000 rows still gives a small report.
 */
export class ProblemLog {
  readonly counts: Record<string, number> = {};
  private readonly rowProblems: PreflightProblem[] = [];
  /** File-level problems are always listed, first, however many row problems came before them. */
  private readonly fileProblems: PreflightProblem[] = [];
  /** Problems that stop the upload and that the corrected copy cannot fix. */
  blocking = 0;
  /** Problems the corrected copy fixes. */
  fixable = 0;
  private readonly max: number;

  constructor(max: number) {
    this.max = max;
  }

  add(problem: PreflightProblem): void {
    this.counts[problem.kind] = (this.counts[problem.kind] ?? 0) + 1;
    if (problem.fixable) this.fixable++;
    else if (!warnings.has(problem.kind)) this.blocking++;
    if (problem.row === null) this.fileProblems.push(problem);
    else if (this.rowProblems.length < this.max) this.rowProblems.push(problem);
  }

  fileProblem(kind: ProblemKind, message: string, fixable: boolean, column: string | null = null): void {
    this.add({ kind, row: null, column, noteId: null, personId: null, message, fixable });
  }

  list(): PreflightProblem[] {
    return [...this.fileProblems, ...this.rowProblems].slice(0, this.max);
  }
}
