// The base styles come first: a feature's stylesheet (imported by its components) then refines them
// at equal specificity, e.g. a status badge's colour over the neutral .badge.
import './styles/tokens.css';
import './styles/theme.css';
import './styles/app.css';
import './styles/layout.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiContext } from './api/api-context.ts';
import { ApiClient } from './api/client.ts';
import { desktopTransport } from './api/transport-desktop.ts';
import { takeSessionToken, webTransport } from './api/transport-web.ts';
import { App } from './app/App.tsx';

const root = createRoot(document.getElementById('root')!);

function transport() {
  if (window.carrel) return desktopTransport(window.carrel);
  const token = takeSessionToken();
  return token ? webTransport(token) : null;
}

const chosen = transport();
if (chosen) {
  root.render(
    <StrictMode>
      <ApiContext.Provider value={new ApiClient(chosen)}>
        <App />
      </ApiContext.Provider>
    </StrictMode>,
  );
} else {
  root.render(
    <main className="home">
      <h1>Carrel</h1>
      <p>
        This page needs the address that <span className="mono">npm start</span>, <span className="mono">npm run web</span> or{' '}
        <span className="mono">npm run demo</span> printed in the terminal: it ends in a session key after <span className="mono">#token=</span>.
      </p>
    </main>,
  );
}
