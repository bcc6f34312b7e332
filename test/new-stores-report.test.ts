// status and info over a home with Gemini CLI, Kimi CLI and Qwen Code
// (snapshots), no secret of theirs in any output, and their parsers fuzzed
// the way test/parsers-fuzz.test.ts fuzzes the others.
import { describe, expect, it } from 'vitest';
import { run as runInfo } from '../src/commands/info';
import { main } from '../src/main';
import { assess } from '../src/report/assess';
import { buildInfoSheet } from '../src/report/info-sheet';
import { parseGeminiOauth, parseGoogleAccounts } from '../src/stores/gemini';
import { parseAuthSettings } from '../src/stores/jsonc';
import { parseKimiCredentials } from '../src/stores/kimi';
import { parseQwenOauth } from '../src/stores/qwen';
import { testDeps } from './helpers/deps';
import { geminiCreds, kimiCreds, newStoresHome, qwenCreds } from './helpers/new-stores-home';
import { fakeSecret, signatureOf } from './helpers/tokens';

function scrub(text: string, home: string): string {
  return text.split(home).join('<home>');
}

function envFor(home: string, extra: Record<string, string> = {}) {
  return { GEMINI_CLI_SYSTEM_SETTINGS_PATH: `${home}/no-system-settings.json`, ...extra };
}

async function status(home: string, args: string[] = [], env: Record<string, string> = {}) {
  const deps = testDeps(home, { env: envFor(home, env) });
  const code = await main(['status', ...args], deps);
  return { code, out: deps.out(), err: deps.err() };
}

async function info(home: string, provider: string, env: Record<string, string> = {}) {
  const deps = testDeps(home, { env: envFor(home, env) });
  await runInfo({ provider, json: false, showToken: false }, deps);
  return deps.out();
}

describe('status and info with Gemini CLI, Kimi CLI and Qwen Code', () => {
  it('status (snapshot)', async () => {
    const { home } = newStoresHome();
    const r = await status(home);
    expect(r.code).toBe(0);
    await expect(scrub(r.out, home)).toMatchFileSnapshot('../snapshots/status-gemini-kimi-qwen.txt');
  });

  it('status --json: state and USED BY per store', async () => {
    const { home } = newStoresHome();
    const r = await status(home, ['--json'], { KIMI_API_KEY: fakeSecret('sk-') });
    const doc = JSON.parse(r.out) as { credentials: Array<Record<string, unknown>>; notes: string[] };
    expect(doc.credentials.map((c) => `${c.provider} ${c.source} ${c.kind} ${c.state} ${(c.usedBy as string[]).join('+')}`)).toEqual([
      'google gemini oauth expiring gemini',
      'kimi env api_key valid ',
      'kimi kimi oauth valid kimi',
      'qwen qwen oauth signed-out ',
    ]);
    expect(doc.notes.join('\n')).toMatch(/Qwen Code is still set to Qwen OAuth/);
  });

  it.each([['google', 'info-google.txt'], ['kimi', 'info-kimi.txt'], ['qwen', 'info-qwen.txt']])('info --provider %s (snapshot)', async (provider, file) => {
    const { home } = newStoresHome();
    await expect(scrub(await info(home, provider), home)).toMatchFileSnapshot(`../snapshots/${file}`);
  });

  it('no token, refresh token or JWT signature of these stores in status, status --json or info', async () => {
    const { home, secrets } = newStoresHome();
    const env = { GEMINI_API_KEY: fakeSecret('AIza'), GOOGLE_CLOUD_ACCESS_TOKEN: fakeSecret('ya29.'), KIMI_API_KEY: fakeSecret('sk-') };
    const outputs = [
      (await status(home, [], env)).out,
      (await status(home, ['--json'], env)).out,
      await info(home, 'google', env),
      await info(home, 'kimi', env),
      await info(home, 'qwen', env),
    ].join('\n');
    const forbidden = [...Object.values(secrets), ...Object.values(env), signatureOf(secrets.geminiIdToken)];
    for (const s of forbidden) expect(outputs).not.toContain(s);
    // The masks show a short prefix only: no 12-character run of any secret's tail.
    for (const s of Object.values(secrets)) expect(outputs).not.toContain(s.slice(-12));
  });
});

// A small seeded PRNG so a failure is reproducible.
function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
}

describe('the new stores’ parsers survive fuzzed input', () => {
  const parsers: Array<[string, (t: string) => unknown, string]> = [
    ['gemini oauth_creds.json', (t) => parseGeminiOauth(t, 'p', 'a@example.test'), JSON.stringify(geminiCreds().doc, null, 2)],
    ['gemini google_accounts.json', (t) => parseGoogleAccounts(t), JSON.stringify({ active: 'a@example.test', old: ['b@example.test'] })],
    ['settings.json', (t) => parseAuthSettings(t), '{\n  // c\n  "security": { "auth": { "selectedType": "oauth-personal" } } /* d */\n}'],
    ['kimi credentials', (t) => parseKimiCredentials(t, 'p'), JSON.stringify(kimiCreds().doc)],
    ['qwen oauth_creds.json', (t) => parseQwenOauth(t, 'p'), JSON.stringify(qwenCreds().doc, null, 2)],
  ];
  const WEIRD = ['null', 'true', '0', '"x"', '[]', '{}', '{"expires_at":1e400}', '{"expiry_date":-1,"access_token":"a"}', '{"expires_at":"NaN","access_token":"a"}', '{"security":{"auth":[]}}',
    '{"security":{"auth":{"selectedType":7}}}', '/* unterminated', '"\\', '{"x":' + '['.repeat(5000) + ']'.repeat(5000) + '}', '\u0000\uffff', '{"__proto__":{"polluted":1}}'];

  it.each(parsers)('%s', (_name, parse, seed) => {
    const r = rng(7);
    const inputs = [...WEIRD];
    for (let i = 0; i < 200; i++) inputs.push(seed.slice(0, Math.floor(r() * seed.length)));
    for (let i = 0; i < 200; i++) {
      const chars = [...seed];
      for (let k = 0; k < 5; k++) chars[Math.floor(r() * chars.length)] = String.fromCharCode(Math.floor(r() * 256));
      inputs.push(chars.join(''));
    }
    for (let i = 0; i < 100; i++) inputs.push(Buffer.from(Array.from({ length: Math.floor(r() * 300) }, () => Math.floor(r() * 256))).toString('latin1'));
    for (const input of inputs) {
      const result = parse(input);
      for (const c of Array.isArray(result) ? result : []) buildInfoSheet(assess(c, 0), 0, '/h', false);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
