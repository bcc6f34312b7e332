import { describe, expect, it } from 'vitest';
import { main } from '../src/main';
import { testDeps } from './helpers/deps';
import { fullFixtureHome, put, tempHome } from './helpers/fixture-home';
import { fakeSecret } from './helpers/tokens';

async function runCli(home: string, args: string[], color = false) {
  const deps = testDeps(home, { color });
  const code = await main(args, deps);
  return { code, out: deps.out().split(home).join('<home>'), err: deps.err() };
}

describe('info', () => {
  it('openai: the full decoded sheet (snapshot, colour off and on)', async () => {
    const { home } = fullFixtureHome();
    const r = await runCli(home, ['info', '--provider', 'openai']);
    expect(r.code).toBe(0);
    await expect(r.out).toMatchFileSnapshot('../snapshots/info-openai.txt');
    await expect((await runCli(home, ['info', '--provider', 'openai'], true)).out).toMatchFileSnapshot('../snapshots/info-openai.color.txt');
    // Everything `ccproxy auth openai-info` shows, and more.
    for (const label of ['Account ID', 'Status', 'Plan type', 'User ID', 'Email', 'Organizations', 'Subscription active until', 'Storage location', 'Access algorithm', 'Access type', 'Access key id', 'Access expired', 'Access expires at', 'Time remaining', 'Access issued at', 'Access issuer', 'Access audience', 'Access JWT id', 'Access scopes', 'Access token', 'Refresh token available', 'Last refresh']) {
      expect(r.out).toMatch(new RegExp(`^│ ${label} +(│ )?\\S`, 'm'));
    }
    expect(r.out).toContain('claims unverified');
  });

  it('anthropic: subscription, tier, scopes, both expiries, account from .claude.json (snapshot, colour off and on)', async () => {
    const { home } = fullFixtureHome();
    const r = await runCli(home, ['info', '--provider', 'anthropic']);
    await expect(r.out).toMatchFileSnapshot('../snapshots/info-anthropic.txt');
    await expect((await runCli(home, ['info', '--provider', 'anthropic'], true)).out).toMatchFileSnapshot('../snapshots/info-anthropic.color.txt');
    expect(r.out).toMatch(/Subscription type[ │]+max/);
    expect(r.out).toMatch(/Rate-limit tier[ │]+default_claude_max_20x/);
    expect(r.out).toMatch(/Email[ │]+claude-user@example\.test/);
    expect(r.out).toMatch(/Token kind[ │]+subscription OAuth access token \(sk-ant-oat01-\)/);
  });

  it('--source picks another store; --json carries claims but no signature', async () => {
    const { home, secrets } = fullFixtureHome();
    const r = await runCli(home, ['info', '--provider', 'openai', '--source', 'opencode', '--json']);
    const doc = JSON.parse(r.out);
    expect(doc.credential.source).toBe('opencode');
    expect(doc.claimsVerified).toBe(false);
    expect(doc.claims.accessToken['https://api.openai.com/auth'].chatgpt_plan_type).toBe('plus');
    expect(r.out).not.toContain(secrets.opencodeOpenai.accessToken.split('.')[2]);
  });

  it('no such credential: exit 4 with the command that lists what there is', async () => {
    const r = await runCli(tempHome(), ['info', '--provider', 'openai']);
    expect(r.code).toBe(4);
    expect(r.err).toBe('auth-wizard: No openai credential found.\n  → auth-wizard status\n');
  });

  it('a non-JWT access token where OpenAI issues JWTs is unreadable, with the reason, and never printed', async () => {
    const home = tempHome();
    const access = fakeSecret('opaque-');
    put(home, '.codex/auth.json', { tokens: { access_token: access, refresh_token: fakeSecret('rt_') } });
    const r = await runCli(home, ['info', '--provider', 'openai']);
    expect(r.out).toMatch(/Status[ │]+unreadable/);
    expect(r.out).toMatch(/Problem[ │]+"access_token" is not a JWT/);
    expect(r.out).not.toContain(access.slice(8));
  });
});

describe('cli', () => {
  it('rejects unknown flags and commands with a suggestion (exit 3)', async () => {
    const home = tempHome();
    expect(await runCli(home, ['status', '--jsno'])).toMatchObject({ code: 3, err: 'auth-wizard: Unknown flag --jsno for `auth-wizard status`. Did you mean --json?\n  → auth-wizard status --help\n' });
    expect(await runCli(home, ['stauts'])).toMatchObject({ code: 3, err: 'auth-wizard: Unknown command "stauts". Did you mean `auth-wizard status`?\n  → auth-wizard --help\n' });
    // info reads every store's provider (google, github-copilot, …), so the list is longer than login's.
    expect((await runCli(home, ['info', '--provider', 'opnai'])).err).toMatch(/--provider must be one of openai, anthropic, [a-z, -]+; got "opnai"\. Did you mean openai\?/);
    expect((await runCli(home, ['info'])).err).toContain('auth-wizard info needs --provider.');
  });

  it('--help for every command has usage, flags and examples', async () => {
    const { COMMANDS } = await import('../src/cli-spec');
    for (const c of COMMANDS) {
      const r = await runCli(tempHome(), [c.name, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toContain('USAGE');
      expect(r.out).toContain('EXAMPLES\n  $ auth-wizard');
    }
    expect((await runCli(tempHome(), ['--version'])).out).toMatch(/^auth-wizard \d+\.\d+\.\d+/);
  });
});
