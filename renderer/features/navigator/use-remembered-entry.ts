import { useCallback, useState } from 'react';

const storageKey = (connectionId: string): string => `carrel.navigator.${connectionId}`;

function read(connectionId: string): string | null {
  try {
    return localStorage.getItem(storageKey(connectionId));
  } catch {
    return null;
  }
}

/**
 * The navigator entry last opened for a connection. Only the entry's key is stored (e.g.
 * `preset:form:vitals`), never data, so localStorage is fine.
 */
export function useRememberedEntry(connectionId: string, fallback: string): [string, (key: string) => void] {
  const [key, setKey] = useState(() => read(connectionId) ?? fallback);
  const choose = useCallback(
    (next: string) => {
      setKey(next);
      try {
        localStorage.setItem(storageKey(connectionId), next);
      } catch {
        // Private windows may refuse storage; the choice then lasts for this visit only.
      }
    },
    [connectionId],
  );
  return [key, choose];
}
