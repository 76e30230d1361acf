import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { KeychainSecretBackend } from '../../../main/services/vault/keychain-backend.ts';
import { MemorySecretBackend, type SecretBackend } from '../../../main/services/vault/secret-backend.ts';
import { Vault } from '../../../main/services/vault/vault.ts';
import { silentLogger } from '../../../main/services/log/logger.ts';
import { redact } from '../../../main/services/log/redact.ts';

const token = 'F00DF00DF00DF00DF00DF00DF00D1234';

class BrokenBackend implements SecretBackend {
  readonly kind = 'keychain' as const;
  failReads = true;
  async get(): Promise<string | null> {
    if (this.failReads) throw new Error('Couldn\'t access platform storage: no Secret Service');
    return null;
  }
  async set(): Promise<void> {
    throw new Error('locked');
  }
  async delete(): Promise<boolean> {
    throw new Error('locked');
  }
}

describe('Vault', () => {
  it('keeps tokens in the keychain backend when it works', async () => {
    const backend = new MemorySecretBackend('keychain');
    const vault = await Vault.open({ keychain: () => backend, log: silentLogger });
    expect(vault.status()).toEqual({ persistent: true, backend: 'keychain' });
    await vault.store('redcap:1', token);
    expect(await backend.get('redcap:1')).toBe(token);
    expect(await vault.require('redcap:1')).toBe(token);
    await vault.remove('redcap:1');
    expect(await vault.read('redcap:1')).toBeNull();
  });

  it('falls back to session-only storage with a notice when the keychain is unusable', async () => {
    const vault = await Vault.open({ keychain: () => new BrokenBackend(), log: silentLogger });
    const status = vault.status();
    expect(status.persistent).toBe(false);
    expect(status.notice).toMatch(/kept only until Carrel closes/);
    await vault.store('redcap:1', token);
    expect(await vault.read('redcap:1')).toBe(token);
  });

  it('falls back when the keychain breaks after start-up, instead of losing the token', async () => {
    const broken = new BrokenBackend();
    broken.failReads = false;
    const vault = await Vault.open({ keychain: () => broken, log: silentLogger });
    expect(vault.status().persistent).toBe(true);
    await vault.store('redcap:1', token);
    expect(vault.status().persistent).toBe(false);
    expect(await vault.require('redcap:1')).toBe(token);
  });

  it('says how to recover when a token is missing', async () => {
    const vault = await Vault.open({ keychain: () => new MemorySecretBackend(), log: silentLogger, sessionOnlyReason: 'demo' });
    await expect(vault.require('redcap:nope')).rejects.toMatchObject({ code: 'NO_TOKEN' });
  });

  it('registers every token it handles with the redactor', async () => {
    const vault = await Vault.open({ keychain: () => new MemorySecretBackend(), log: silentLogger, sessionOnlyReason: 'test' });
    await vault.store('redcap:2', 'a-token-that-is-not-hex-shaped');
    expect(redact('oops a-token-that-is-not-hex-shaped leaked')).toBe('oops [redacted] leaked');
  });

  it('bounds every keychain call with a timeout', async () => {
    const hanging: SecretBackend = { kind: 'keychain', get: () => new Promise(() => undefined), set: () => new Promise(() => undefined), delete: () => new Promise(() => undefined) };
    const started = Date.now();
    // The real backend wraps calls with its own timeout; here the vault must survive a hang at probe time too.
    const vault = await Vault.open({
      keychain: () => {
        const backend = Object.create(KeychainSecretBackend.prototype) as KeychainSecretBackend;
        Object.assign(backend, { kind: 'keychain', timeoutMs: 200, service: 'x', keyring: { AsyncEntry: class { getPassword() { return hanging.get(''); } setPassword() { return hanging.set('', ''); } deletePassword() { return hanging.delete(''); } } } });
        return backend;
      },
      log: silentLogger,
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(vault.status().persistent).toBe(false);
    expect(vault.status().notice).toMatch(/did not answer \(it may be locked\)/);
  });
});

const keyringReady = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS) && process.env.CARREL_TEST_KEYRING === '1';

describe('OS keychain (@napi-rs/keyring)', () => {
  it.runIf(keyringReady)('stores, reads and deletes a token in the Secret Service', async () => {
    const backend = KeychainSecretBackend.load('carrel-test');
    const account = `test-${process.pid}-${Date.now()}`;
    await backend.set(account, token);
    expect(await backend.get(account)).toBe(token);
    expect(await backend.delete(account)).toBe(true);
    expect(await backend.get(account)).toBeNull();
  });

  it('rejects quickly, without hanging, where no Secret Service exists', () => {
    const script = `
      import { KeychainSecretBackend } from ${JSON.stringify(new URL('../../../main/services/vault/keychain-backend.ts', import.meta.url).pathname)};
      const started = Date.now();
      try { await KeychainSecretBackend.load('carrel-test', 3000).get('probe'); console.log('resolved'); }
      catch (e) { console.log('rejected ' + (Date.now() - started)); }
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent-carrel-bus', DISPLAY: '' },
      timeout: 15_000,
    }).toString();
    expect(out).toMatch(/^rejected \d+/);
    expect(Number(out.split(' ')[1])).toBeLessThan(3500);
  });
});

if (!keyringReady) {
  console.warn('[carrel] OS keychain round-trip test SKIPPED: no unlocked Secret Service in this session (npm test starts one with dbus-run-session + gnome-keyring when they are installed).');
}
