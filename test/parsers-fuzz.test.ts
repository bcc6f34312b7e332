// Every parser survives random bytes, truncations and wrong types without
// throwing past its typed result (docs/security.md, Output).
import { describe, expect, it } from 'vitest';
import { decodeJwt } from '../src/core/jwt';
import { parseClaudeAccount, parseClaudeOauth } from '../src/stores/claude-code';
import { parseCodexAuth } from '../src/stores/codex';
import { parseJcodeAnthropic, parseJcodeOpenai } from '../src/stores/jcode';
import { parseOpencodeAuth } from '../src/stores/opencode';
import { parseProfileStore } from '../src/stores/profile-store';
import { assess } from '../src/report/assess';
import { buildInfoSheet } from '../src/report/info-sheet';
import { fullFixtureHome } from './helpers/fixture-home';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// A small seeded PRNG so a failure is reproducible.
function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
}

const parsers: Array<[string, (t: string) => unknown]> = [
  ['codex', (t) => parseCodexAuth(t, 'p')],
  ['claude', (t) => parseClaudeOauth(t, { id: 'x', provider: 'anthropic', source: 'claude-code', path: 'p' })],
  ['claude account', (t) => parseClaudeAccount(t)],
  ['opencode', (t) => parseOpencodeAuth(t, 'p')],
  ['profile store', (t) => parseProfileStore(t, 'p', 'auth-wizard', 'auth-wizard')],
  ['jcode', (t) => parseJcodeAnthropic(t, 'p')],
  ['jcode openai', (t) => parseJcodeOpenai(t, 'p')],
  ['jwt', (t) => decodeJwt(t)],
];

const WEIRD = ['null', 'true', '0', '"x"', '[]', '{}', '{"tokens":[]}', '{"tokens":{"access_token":5}}', '{"claudeAiOauth":"x"}', '{"claudeAiOauth":{"expiresAt":"soon","scopes":7}}',
  '{"profiles":[]}', '{"profiles":{"a":null,"b":{"type":"oauth","expires":"x"}}}', '{"openai":{"type":"oauth","expires":1e400}}', '{"anthropic_accounts":{}}',
  '{"x":' + '['.repeat(5000) + ']'.repeat(5000) + '}', '\u0000\uffff', 'eyJ.eyJ.x', 'a.b.c', '{"__proto__":{"polluted":1}}'];

describe('parsers survive fuzzed input', () => {
  const { home } = fullFixtureHome();
  const seeds = ['.codex/auth.json', '.claude/.credentials.json', '.local/share/opencode/auth.json', '.config/auth-wizard/auth-profiles.json', '.jcode/auth.json', '.claude.json'].map((f) => readFileSync(join(home, f), 'utf8'));

  it.each(parsers)('%s', (_name, parse) => {
    const r = rng(42);
    const inputs: string[] = [...WEIRD];
    for (const s of seeds) {
      for (let i = 0; i < 150; i++) inputs.push(s.slice(0, Math.floor(r() * s.length))); // truncations
      for (let i = 0; i < 150; i++) {
        const chars = [...s];
        for (let k = 0; k < 5; k++) chars[Math.floor(r() * chars.length)] = String.fromCharCode(Math.floor(r() * 256));
        inputs.push(chars.join('')); // flipped bytes
      }
    }
    for (let i = 0; i < 200; i++) inputs.push(Buffer.from(Array.from({ length: Math.floor(r() * 300) }, () => Math.floor(r() * 256))).toString('latin1'));
    for (const input of inputs) {
      const result = parse(input);
      expect(result).toBeDefined();
      // Whatever came back must also survive the report layer.
      const creds = Array.isArray(result) ? result : (result as { credentials?: unknown[] }).credentials ?? [result];
      for (const c of creds as Array<Parameters<typeof assess>[0]>) {
        if (c && typeof c === 'object' && 'source' in c && 'secrets' in c) buildInfoSheet(assess(c, 0), 0, '/h', false);
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('.claude.json account', () => {
  it('finds oauthAccount without parsing the rest, and agrees with a full parse', () => {
    const history = { projects: Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`/p/${i}`, { history: [{ display: 'say "oauthAccount": {"emailAddress":"fake@x"} }' }] }])) };
    const doc = { ...history, oauthAccount: { accountUuid: 'u-1', emailAddress: 'me@example.test', organizationUuid: 'o-1', organizationName: 'Org {with} "quotes"' }, numStartups: 3 };
    const text = JSON.stringify(doc, null, 2);
    expect(text.length).toBeGreaterThan(100_000);
    expect(parseClaudeAccount(text)).toEqual({ email: 'me@example.test', accountId: 'u-1', orgId: 'o-1', orgName: 'Org {with} "quotes"' });
    expect(parseClaudeAccount('{"oauthAccount": {"emailAddress": "a@b"')).toEqual({}); // truncated: no guess
    expect(parseClaudeAccount('{"x": 1}')).toEqual({});
  });
});
