// Run in a child process by brim-memory.test.ts (with --expose-gc): uploads a file through the Brim
// client and prints the most ArrayBuffer memory held at any progress report, after a full GC.
import { HttpClient } from '../../../main/services/http/http-client.ts';
import { BrimClient } from '../../../main/services/connectors/brim/client.ts';

const [baseUrl, path] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc;
const client = new BrimClient(new HttpClient((url, init) => fetch(url, init)), { baseUrl: baseUrl ?? '', token: 'memory-test-token', projectId: 1 });
let peak = 0;
const result = await client.uploadNotes({ path: path ?? '' }, false, {
  onProgress: () => {
    gc?.();
    peak = Math.max(peak, process.memoryUsage().arrayBuffers);
  },
});
process.stdout.write(JSON.stringify({ peak, bytesSent: result.bytesSent, gc: gc !== undefined }));
