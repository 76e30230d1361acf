import { useRef, useState } from 'react';
import { useApi } from '../../api/api-context.ts';
import { ApiError } from '../../api/client.ts';
import { useFileDrop } from '../../components/use-file-drop.ts';
import { UploadQueue } from '../uploads/UploadQueue.tsx';
import { brimDocumentRules } from '../uploads/upload-rules.ts';
import { useJobWaiter } from '../uploads/use-job-waiter.ts';
import { useUploadQueue } from '../uploads/use-upload-queue.ts';
import { extraMessage, taskStateLabels } from './task-display.ts';

/**
 * Reference documents for a Brim project, several at a time: each is staged, sent as its own Brim task
 * and followed to its end; the description typed when they were dropped goes with every one of them.
 */
export function ResourceUploads({ connectionId }: { connectionId: string }) {
  const api = useApi();
  const waitForJob = useJobWaiter();
  const picker = useRef<HTMLInputElement>(null);
  const [description, setDescription] = useState('');
  const descriptions = useRef(new WeakMap<File, string>());
  const queue = useUploadQueue({
    rules: brimDocumentRules,
    send: async (file, report) => {
      const staged = await api.stageFile(file);
      report({ state: 'sending' });
      const text = descriptions.current.get(file) ?? '';
      const { jobId } = await api.call('brim.uploadResource', { connectionId, stageId: staged.stageId, ...(text ? { description: text } : {}) });
      const job = await waitForJob(jobId, (running) => {
        if (running.progress.unit === 'bytes') report({ done: running.progress.done, total: running.progress.total });
      });
      if (job.state === 'failed') throw new ApiError(job.error ?? { code: 'INTERNAL', message: job.message, retryable: true });
      if (job.state === 'cancelled') throw new Error('The upload was cancelled before Brim had the document.');
      const task = job.result?.kind === 'brim-task' ? job.result : null;
      if (!task) return null;
      const said = extraMessage(task.message, task.state);
      const line = `Brim's task: ${taskStateLabels[task.state]}${said ? ` — ${said}` : ''}`;
      if (task.state === 'error' || task.state === 'stopped') throw new Error(line);
      return line;
    },
  });
  const add = (files: File[]): void => {
    for (const file of files) descriptions.current.set(file, description.trim());
    queue.add(files);
  };
  const drop = useFileDrop(add);

  return (
    <section className={`brim-card brim-small-drop${drop.over ? ' brim-drop-over' : ''}`} data-testid="brim-resource" {...drop.props}>
      <h3>Reference documents</h3>
      <div className="muted brim-card-text">PDF, DOCX, TXT or MD documents the abstraction may consult. Several can go at once.</div>
      <label className="brim-field">
        <span>Description (optional, for the documents added next)</span>
        <input type="text" value={description} maxLength={500} onChange={(e) => setDescription(e.target.value)} placeholder="e.g. Staging guideline, 2024 edition" />
      </label>
      <div className="brim-actions">
        <button type="button" className="btn" onClick={() => picker.current?.click()}>
          Choose files…
        </button>
        <span className="muted">or drop them here</span>
        <input
          ref={picker}
          type="file"
          multiple
          accept=".pdf,.docx,.txt,.md,application/pdf,text/plain,text/markdown"
          hidden
          data-testid="brim-resource-input"
          onChange={(event) => {
            const chosen = [...(event.target.files ?? [])];
            event.target.value = '';
            if (chosen.length > 0) add(chosen);
          }}
        />
      </div>
      <UploadQueue queue={queue} title="Reference documents sent" />
    </section>
  );
}
