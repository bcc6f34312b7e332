// Temp files a crashed write of ours left beside a store it writes
// (auth-wizard's own, Codex's auth.json, OpenCode's auth.json). doctor takes no
// lock, so it only reports them: the next locked write to that store adopts a
// complete, newer one (it may hold the newest sign-in: the one the server
// already rotated to) and removes the rest (src/fs/temp-recovery.ts).
import { shellQuote } from '../core/shell-quote';
import { authWizardProfilesFile } from '../stores/auth-wizard';
import { codexAuthFile } from '../stores/codex';
import { opencodeAuthFile } from '../stores/opencode';
import { judgeLeftoverTemps } from '../fs/temp-recovery';
import { type CheckContext, type Finding, show, wants } from './finding';

export async function leftoverChecks(ctx: CheckContext): Promise<Finding[]> {
  if (!wants(ctx, 'openai')) return [];
  const p = { home: ctx.deps.home, env: ctx.deps.env };
  const stores = [
    { path: authWizardProfilesFile(p), name: "auth-wizard's store", recover: 'auth-wizard refresh --provider openai --force' },
    { path: codexAuthFile(p), name: "Codex's auth.json", recover: 'auth-wizard refresh --provider openai --source codex --force' },
    { path: opencodeAuthFile(p), name: "OpenCode's auth.json", recover: 'auth-wizard refresh --provider openai --source opencode --force' },
  ];
  const out: Finding[] = [];
  for (const s of stores) {
    for (const j of await judgeLeftoverTemps(s.path)) {
      if (j.verdict === 'keep') continue; // a running writer's file, a symlink or another user's: not a leftover of ours
      const adopt = j.verdict === 'adopt';
      out.push({
        id: 'store-leftover-temp',
        severity: adopt ? 'warning' : 'info',
        title: adopt
          ? `A write into ${s.name} was cut short: ${show(ctx, j.path)} holds newer content than ${show(ctx, s.path)}.`
          : `A write into ${s.name} was cut short and left ${show(ctx, j.path)}, which is of no use.`,
        detail: adopt
          ? `Process ${j.pid} wrote and synced this temp file but died before renaming it over the store. It may hold the newest sign-in (a refresh token the server already rotated to, while the store keeps the dead one). The next refresh or sign-in into this store adopts it.`
          : `Process ${j.pid} died while writing it (it is incomplete, not a store, or older than the store). The next refresh or sign-in into this store removes it.`,
        fix: adopt ? s.recover : `rm -- ${shellQuote(j.path)}`,
        paths: [j.path],
      });
    }
  }
  return out;
}
