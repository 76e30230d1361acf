import { useRef, useState, useSyncExternalStore } from 'react';
import { UploadQueue, type SendFile, type Summary, type UploadItem, type UploadRules } from './upload-queue.ts';

export interface UploadQueueHandle {
  items: ReadonlyArray<UploadItem<File>>;
  summary: Summary;
  add(files: File[]): void;
  retry(id: string): void;
  retryFailed(): void;
  cancelWaiting(): void;
  dismiss(): void;
}

/**
 * One upload queue for a screen. `send` and `onSettled` may change between renders (they close over
 * the folder shown); the queue always calls the latest ones.
 */
export function useUploadQueue(options: { rules: UploadRules; send: SendFile<File>; onSettled?: (uploaded: number) => void }): UploadQueueHandle {
  const latest = useRef(options);
  latest.current = options;
  const [queue] = useState(
    () =>
      new UploadQueue<File>({
        rules: options.rules,
        send: (file, report) => latest.current.send(file, report),
        onSettled: (uploaded) => latest.current.onSettled?.(uploaded),
      }),
  );
  const items = useSyncExternalStore(
    (listener) => queue.subscribe(listener),
    () => queue.items,
  );

  return {
    items,
    summary: queue.summary(),
    add: (files) => queue.add(files),
    retry: (id) => queue.retry(id),
    retryFailed: () => queue.retryFailed(),
    cancelWaiting: () => queue.cancelWaiting(),
    dismiss: () => queue.dismiss(),
  };
}
