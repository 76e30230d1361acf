import { useEffect, useMemo, useRef, useState } from 'react';
import { maxBulkFiles, type FileFieldTarget, type FileFieldTargets, type FileMatchResult } from '../../../shared/contract/record-files.ts';
import { useApi } from '../../api/api-context.ts';
import { refusal } from '../uploads/upload-queue.ts';
import { recordFieldUploadRules } from '../uploads/upload-rules.ts';
import { useUploadQueue, type UploadQueueHandle } from '../uploads/use-upload-queue.ts';

/** One file of the drop as the preview shows it. */
export interface PreviewRow {
  file: File;
  recordId: string | null;
  /** The file the record's field holds now (uploading replaces it). */
  existing: string | null;
  /** Why it will not be sent (too large, empty, no record, another file for the same record). */
  problem: string | null;
}

interface Destination {
  recordId: string;
  field: string;
  event: string;
  instance: string;
}

// Two files of one name go to one record: the match refuses the second, so the queue's name check is not needed here.
const noNamesSeen: ReadonlySet<string> = new Set();

/**
 * The bulk upload's state: the project's file fields, the chosen field and event, the files of the
 * drop matched to records by main (as the choice changes), and the queue that sends the matched ones,
 * three at a time, each staged and then uploaded like a single file.
 */
export function useBulkFileUpload(options: { connectionId: string; initialFiles: File[]; initialField: string | null; onSettled: (uploaded: number, field: FileFieldTarget) => void }) {
  const { connectionId } = options;
  const api = useApi();
  const [targets, setTargets] = useState<FileFieldTargets | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [fieldName, setFieldName] = useState<string | null>(options.initialField);
  const [eventName, setEventName] = useState('');
  const [files, setFiles] = useState<File[]>(() => options.initialFiles.slice(0, maxBulkFiles));
  const [dropped, setDropped] = useState(Math.max(0, options.initialFiles.length - maxBulkFiles));
  const [match, setMatch] = useState<{ key: string; result: FileMatchResult } | null>(null);
  const [matchError, setMatchError] = useState<unknown>(null);
  const [notSent, setNotSent] = useState<PreviewRow[] | null>(null);

  useEffect(() => {
    let live = true;
    api.call('recordFiles.targets', { connectionId }).then(
      (loaded) => {
        if (!live) return;
        setTargets(loaded);
        setFieldName((current) => (current && loaded.fields.some((f) => f.field === current) ? current : (loaded.fields[0]?.field ?? null)));
      },
      (error: unknown) => live && setLoadError(error),
    );
    return () => {
      live = false;
    };
  }, [api, connectionId]);

  const field = targets?.fields.find((f) => f.field === fieldName) ?? null;
  // The event follows the field: the first event its form is on, unless the chosen one still fits.
  const event = field && field.events.length > 0 ? (field.events.find((e) => e.name === eventName) ?? field.events[0]!) : null;

  // Size and emptiness are checked here, before anything is matched or copied; only the rest go to main.
  const checked = useMemo(() => files.map((file) => ({ file, refused: refusal(file, recordFieldUploadRules, noNamesSeen) })), [files]);
  const candidates = useMemo(() => checked.filter((c) => c.refused === null).map((c) => c.file), [checked]);
  const key = field ? JSON.stringify([field.field, event?.name ?? '', candidates.map((f) => f.name)]) : null;

  useEffect(() => {
    if (!field || key === null || candidates.length === 0) return;
    let live = true;
    setMatchError(null);
    api.call('recordFiles.match', { connectionId, field: field.field, event: event?.name ?? '', fileNames: candidates.map((f) => f.name) }).then(
      (result) => live && setMatch({ key, result }),
      (error: unknown) => live && setMatchError(error),
    );
    return () => {
      live = false;
    };
    // `key` holds the field, the event and the names: the match is asked again only when they change.
  }, [api, connectionId, key]);

  const current = match && match.key === key ? match.result : null;
  const rows = useMemo((): PreviewRow[] | null => {
    if (!current && candidates.length > 0) return null;
    const byFile = new Map(candidates.map((file, i) => [file, current?.matches[i]]));
    return checked.map(({ file, refused }) => {
      if (refused !== null) return { file, recordId: null, existing: null, problem: refused };
      const m = byFile.get(file);
      return { file, recordId: m?.recordId ?? null, existing: m?.existing ?? null, problem: m?.problem ?? null };
    });
  }, [checked, candidates, current]);

  const destinations = useRef(new WeakMap<File, Destination>());
  const queue: UploadQueueHandle = useUploadQueue({
    rules: recordFieldUploadRules,
    send: async (file, report) => {
      const to = destinations.current.get(file);
      if (!to) throw new Error('This file lost its record; add it to a new drop.');
      const staged = await api.stageFile(file);
      report({ state: 'sending' });
      await api.call('recordFiles.upload', { connectionId, recordId: to.recordId, field: to.field, event: to.event, instance: to.instance, stageId: staged.stageId });
      return `→ record ${to.recordId}`;
    },
    onSettled: (uploaded) => field && options.onSettled(uploaded, field),
  });

  const sendable = rows?.filter((r) => r.problem === null && r.recordId !== null) ?? [];
  const start = (): void => {
    if (!field || !rows || !current) return;
    for (const row of sendable) destinations.current.set(row.file, { recordId: row.recordId!, field: field.field, event: event?.name ?? '', instance: current.instance });
    setNotSent(rows.filter((r) => r.problem !== null || r.recordId === null));
    queue.add(sendable.map((r) => r.file));
  };

  const addFiles = (more: File[]): void => {
    const room = Math.max(0, maxBulkFiles - files.length);
    setDropped((n) => n + Math.max(0, more.length - room));
    setFiles((list) => [...list, ...more.slice(0, room)]);
  };

  /** Back to choosing files, for another drop into the same field. */
  const reset = (): void => {
    queue.dismiss();
    setNotSent(null);
    setFiles([]);
    setDropped(0);
    setMatch(null);
  };

  return {
    targets,
    loadError,
    field,
    event,
    repeating: event ? event.repeating : (field?.repeating ?? false),
    chooseField: (name: string) => setFieldName(name),
    chooseEvent: (name: string) => setEventName(name),
    files,
    /** Files beyond the most one drop may hold, left out. */
    dropped,
    addFiles,
    clearFiles: () => {
      setFiles([]);
      setDropped(0);
    },
    rows,
    ignoreCase: current?.ignoreCase ?? false,
    matchError,
    sendable: sendable.length,
    start,
    /** Set once the upload started: the files that were not sent, with why. */
    notSent,
    queue,
    reset,
  };
}

export type BulkFileUpload = ReturnType<typeof useBulkFileUpload>;
