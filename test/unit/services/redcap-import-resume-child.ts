// Run as a child process by redcap-import-resume.test.ts, which kills it with SIGKILL mid-import: runs a
// journaled import from the cache database and prints one line per confirmed batch.
import { CacheDirectory } from '../../../main/services/cache/cache-db.ts';
import { runImport } from '../../../main/services/imports/import-run.ts';
import { RedcapApi } from '../../../main/services/connectors/redcap/api.ts';
import { HttpClient } from '../../../main/services/http/http-client.ts';

const [userDataDir = '', connection = '', url = '', token = '', importId = ''] = process.argv.slice(2);
const db = new CacheDirectory(userDataDir).db(connection);
const api = new RedcapApi(new HttpClient((target, init) => fetch(target, init), { baseDelayMs: 5, maxDelayMs: 20 }), url, token);
await runImport(db, api, importId, { onProgress: (progress) => process.stdout.write(`${JSON.stringify(progress)}\n`) });
process.stdout.write('finished\n');
