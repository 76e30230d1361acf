import { useCallback, useEffect, useState } from 'react';
import type { ThemeChoice } from '../../shared/contract/app.ts';
import { useApi, useEvent } from '../api/api-context.ts';

const darkQuery = '(prefers-color-scheme: dark)';

export function resolveTheme(choice: ThemeChoice, systemDark: boolean): 'light' | 'dark' {
  return choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;
}

/**
 * The Theme setting (System, Light, Dark) on the page: `data-theme` on <html> says which colours are
 * showing now (styles/theme.css switches on it) and `data-theme-choice` what the user chose. In the
 * desktop app main also sets the native theme, so menus and dialogs match.
 */
export function useTheme(): { choice: ThemeChoice; choose: (choice: ThemeChoice) => void } {
  const api = useApi();
  const [choice, setChoice] = useState<ThemeChoice>('system');
  const [systemDark, setSystemDark] = useState(() => window.matchMedia(darkQuery).matches);

  useEffect(() => {
    api.call('settings.get', {}).then((prefs) => setChoice(prefs.theme), () => undefined);
  }, [api]);
  useEvent('settings.changed', (prefs) => setChoice(prefs.theme));
  useEffect(() => {
    const query = window.matchMedia(darkQuery);
    const onChange = (): void => setSystemDark(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  useEffect(() => {
    const root = document.documentElement;
    root.dataset.theme = resolveTheme(choice, systemDark);
    root.dataset.themeChoice = choice;
  }, [choice, systemDark]);

  const choose = useCallback(
    (next: ThemeChoice) => {
      setChoice(next);
      api.call('settings.update', { theme: next }).catch(() => undefined);
    },
    [api],
  );
  return { choice, choose };
}
