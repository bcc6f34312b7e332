// The spec bundles (dist/specs-<command>.js: a command's flags and help, loaded
// before the command itself) stay small: they name the store ids and the tools'
// providers, which the build evaluates from STORES (src/stores/ids.ts,
// scripts/build.mjs), instead of carrying a copy of every store's parser. And
// the lists the built CLI checks flags against are still exactly STORES's.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROVIDERS } from '../src/core/providers';
import { STORES } from '../src/stores/index';
import { toolProviders } from '../src/stores/tool-sign-in';
import { builtCli, repoRoot } from './helpers/built-cli';

const dist = join(repoRoot, 'dist');

function runBuilt(args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [builtCli(), ...args], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: '/nonexistent', NO_COLOR: '1' } });
  return { status: r.status, stderr: r.stderr };
}

describe('spec bundles', () => {
  it('carry no store module (no store file names, no parsers)', () => {
    builtCli();
    const specs = readdirSync(dist).filter((f) => /^specs-.*\.js$/.test(f));
    expect(specs.length).toBeGreaterThan(5);
    // File names only a store module mentions (Gemini CLI, Qwen Code, OpenClaw, gh).
    const storeOnly = ['oauth_creds.json', 'auth-profiles.json', 'hosts.yml', 'google_accounts.json'];
    for (const f of specs) {
      const text = readFileSync(join(dist, f), 'utf8');
      for (const s of storeOnly) expect({ bundle: f, has: text.includes(s) }).toEqual({ bundle: f, has: false });
    }
  });

  it('--source choices are every store id, in STORES order', () => {
    const r = runBuilt(['token', '--provider', 'openai', '--source', 'nope']);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(`--source must be one of ${STORES.map((s) => s.id).join(', ')}; got "nope".`);
  });

  it("login --provider choices are openai, anthropic and the tools' providers", () => {
    const r = runBuilt(['login', '--provider', 'nope']);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(`--provider must be one of ${[...PROVIDERS, ...toolProviders().map((t) => t.provider)].join(', ')}; got "nope".`);
  });

  it('onboard --provider takes a tool provider and names them all when refused', () => {
    const tools = toolProviders().map((t) => t.provider);
    const r = runBuilt(['onboard', '--provider', 'nope']);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(`one of ${tools.join(', ')}; got "nope".`);
  });
});
