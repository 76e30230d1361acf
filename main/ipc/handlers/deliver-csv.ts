// A CSV main writes for the user: the desktop app asks where to save it, the web shell writes it to a
// temporary place and hands the browser a one-time download URL.

import type { z } from 'zod';
import type { fileDeliveredSchema } from '../../../shared/contract/files.ts';
import type { PlatformPorts } from '../ports.ts';

export async function deliverCsv(ports: PlatformPorts, fileName: string, write: (path: string) => Promise<void>): Promise<z.input<typeof fileDeliveredSchema>> {
  const path = await ports.chooseSavePath(fileName, { name: 'CSV (comma-separated)', extensions: ['csv'] });
  if (path === null) return { fileName, path: null, url: null, cancelled: true };
  await write(path);
  if (ports.shell === 'web') return { fileName, path: null, url: (await ports.deliverFile(path, 'download')).url, cancelled: false };
  return { fileName, path, url: null, cancelled: false };
}
