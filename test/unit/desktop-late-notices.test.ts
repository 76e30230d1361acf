import { describe, expect, it } from 'vitest';
import { csvArguments, LateNotices, openedCsvNotice } from '../../main/shells/desktop/late-notices.ts';

describe('notices from before the window listens', () => {
  it('holds notices until the window listens, then delivers them in order, and later ones at once', () => {
    const seen: string[] = [];
    const notices = new LateNotices((notice) => seen.push(notice.message));
    notices.push({ level: 'info', message: 'first' });
    notices.push({ level: 'info', message: 'second' });
    expect(seen).toEqual([]);
    notices.ready();
    expect(seen).toEqual(['first', 'second']);
    notices.ready();
    notices.push({ level: 'info', message: 'third' });
    expect(seen).toEqual(['first', 'second', 'third']);
  });

  it('picks the .csv files out of a launch command line and ignores flags and the app itself', () => {
    const argv = ['/opt/Carrel/carrel', '--allow-file-access-from-files', '/home/ana/visits.CSV', '.', '/home/ana/notes.txt', 'C:\\data\\baseline.csv'];
    expect(csvArguments(argv)).toEqual(['/home/ana/visits.CSV', 'C:\\data\\baseline.csv']);
  });

  it('names only the file, and says where the import starts', () => {
    const notice = openedCsvNotice('/home/ana/private-study/visits.csv');
    expect(notice.message).toContain('visits.csv');
    expect(notice.message).not.toContain('private-study');
    expect(notice.message).toContain('Import CSV');
  });
});
