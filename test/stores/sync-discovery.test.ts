// Store.discover answers at once unless the tool's own configuration puts its
// secret where a read must wait (an OS keyring, macOS's `security`): `status`
// then runs every store without a promise, a microtask or Promise.all on its
// default path (README, Start-up budget). Checked on the home holding every
// store, and for the configurations that do wait.
import { describe, expect, it } from 'vitest';
import { STORES } from '../../src/stores/index';
import type { StoreContext } from '../../src/stores/types';
import { everyStoreHome } from '../helpers/every-store-home';
import { put, tempHome } from '../helpers/fixture-home';

const noExec: StoreContext['exec'] = async () => ({ code: 1, stdout: '', stderr: '' });
const ctx = (home: string, over: Partial<StoreContext> = {}): StoreContext => ({ home, env: {}, platform: 'linux', exec: noExec, ...over });
const store = (id: string) => STORES.find((s) => s.id === id)!;

describe('store discovery', () => {
  it('answers synchronously for every store over a home holding all of them', () => {
    const { home } = everyStoreHome();
    const waited = STORES.filter((s) => s.discover(ctx(home)) instanceof Promise).map((s) => s.id);
    expect(waited).toEqual([]);
    // The home is a real one: most stores found something, synchronously.
    const found = STORES.filter((s) => {
      const r = s.discover(ctx(home));
      return !(r instanceof Promise) && r.credentials.length > 0;
    });
    expect(found.length).toBeGreaterThanOrEqual(10);
  });

  it('waits only where the configuration sends the read to a keyring or the macOS Keychain (Codex, Claude Code, Gemini CLI, Copilot CLI)', async () => {
    const home = tempHome();
    put(home, '.codex/config.toml', 'cli_auth_credentials_store = "keyring"\n');
    const codex = store('codex').discover(ctx(home, { keyring: undefined }));
    expect(codex).toBeInstanceOf(Promise);
    await codex;
    const claude = store('claude-code').discover(ctx(home, { platform: 'darwin' }));
    expect(claude).toBeInstanceOf(Promise);
    await claude;
    expect(store('claude-code').discover(ctx(home))).not.toBeInstanceOf(Promise);
    const gemini = store('gemini').discover(ctx(home, { env: { GEMINI_FORCE_ENCRYPTED_FILE_STORAGE: 'true' } }));
    expect(gemini).toBeInstanceOf(Promise);
    await gemini;
    // Copilot CLI lists an account without its token: the token is in the keyring.
    put(home, '.copilot/config.json', { loggedInUsers: [{ host: 'https://github.com', login: 'octo' }], lastLoggedInUser: { host: 'https://github.com', login: 'octo' } });
    const copilot = store('copilot').discover(ctx(home));
    expect(copilot).toBeInstanceOf(Promise);
    await copilot;
    expect(store('copilot').discover(ctx(home, { platform: 'darwin' }))).not.toBeInstanceOf(Promise);
  });
});
