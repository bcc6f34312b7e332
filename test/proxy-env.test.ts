// An HTTPS_PROXY / HTTP_PROXY that undici cannot use is a sentence naming the
// variable and what is wrong with its value, exit 3 (a setting to correct, like
// a bad AUTH_WIZARD_OPENAI_ISSUER), before any request is sent; not
// "internal error: Invalid URL" (issue 10 §6). The value is shown bounded, with
// its credentials hidden and no control character emitted.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { proxyEnvProblem } from '../src/adapters/proxy-env';
import { builtCli } from './helpers/built-cli';
import { put, tempHome } from './helpers/fixture-home';
import { openAiTokens } from './helpers/tokens';

const cli = builtCli();

function codexHome(): string {
  const home = tempHome();
  const t = openAiTokens({ expSec: Math.floor(Date.now() / 1000) - 60 });
  put(home, '.codex/auth.json', { auth_mode: 'chatgpt', tokens: { id_token: t.idToken, access_token: t.accessToken, refresh_token: t.refreshToken, account_id: t.accountId } });
  return home;
}

function refreshWith(proxyEnv: Record<string, string>) {
  const home = codexHome();
  // A closed loopback port as the issuer: should the proxy be ignored, nothing leaves the machine.
  const env = { PATH: process.env.PATH ?? '', HOME: home, AUTH_WIZARD_OPENAI_ISSUER: 'http://127.0.0.1:9', ...proxyEnv };
  const r = spawnSync(process.execPath, [cli, 'refresh', '--provider', 'openai', '--source', 'codex'], { env, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, err: r.stderr, out: r.stdout };
}

describe('an unusable proxy variable', () => {
  it.each([
    ['HTTPS_PROXY', 'http://[bad', /HTTPS_PROXY="http:\/\/\[bad" is not a URL/],
    ['HTTPS_PROXY', ':::', /HTTPS_PROXY=":::" is not a URL/],
    ['HTTPS_PROXY', 'not a url', /HTTPS_PROXY="not a url" is not a URL/],
    ['HTTPS_PROXY', 'proxy.example:3128', /HTTPS_PROXY="proxy.example:3128" does not start with http:\/\/ or https:\/\//],
    ['HTTP_PROXY', 'socks5://127.0.0.1:1080', /HTTP_PROXY="socks5:\/\/127.0.0.1:1080" does not start with http:\/\/ or https:\/\//],
    ['https_proxy', 'http://', /https_proxy="http:\/\/" is not a URL/],
  ])('%s=%s: exit 3 and a sentence naming it', (name, value, sentence) => {
    const r = refreshWith({ [name]: value });
    expect(r.code, r.err).toBe(3);
    expect(r.err).toMatch(sentence);
    expect(r.err).toMatch(/Set it to your proxy's address \(http:\/\/host:port\) or unset it/);
    expect(r.err).not.toMatch(/internal error|Invalid URL/);
  });

  it('hides credentials in the value, bounds its length and emits no control character', () => {
    const r = refreshWith({ HTTPS_PROXY: `http://user:hunter2secret@[bad\x1b]52;c;AAAA\x07\u202e${'x'.repeat(5000)}` });
    expect(r.code, r.err).toBe(3);
    expect(r.err).not.toContain('hunter2secret');
    expect(r.err).toContain('http://***@[bad');
    expect(r.err).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
    expect(r.err.length).toBeLessThan(400);
  });
});

describe('proxyEnvProblem', () => {
  it('follows undici: the lower-case name wins, an empty value means no proxy', () => {
    expect(proxyEnvProblem({ https_proxy: 'http://proxy:3128', HTTPS_PROXY: 'http://[bad' })).toBeUndefined();
    expect(proxyEnvProblem({ http_proxy: '', HTTP_PROXY: 'http://[bad' })).toBeUndefined();
    expect(proxyEnvProblem({ HTTP_PROXY: 'http://[bad' })).toMatch(/^HTTP_PROXY=/);
    expect(proxyEnvProblem({ HTTPS_PROXY: 'https://user:pw@proxy.example:8443', HTTP_PROXY: 'http://10.0.0.1:3128' })).toBeUndefined();
    expect(proxyEnvProblem({})).toBeUndefined();
  });
});
