import { describe, expect, it } from 'vitest';
import { externalUrlAllowed } from '../../../main/services/http/external-url.ts';

describe('externalUrlAllowed (the safeOpenExternal gate)', () => {
  it('opens https pages and http pages on this computer', () => {
    expect(externalUrlAllowed('https://www.brainstem.org/account/authorize/?user_code=AB-12')?.toString()).toBe('https://www.brainstem.org/account/authorize/?user_code=AB-12');
    expect(externalUrlAllowed('http://127.0.0.1:8711/account/authorize/')).not.toBeNull();
    expect(externalUrlAllowed('http://localhost:8711/')).not.toBeNull();
    expect(externalUrlAllowed('http://[::1]:8711/')).not.toBeNull();
  });

  it('refuses clear-text http to other hosts, other schemes, credentials in the URL and garbage', () => {
    for (const url of [
      'http://www.brainstem.org/',
      'http://127.0.0.1.evil.example/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://server/share',
      'https://user:secret@www.brainstem.org/',
      'not a url',
    ]) {
      expect(externalUrlAllowed(url), url).toBeNull();
    }
  });
});
