import type { BrimTask } from '../../../shared/contract/brim.ts';
import { formatAbsolute } from '../../app/format.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { useJobs } from '../jobs/jobs-context.tsx';
import { extraMessage, formatElapsed, isActive, shortTaskId, taskKindLabels, taskStateBadge, taskStateLabels } from './task-display.ts';

export interface TaskHistoryProps {
  tasks: BrimTask[];
  now: number;
  selectedTaskId: string | null;
  onSelect: (taskId: string | null) => void;
  onWatch: (taskId: string) => void;
  /** Tasks whose Watch/Refresh call is under way. */
  starting: ReadonlySet<string>;
}

/**
 * Brim's tasks for this project, newest first (remembered by Carrel across restarts): what each was,
 * its file, its state as Brim last said it (live while a job follows it), and how long it has run.
 * Choosing a task scopes the results to it.
 */
export function TaskHistory({ tasks, now, selectedTaskId, onSelect, onWatch, starting }: TaskHistoryProps) {
  const { jobs } = useJobs();
  if (tasks.length === 0) {
    return (
      <EmptyState size="inline" headingLevel={3} className="brim-history-empty" title="No tasks yet">
        <p className="muted">Upload notes or documents, then generate: each upload, generation and results export appears here with its status.</p>
      </EmptyState>
    );
  }
  return (
    <ol className="brim-history" data-testid="brim-history">
      {tasks.map((task) => {
        const job = task.jobId ? jobs.find((j) => j.id === task.jobId && j.state === 'running') : undefined;
        const active = isActive(task.state);
        const end = task.finishedAt ? Date.parse(task.finishedAt) : active ? now : Date.parse(task.updatedAt);
        const selected = task.taskId === selectedTaskId;
        return (
          <li key={task.taskId} className={`brim-task${selected ? ' brim-task-selected' : ''}`} data-testid="brim-task" data-task-id={task.taskId} data-task-kind={task.kind} data-task-state={task.state}>
            <div className="brim-task-line">
              <strong>{taskKindLabels[task.kind]}</strong>
              <span className={taskStateBadge[task.state]} data-testid="brim-task-state">
                {active ? <span className="dot" /> : null}
                {taskStateLabels[task.state]}
              </span>
              <span className="spacer" />
              <span className="muted brim-elapsed" title={`Started ${formatAbsolute(task.startedAt)}`} data-testid="brim-task-elapsed">
                {formatElapsed(task.startedAt, end)}
              </span>
            </div>
            <div className="brim-task-line muted">
              <span className="brim-file-name" title={task.fileName ?? undefined}>
                {task.fileName ?? '—'}
              </span>
              <span className="spacer" />
              <span className="mono" title={task.taskId}>
                {shortTaskId(task.taskId)}
              </span>
            </div>
            {job || extraMessage(task.message, task.state) ? <div className="brim-task-message muted">{job?.message ?? task.message}</div> : null}
            <div className="brim-task-actions">
              {job ? (
                <span className="muted">Watching…</span>
              ) : (
                <button type="button" className="btn btn-small" disabled={starting.has(task.taskId)} onClick={() => onWatch(task.taskId)}>
                  {active ? 'Watch' : 'Refresh'}
                </button>
              )}
              {task.kind !== 'export' ? (
                <button type="button" className="btn btn-small" aria-pressed={selected} onClick={() => onSelect(selected ? null : task.taskId)} title="Fetch results for this task only">
                  {selected ? 'Selected for results' : 'Select for results'}
                </button>
              ) : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
