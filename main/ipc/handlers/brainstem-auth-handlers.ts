import type { Handlers } from '../handler-types.ts';
import type { Services } from '../services.ts';

type BrainstemAuthMethods =
  | 'brainstem.connect'
  | 'brainstem.setPortal'
  | 'brainstem.signIn.deviceStart'
  | 'brainstem.signIn.deviceCancel'
  | 'brainstem.signIn.token'
  | 'brainstem.signIn.password'
  | 'brainstem.signIn.legacy'
  | 'brainstem.signOut';

/** BrainSTEM servers and sign-in. Every answer is the connection's summary, which never holds a secret. */
export function brainstemAuthHandlers(s: Services): Pick<Handlers, BrainstemAuthMethods> {
  const c = s.connections;
  const summaryOf = (connectionId: string) => c.summary(c.getBrainstem(connectionId));
  return {
    'brainstem.connect': async (input) => c.summary(await c.brainstem.connect(input)),
    'brainstem.setPortal': async ({ connectionId, portal }) => c.summary(c.brainstem.setPortal(c.getBrainstem(connectionId), portal)),
    'brainstem.signIn.deviceStart': ({ connectionId }) => c.deviceSignIns.start(connectionId, (url) => s.ports.openExternal(url)),
    'brainstem.signIn.deviceCancel': async ({ flowId }) => ({ cancelled: c.deviceSignIns.cancel(flowId) }),
    'brainstem.signIn.token': async ({ connectionId, token }) => {
      await c.brainstemSignIn.token(c.getBrainstem(connectionId), token);
      return summaryOf(connectionId);
    },
    'brainstem.signIn.password': async ({ connectionId, email, password }) => {
      await c.brainstemSignIn.password(c.getBrainstem(connectionId), { email, password });
      return summaryOf(connectionId);
    },
    'brainstem.signIn.legacy': async ({ connectionId, username, password }) => {
      await c.brainstemSignIn.legacy(c.getBrainstem(connectionId), { username, password });
      return summaryOf(connectionId);
    },
    'brainstem.signOut': async ({ connectionId }) => {
      await c.brainstem.signOut(c.getBrainstem(connectionId));
      return summaryOf(connectionId);
    },
  };
}
