// The sending side of `login --host`: the handshake before a sign-in starts
// (is auth-wizard there, does it read our format, can it write the target?)
// and the delivery of the grant afterwards, on ssh's stdin.
import type { Deps } from '../deps';
import { AppError } from '../errors';
import { shellQuote } from '../core/shell-quote';
import { encodeGrant, GRANT_FORMAT, parseAnswer, type GrantDocument, type ReceiveAnswer } from './document';
import { installHint, remoteError, runRemote } from './ssh';

declare const __VERSION__: string;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

/** The remote auth-wizard's own error lines, without its "auth-wizard:" prefix (main makes them terminal-safe). */
function remoteSaid(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.replace(/^auth-wizard: /, '').trim()).filter((l) => l !== '' && !l.startsWith('Warning: Permanently added'));
  const s = lines.join(' ');
  return s.length > 600 ? `${s.slice(0, 600)}…` : s;
}

function olderThere(host: string): AppError {
  return new AppError('missing_tool', `The auth-wizard on ${host} is older than this one (${VERSION}) and has no \`receive\`, which --host needs.`, { hint: installHint(host) });
}

async function exchange(deps: Deps, host: string, argv: string[], input?: string): Promise<ReceiveAnswer> {
  const r = await runRemote(deps, host, { argv: ['auth-wizard', ...argv], input });
  if (!r.ok) throw remoteError(r.failure);
  const { result } = r;
  if (result.code === 3 && /Unknown command "receive"/.test(result.stderr)) throw olderThere(host);
  if (result.code !== 0) {
    throw new AppError(result.code === 3 ? 'usage' : 'io', `auth-wizard on ${host} refused: ${remoteSaid(result.stderr) || `exit ${result.code}`}`, { exitCode: result.code === 3 ? 3 : 1 });
  }
  const a = parseAnswer(result.stdout);
  if (a === undefined) throw new AppError('internal', `auth-wizard on ${host} answered something that is not a receive answer; its version may differ from this one (${VERSION}).`, { hint: `ssh ${shellQuote(host)} auth-wizard --version` });
  if (a.receive !== GRANT_FORMAT) {
    throw new AppError('usage', `auth-wizard on ${host} (${a.version}) reads grant format ${a.receive}, this one (${VERSION}) sends format ${GRANT_FORMAT}. Nothing was sent.`, { hint: installHint(host) });
  }
  return a;
}

/** Before any sign-in: the remote side exists, reads our format, and can write `target`. */
export async function checkRemoteTarget(deps: Deps, host: string, target: string, force: boolean): Promise<ReceiveAnswer> {
  return exchange(deps, host, ['receive', '--check', '--target', target, '--format', String(GRANT_FORMAT), ...(force ? ['--force'] : [])]);
}

/** Sends the grant; resolves to what the remote side now holds. */
export async function sendGrant(deps: Deps, host: string, doc: GrantDocument): Promise<ReceiveAnswer> {
  return exchange(deps, host, ['receive'], encodeGrant(doc));
}
