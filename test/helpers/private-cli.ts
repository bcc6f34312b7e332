// A private copy of the built CLI for tests that run many processes at once:
// another test file rebuilding dist/ meanwhile cannot pull it from under them.
// Kept inside node_modules so undici & co. resolve from the copy.
import { spawn } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { builtCli, repoRoot } from './built-cli';

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface PrivateCli {
  /** The copy's bin script. */
  bin: string;
  /** The copy's folder (inside node_modules), for helpers a test bundles beside it. */
  dir: string;
  run(args: string[], env: Record<string, string>): Promise<CliRun>;
  dispose(): void;
}

export function privateCli(tag: string): PrivateCli {
  builtCli(); // fails clearly when dist/ was not built
  const work = join(repoRoot, 'node_modules', '.cache', `aw-${tag}-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  const binRel = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin['auth-wizard']!;
  cpSync(join(repoRoot, 'dist'), join(work, 'dist'), { recursive: true });
  cpSync(join(repoRoot, binRel), join(work, binRel));
  const cli = join(work, binRel);
  return {
    bin: cli,
    dir: work,
    run(args, env) {
      const t0 = performance.now();
      const proc = spawn(process.execPath, [cli, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      proc.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      proc.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      return new Promise((res, rej) => {
        proc.on('error', rej);
        proc.on('close', (code, signal) => res({ code, signal, stdout, stderr, ms: performance.now() - t0 }));
      });
    },
    dispose() {
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/** Only what the CLI needs: no proxies or stores from the developer's environment. */
export function cliHomeEnv(home: string, issuer: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local/share'),
    AUTH_WIZARD_HOME: join(home, '.config/auth-wizard'),
    CODEX_HOME: join(home, '.codex'),
    AUTH_WIZARD_OPENAI_ISSUER: issuer,
    NO_PROXY: '127.0.0.1,localhost',
    NO_COLOR: '1',
    ...extra,
  };
}

/** The files under `home` (relative, sorted) whose bytes contain `token`: where a grant lives. */
export function filesWith(home: string, token: string): string[] {
  const hits: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && readFileSync(p).includes(token)) hits.push(p.slice(home.length + 1));
    }
  };
  walk(home);
  return hits.sort();
}
