// `auth-wizard receive`: the far end of `login --host`. A grant signed in on
// another machine arrives on stdin (over the user's ssh) and is written here
// by the same writers as a local sign-in — atomic, 0600, under the stores'
// locks, other tools' keys kept, a corrupt file refused unless --force. The
// answer on stdout is one JSON line saying what is now held; it carries no
// secret. `--check` (with --format) is the handshake before the sign-in: it
// says which document format this side reads and whether the target could be
// written, so a refusal never burns a freshly issued grant.
import { hostname } from 'node:os';
import type { Deps } from '../deps';
import { usageError } from '../errors';
import { decodeGrant, GRANT_FORMAT, GRANT_MAX_BYTES, type ReceiveAnswer } from '../remote/document';
import { OPENAI_TARGETS, saveOpenAiGrant, targetFile, type OpenAiTarget } from '../stores/sign-in';
import type { PathEnv } from '../fs/paths';
import { preflightWrite } from '../fs/preflight';
import { profileId, profilesPath, upsertProfile } from '../stores/auth-wizard.write';

declare const __VERSION__: string;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

export interface ReceiveOptions {
  check: boolean;
  version: boolean;
  /** With --check: the format the sender will send. */
  format?: string | undefined;
  /** With --check: openai targets, or `anthropic` for a setup-token. */
  target?: string | undefined;
  force: boolean;
}

function targetPath(p: PathEnv, target: OpenAiTarget | 'anthropic'): string {
  // A setup-token goes to auth-wizard's own store.
  return targetFile(p, target === 'anthropic' ? 'auth-wizard' : target);
}

function answer(deps: Deps, extra: Partial<ReceiveAnswer>): void {
  const a: ReceiveAnswer = { receive: GRANT_FORMAT, version: VERSION, host: hostname(), ...extra };
  deps.stdout.write(JSON.stringify(a) + '\n');
}

async function readBounded(deps: Deps): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of deps.stdin) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += b.length;
    parts.push(b);
    // One byte over the bound is enough to refuse; the rest is never held.
    if (size > GRANT_MAX_BYTES) break;
  }
  return Buffer.concat(parts);
}

export async function run(opts: ReceiveOptions, deps: Deps): Promise<void> {
  const paths: PathEnv = { home: deps.home, env: deps.env };
  if (opts.version) return answer(deps, {});
  if (opts.check) {
    if (opts.format !== undefined && opts.format !== String(GRANT_FORMAT)) {
      throw usageError(`receive: this auth-wizard (${VERSION}) reads grant format ${GRANT_FORMAT}, and the sender will send format ${opts.format}. Install the same version on both machines.`);
    }
    const target = opts.target ?? 'codex';
    if (target !== 'anthropic' && !(OPENAI_TARGETS as readonly string[]).includes(target)) throw usageError(`--target must be one of ${[...OPENAI_TARGETS, 'anthropic'].join(', ')}; got "${target}".`);
    const path = targetPath(paths, target as OpenAiTarget | 'anthropic');
    await preflightWrite(path, { force: opts.force });
    return answer(deps, { checked: { target, path } });
  }
  if (deps.stdin.isTTY === true) throw usageError('receive reads a grant document on stdin from `auth-wizard login --host`; it is not run by hand.', 'auth-wizard login --provider openai --host <this machine>');
  const doc = decodeGrant(await readBounded(deps));
  const now = deps.now();
  const saveOpts = { now, force: doc.force, warn: (m: string) => deps.stderr.write(`auth-wizard: warning: ${m}\n`) };
  if (doc.kind === 'openai-oauth') {
    const saved = await saveOpenAiGrant(paths, doc.target, doc.tokens, { ...saveOpts, profileName: doc.profile });
    return answer(deps, {
      saved: {
        target: doc.target,
        entry: saved.entry,
        path: targetPath(paths, doc.target),
        accountId: saved.accountId,
        email: saved.email,
        plan: saved.plan,
        expiresAt: saved.expiresAt !== undefined ? new Date(saved.expiresAt).toISOString() : undefined,
      },
    });
  }
  const id = profileId('anthropic', doc.profile ?? 'default');
  await upsertProfile(paths, id, { type: 'token', provider: 'anthropic', token: doc.token, expires: doc.expires }, saveOpts);
  return answer(deps, { saved: { target: 'auth-wizard', entry: id, path: profilesPath(paths), expiresAt: new Date(doc.expires).toISOString() } });
}
