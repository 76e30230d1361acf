import { describe, expect, it } from 'vitest';
import { UploadQueue, refusal, summaryText, type QueueFile, type UploadRules } from '../../../renderer/features/uploads/upload-queue.ts';
import { brimDocumentRules, repositoryUploadRules } from '../../../renderer/features/uploads/upload-rules.ts';

const rules: UploadRules = { maxBytes: 1000, targetLabel: 'the file repository' };
const file = (name: string, size = 10): QueueFile => ({ name, size });

/** A send the test finishes by hand, one file at a time, to watch what is in flight. */
function manualSend() {
  const pending = new Map<string, { resolve: () => void; reject: (e: Error) => void }>();
  const calls: string[] = [];
  const send = (f: QueueFile, report: (u: { state?: 'staging' | 'sending' }) => void) =>
    new Promise<void>((resolve, reject) => {
      calls.push(f.name);
      report({ state: 'sending' });
      pending.set(f.name, { resolve, reject });
    });
  const settle = async (name: string, error?: string) => {
    const p = pending.get(name)!;
    pending.delete(name);
    if (error) p.reject(new Error(error));
    else p.resolve();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { send, pending, calls, settle };
}

const states = (queue: UploadQueue) => Object.fromEntries(queue.items.map((i) => [i.file.name, i.state]));

describe('upload queue checks before sending', () => {
  it('refuses empty files, too-large files, wrong types and repeated names in one drop, saying why', () => {
    expect(refusal(file('a.txt', 0), rules, new Set())).toMatch(/empty/);
    expect(refusal(file('a.txt', 1001), rules, new Set())).toMatch(/larger than .* the file repository/);
    expect(refusal(file('scan.zip', 10), brimDocumentRules, new Set())).toBe('Only PDF, DOCX, TXT, MD files can be sent to Brim.');
    expect(refusal(file('Protocol.PDF', 10), brimDocumentRules, new Set())).toBeNull();
    expect(refusal(file('notes', 10), brimDocumentRules, new Set())).toMatch(/Only PDF/);
    expect(refusal(file('a.txt'), rules, new Set(['a.txt']))).toMatch(/Another file named a\.txt/);
    expect(refusal(file('a.txt', 500 * 1024 * 1024), repositoryUploadRules, new Set())).toBeNull();
    expect(refusal(file('a.txt', 500 * 1024 * 1024 + 1), repositoryUploadRules, new Set())).toMatch(/500 MB/);
  });

  it('skips refused files of a drop and sends the rest; a duplicate name sends only the first', async () => {
    const m = manualSend();
    const queue = new UploadQueue({ send: m.send, rules });
    queue.add([file('a.txt'), file('empty.txt', 0), file('A.TXT'), file('b.txt')]);
    expect(states(queue)).toEqual({ 'a.txt': 'sending', 'empty.txt': 'skipped', 'A.TXT': 'skipped', 'b.txt': 'sending' });
    expect(m.calls).toEqual(['a.txt', 'b.txt']);
  });
});

describe('upload queue sending', () => {
  it('has at most three files in flight and starts the next as one finishes', async () => {
    const m = manualSend();
    const queue = new UploadQueue({ send: m.send, rules });
    queue.add(['1', '2', '3', '4', '5'].map((n) => file(`${n}.txt`)));
    expect(m.calls).toEqual(['1.txt', '2.txt', '3.txt']);
    expect(queue.items.filter((i) => i.state === 'waiting').map((i) => i.file.name)).toEqual(['4.txt', '5.txt']);
    await m.settle('2.txt');
    expect(m.calls).toEqual(['1.txt', '2.txt', '3.txt', '4.txt']);
    expect(queue.summary()).toEqual({ done: 1, failed: 0, skipped: 0, active: 4 });
  });

  it('keeps the error message of a failed file, retries it alone or all failed at once', async () => {
    const m = manualSend();
    const queue = new UploadQueue({ send: m.send, rules });
    queue.add([file('a.txt'), file('b.txt'), file('c.txt')]);
    await m.settle('a.txt', 'REDCap answered 500');
    await m.settle('b.txt', 'Lost contact');
    await m.settle('c.txt');
    expect(queue.items.map((i) => [i.state, i.message])).toEqual([
      ['failed', 'REDCap answered 500'],
      ['failed', 'Lost contact'],
      ['done', null],
    ]);
    expect(summaryText(queue.summary())).toBe('1 uploaded, 2 failed');

    queue.retry(queue.items[0]!.id);
    expect(states(queue)).toEqual({ 'a.txt': 'sending', 'b.txt': 'failed', 'c.txt': 'done' });
    await m.settle('a.txt');
    queue.retryFailed();
    expect(states(queue)['b.txt']).toBe('sending');
    await m.settle('b.txt');
    expect(summaryText(queue.summary())).toBe('3 uploaded');
    expect(m.calls).toEqual(['a.txt', 'b.txt', 'c.txt', 'a.txt', 'b.txt']);
  });

  it('cancels only files still waiting; the ones on their way finish', async () => {
    const m = manualSend();
    const queue = new UploadQueue({ send: m.send, rules });
    queue.add(['1', '2', '3', '4', '5'].map((n) => file(`${n}.txt`)));
    queue.cancelWaiting();
    expect(queue.items.filter((i) => i.state === 'skipped').map((i) => [i.file.name, i.message])).toEqual([
      ['4.txt', 'Cancelled before it was sent.'],
      ['5.txt', 'Cancelled before it was sent.'],
    ]);
    await m.settle('1.txt');
    await m.settle('2.txt');
    await m.settle('3.txt');
    expect(m.calls).toEqual(['1.txt', '2.txt', '3.txt']);
    expect(summaryText(queue.summary())).toBe('3 uploaded, 2 skipped');
  });

  it('says "7 uploaded, 1 failed, 1 skipped", keeps it until dismissed, and asks for one refresh per batch', async () => {
    const settled: number[] = [];
    const queue = new UploadQueue({
      send: async (f) => {
        await new Promise((r) => setTimeout(r, 1));
        if (f.name === 'bad.txt') throw new Error('REDCap refused the file');
      },
      rules,
      onSettled: (n) => settled.push(n),
    });
    queue.add([...['1', '2', '3', '4', '5', '6', '7'].map((n) => file(`${n}.txt`)), file('bad.txt'), file('empty.txt', 0)]);
    await new Promise((r) => setTimeout(r, 50));
    expect(summaryText(queue.summary())).toBe('7 uploaded, 1 failed, 1 skipped');
    expect(settled).toEqual([7]);
    expect(queue.items).toHaveLength(9);
    queue.dismiss();
    expect(queue.items).toHaveLength(0);
    expect(summaryText(queue.summary())).toBe('Nothing to upload');
  });

  it('reports progress per file and tells listeners of every change', async () => {
    let notified = 0;
    let finish: () => void = () => undefined;
    const queue = new UploadQueue({
      send: (_f, report) => {
        report({ state: 'sending', done: 0, total: 200 });
        report({ done: 150 });
        return new Promise<void>((r) => (finish = r));
      },
      rules,
    });
    queue.subscribe(() => notified++);
    const before = queue.items;
    queue.add([file('a.txt')]);
    expect(queue.items).not.toBe(before);
    expect(queue.items[0]!.progress).toEqual({ done: 150, total: 200 });
    expect(queue.items[0]!.state).toBe('sending');
    finish();
    await new Promise((r) => setTimeout(r, 0));
    expect(queue.items[0]!.state).toBe('done');
    expect(notified).toBeGreaterThanOrEqual(4);
  });
});
