import { useCallback, useEffect, useState } from 'react';
import type { ThemeChoice } from '../../../shared/contract/app.ts';
import type { ServiceKind } from '../../../shared/contract/common.ts';
import type { ConnectionSummary } from '../../../shared/contract/connections.ts';
import { useApi, useEvent, useReconnect } from '../../api/api-context.ts';
import { useCommands } from './commands-context.tsx';
import { standardCommand, type Command } from './registry.ts';

export interface AppCommandActions {
  openPalette(): void;
  openShortcuts(): void;
  toggleJobs(): void;
  goHome(): void;
  addConnection(): void;
  openConnection(connectionId: string, kind: ServiceKind): void;
  theme: ThemeChoice;
  chooseTheme(choice: ThemeChoice): void;
  /** On the connections list already: "Go to Connections" has nothing to do. */
  atHome: boolean;
}

const kindNames: Record<ServiceKind, string> = { redcap: 'REDCap', brainstem: 'BrainSTEM', brim: 'Brim' };

/** The saved connections, kept current, for "Open <connection>" in the palette. */
function useConnectionList(): ConnectionSummary[] {
  const api = useApi();
  const [connections, setConnections] = useState<ConnectionSummary[]>([]);
  const reload = useCallback(() => {
    api.call('connections.list', {}).then(setConnections, () => undefined);
  }, [api]);
  useEffect(reload, [reload]);
  useEvent('connections.changed', reload);
  useReconnect(reload);
  return connections;
}

/** Commands that work on every screen: the palette, the sheet, jobs, going home, themes, connections. */
export function useAppCommands(actions: AppCommandActions): void {
  const connections = useConnectionList();
  const themes: Array<['theme.system' | 'theme.light' | 'theme.dark', ThemeChoice]> = [
    ['theme.system', 'system'],
    ['theme.light', 'light'],
    ['theme.dark', 'dark'],
  ];
  const commands: Command[] = [
    standardCommand('palette.open', 'General', { run: actions.openPalette, inPalette: false }),
    standardCommand('shortcuts.show', 'General', { run: actions.openShortcuts, keywords: ['keys', 'keyboard', 'help'] }),
    standardCommand('jobs.toggle', 'General', { run: actions.toggleJobs, keywords: ['progress', 'tasks', 'exports'] }),
    standardCommand('home.show', 'Navigation', { run: actions.goHome, enabled: () => !actions.atHome, keywords: ['home', 'back'] }),
    standardCommand('connection.add', 'Connections', { run: actions.addConnection, keywords: ['new', 'redcap', 'brainstem', 'brim', 'token'] }),
    ...themes.map(([id, choice]) => standardCommand(id, 'View', { run: () => actions.chooseTheme(choice), enabled: () => actions.theme !== choice, keywords: ['appearance', 'colours', 'colors', 'mode'] })),
    ...connections.map(
      (connection): Command => ({
        id: `connection.open:${connection.id}`,
        title: `Open ${connection.name}`,
        section: 'Connections',
        shortcuts: [],
        keywords: [kindNames[connection.kind], connection.project?.title ?? ''],
        run: () => actions.openConnection(connection.id, connection.kind),
      }),
    ),
  ];
  useCommands(commands);
}
