import type { Handlers } from '../handler-types.ts';
import type { Services } from '../services.ts';

export function appHandlers(s: Services): Pick<Handlers, 'app.info' | 'settings.get' | 'settings.update'> {
  return {
    'app.info': async () => ({
      name: s.app.name,
      version: s.app.version,
      shell: s.ports.shell,
      platform: process.platform,
      secretStorage: s.vault.status(),
      demo: s.app.demo,
    }),
    'settings.get': async () => s.settings.preferences(),
    'settings.update': async (change) => {
      const next = s.settings.updatePreferences(change);
      // Other windows and the desktop shell (native theme) follow the change.
      s.emit('settings.changed', next);
      return next;
    },
  };
}
