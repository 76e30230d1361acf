import type { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import { brimTaskKinds, brimTaskStates, type BrimTask } from '../../../shared/contract/brim.ts';

type TaskKind = (typeof brimTaskKinds)[number];
type TaskState = (typeof brimTaskStates)[number];

const rowSchema = z.object({
  task_id: z.string(),
  kind: z.enum(brimTaskKinds),
  state: z.enum(brimTaskStates),
  message: z.string().nullable(),
  file_name: z.string().nullable(),
  started_at: z.string(),
  updated_at: z.string(),
  finished_at: z.string().nullable(),
  child_task_id: z.string().nullable(),
  job_id: z.string().nullable(),
});

const terminal: ReadonlySet<TaskState> = new Set(['complete', 'error', 'stopped']);

export function isTerminal(state: TaskState): boolean {
  return terminal.has(state);
}

/**
 * The Brim tasks Carrel started or watched for one connection, kept in the connection's cache database so
 * the history survives restarts and goes when the connection is removed. Brim itself offers no task list.
 */
export class BrimTaskHistory {
  private readonly db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.db = db;
  }

  /** Newest first. A row that no longer parses (hand-edited database) is left out rather than failing the page. */
  list(limit = 500): BrimTask[] {
    const rows = this.db.prepare('SELECT * FROM brim_tasks ORDER BY started_at DESC, rowid DESC LIMIT ?').all(limit);
    const out: BrimTask[] = [];
    for (const row of rows) {
      const parsed = rowSchema.safeParse(row);
      if (parsed.success) out.push(toTask(parsed.data));
    }
    return out;
  }

  get(taskId: string): BrimTask | null {
    const parsed = rowSchema.safeParse(this.db.prepare('SELECT * FROM brim_tasks WHERE task_id = ?').get(taskId));
    return parsed.success ? toTask(parsed.data) : null;
  }

  /** Adds a task Carrel started (or began watching); a task already known keeps its kind, file and start time. */
  record(task: { taskId: string; kind: TaskKind; state: TaskState; message?: string | null; fileName?: string | null; jobId?: string | null; childTaskId?: string | null }): BrimTask {
    const now = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO brim_tasks (task_id, kind, state, message, file_name, started_at, updated_at, finished_at, child_task_id, job_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(task_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at,
           message = COALESCE(excluded.message, message), file_name = COALESCE(excluded.file_name, file_name), finished_at = COALESCE(excluded.finished_at, finished_at),
           child_task_id = COALESCE(excluded.child_task_id, child_task_id), job_id = excluded.job_id`,
      )
      .run(task.taskId, task.kind, task.state, task.message ?? null, task.fileName ?? null, now, now, isTerminal(task.state) ? now : null, task.childTaskId ?? null, task.jobId ?? null);
    return this.get(task.taskId)!;
  }

  /** What the server last said about a task; the finish time is set once, when it first reaches an end state. */
  update(taskId: string, change: { state?: TaskState; message?: string | null; childTaskId?: string | null; jobId?: string | null }): void {
    const current = this.get(taskId);
    if (!current) return;
    const state = change.state ?? current.state;
    const now = new Date().toISOString();
    this.db
      .prepare('UPDATE brim_tasks SET state = ?, message = ?, child_task_id = ?, job_id = ?, updated_at = ?, finished_at = ? WHERE task_id = ?')
      .run(
        state,
        change.message !== undefined ? change.message : current.message,
        change.childTaskId !== undefined ? change.childTaskId : current.childTaskId,
        change.jobId !== undefined ? change.jobId : current.jobId,
        now,
        current.finishedAt ?? (isTerminal(state) ? now : null),
        taskId,
      );
  }
}

function toTask(row: z.infer<typeof rowSchema>): BrimTask {
  return {
    taskId: row.task_id,
    kind: row.kind,
    state: row.state,
    message: row.message,
    fileName: row.file_name,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
    childTaskId: row.child_task_id,
    jobId: row.job_id,
  };
}
