// Checks on each discovered credential: unreadable or signed out, expired or
// expiring (access and refresh token), Claude Code's scope requirement, an
// environment variable that hides a stored sign-in, and a clock running
// behind the issuer's. All read the discovery report; none touches a file.
import { type AssessedCredential, inEnvironment } from '../core/credential';
import { decodeJwt } from '../core/jwt';
import { num } from '../core/guards';
import { shellPath, shellQuote } from '../core/shell-quote';
import { fixFor } from '../report/assess';
import { storeById } from '../stores/index';
import { formatAbsolute, formatRelative } from '../report/format';
import { type CheckContext, type Finding, show } from './finding';
import { isFilePath, sourceName, toolName, where } from './names';
import { isToolLogin, replacesStateFinding } from './tools';

const DAY = 24 * 3600_000;
/** A credential that cannot be renewed gets a warning this long before it ends. */
export const EXPIRY_WARNING_MS = 7 * DAY;
/** A refresh token gets a warning this long before it ends. */
export const REFRESH_EXPIRY_WARNING_MS = 3 * DAY;
/** Tokens issued further than this in the future mean this machine's clock is behind. */
export const CLOCK_SKEW_TOLERANCE_MS = 60_000;

/** Claude Code refuses a sign-in without this scope (docs/interop.md §5). */
export const CLAUDE_INFERENCE_SCOPE = 'user:inference';

/** What the owning tool does with a file it cannot parse (Store.unreadableEffect, docs/stores.md). */
const unreadableEffect = (source: string): string | undefined => storeById(source)?.unreadableEffect;

function unreadable(ctx: CheckContext, c: AssessedCredential): Finding {
  const reason = c.reason ?? 'could not be read';
  // OpenCode silently drops entries that fail its schema and deletes them on
  // its next write (docs/interop.md §4): a warning about one entry, not a broken file.
  if (c.source === 'opencode' && c.entry !== undefined) {
    return {
      id: 'opencode-entry-invalid',
      severity: 'warning',
      title: `OpenCode ignores the "${c.entry}" entry in ${show(ctx, c.path)}.`,
      detail: `The entry ${reason.replace(/^entry "[^"]*" /, '')}. OpenCode drops entries it cannot validate without a word, and its next login or logout rewrites the file without it.`,
      fix: `opencode auth login  (sign in to ${shellQuote(c.entry)} again), or remove the ${shellQuote(c.entry)} entry from ${shellPath(show(ctx, c.path))}`,
      paths: [c.path],
    };
  }
  // OpenCode falls back to its file when the variable is not valid JSON: wrong, but nothing breaks.
  if (inEnvironment(c)) {
    return {
      id: 'env-credential-invalid',
      severity: 'warning',
      title: `${where(ctx, c)} cannot be used: ${/^(is|has) /.test(reason) ? `it ${reason}` : reason}.`,
      detail: unreadableEffect(c.source) ?? '',
      fix: c.fix ?? fixFor(c),
      paths: [],
    };
  }
  let fix = c.fix ?? fixFor(c);
  const file = isFilePath(c.path) && c.entry === undefined;
  const path = shellPath(show(ctx, c.path));
  if (file && reason === 'permission denied') fix = `sudo chown "$USER" ${path} && chmod 600 ${path}`;
  else if (file && /JSON|empty|not an object|not a list/.test(reason)) {
    // Keep the broken file (docs/security.md: a .corrupt-<time> copy before any repair), then sign in again.
    fix = `mv ${path} ${path}.corrupt-$(date +%s) && ${fix}`;
  }
  return {
    id: 'credential-unreadable',
    severity: 'error',
    title: `${where(ctx, c)} cannot be used: ${/^(is|has) /.test(reason) ? `it ${reason}` : reason}.`,
    detail: unreadableEffect(c.source) ?? `${sourceName(c.source)} cannot read this credential.`,
    fix,
    paths: isFilePath(c.path) ? [c.path] : [],
  };
}

function signedOut(ctx: CheckContext, c: AssessedCredential): Finding {
  const paths = isFilePath(c.path) ? [c.path] : [];
  if (c.source === 'claude-code') {
    return {
      id: 'claude-signed-out',
      severity: 'error',
      title: `Claude Code is signed out: ${show(ctx, c.path)} holds no tokens.`,
      detail: `${c.reason ?? 'The sign-in is empty'}. After a refresh fails, Claude Code leaves empty tokens with expiresAt 0; \`claude auth status\` then says "not logged in".`,
      fix: c.fix ?? fixFor(c),
      paths,
    };
  }
  return {
    id: 'credential-signed-out',
    severity: 'error',
    title: `${where(ctx, c)} holds no usable sign-in.`,
    detail: `${c.reason ?? 'The entry is empty'}.`,
    fix: c.fix ?? fixFor(c),
    paths,
  };
}

function when(ms: number, now: number): string {
  return `${formatAbsolute(ms)} (${formatRelative(ms, now)})`;
}

function expiry(ctx: CheckContext, c: AssessedCredential): Finding[] {
  const now = ctx.report.now;
  const paths = isFilePath(c.path) ? [c.path] : [];
  const out: Finding[] = [];
  const rx = c.refreshExpiresAt ?? null;
  if (c.canRefresh && rx !== null && rx <= now) {
    out.push({
      id: 'refresh-token-expired',
      severity: 'error',
      title: `The refresh token of ${where(ctx, c)} expired ${formatRelative(rx, now)}.`,
      detail:
        `It expired at ${formatAbsolute(rx)}. ${sourceName(c.source)} cannot renew the access token` +
        (c.expiresAt !== null ? `, which ${c.expiresAt > now ? 'expires' : 'expired'} at ${when(c.expiresAt, now)}` : '') +
        '; a new sign-in is needed.',
      fix: fixFor(c),
      paths,
    });
    return out;
  }
  if (c.state === 'expired' && !c.usable && c.expiresAt !== null) {
    out.push({
      id: 'credential-expired',
      severity: 'error',
      title: `${where(ctx, c)} expired ${formatRelative(c.expiresAt, now)}.`,
      detail: `It expired at ${formatAbsolute(c.expiresAt)} and has no refresh token to renew it.`,
      fix: fixFor(c),
      paths,
    });
  } else if (c.state === 'expired' && c.expiresAt !== null) {
    out.push({
      id: 'access-token-expired',
      severity: 'info',
      title: `The access token of ${where(ctx, c)} expired ${formatRelative(c.expiresAt, now)}; it will be renewed on next use.`,
      detail: `${sourceName(c.source)} exchanges its refresh token for a new access token the next time it runs.`,
      paths,
    });
  } else if (!c.canRefresh && c.expiresAt !== null && c.expiresAt > now && c.expiresAt - now < EXPIRY_WARNING_MS) {
    out.push({
      id: 'credential-expiring',
      severity: 'warning',
      title: `${where(ctx, c)} expires ${formatRelative(c.expiresAt, now)} and cannot be renewed.`,
      detail: `It expires at ${formatAbsolute(c.expiresAt)}; it has no refresh token, so a new sign-in is needed before then.`,
      fix: fixFor(c),
      paths,
    });
  }
  if (c.canRefresh && rx !== null && rx > now && rx - now < REFRESH_EXPIRY_WARNING_MS) {
    out.push({
      id: 'refresh-token-expiring',
      severity: 'warning',
      title: `The refresh token of ${where(ctx, c)} expires ${formatRelative(rx, now)}.`,
      detail: `After ${formatAbsolute(rx)} ${sourceName(c.source)} can no longer renew its sign-in.`,
      fix: fixFor(c),
      paths,
    });
  }
  return out;
}

function claudeScope(ctx: CheckContext, c: AssessedCredential): Finding | undefined {
  if (c.source !== 'claude-code' || c.kind !== 'oauth') return undefined;
  if (c.scopes?.includes(CLAUDE_INFERENCE_SCOPE) === true) return undefined;
  const scopes = c.scopes === undefined ? 'no "scopes" field' : c.scopes.length === 0 ? 'an empty "scopes" list' : `scopes ${c.scopes.join(', ')}`;
  return {
    id: 'claude-missing-inference-scope',
    severity: 'error',
    title: `Claude Code treats ${show(ctx, c.path)} as signed out: it lacks the "${CLAUDE_INFERENCE_SCOPE}" scope.`,
    detail: `The sign-in has ${scopes}. Claude Code requires "${CLAUDE_INFERENCE_SCOPE}" in claudeAiOauth.scopes and otherwise reports "not logged in", however valid the token; credentials written by hand or copied by another tool often lack it.`,
    fix: c.fix ?? fixFor(c),
    paths: isFilePath(c.path) ? [c.path] : [],
  };
}

const SHADOW_EFFECT: Record<string, string> = {
  ANTHROPIC_API_KEY: 'Requests are billed to that API key, not to your Claude subscription.',
  ANTHROPIC_AUTH_TOKEN: 'Requests use that bearer token instead of your subscription sign-in.',
  CLAUDE_CODE_OAUTH_TOKEN: 'Requests use that token (e.g. from `claude setup-token`) instead of the stored sign-in.',
  OPENAI_API_KEY: 'Requests are billed to that API key, not to your ChatGPT plan.',
  CODEX_API_KEY: 'Requests are billed to that API key, not to your ChatGPT plan.',
  OPENCODE_AUTH_CONTENT: 'OpenCode then ignores its auth.json completely.',
};

/** One finding per (tool, variable): the variable makes the tool ignore a stored sign-in. */
function shadowing(ctx: CheckContext): Finding[] {
  const groups = new Map<string, { tool: string; variable: string; creds: AssessedCredential[] }>();
  for (const c of ctx.report.credentials) {
    // A tool's own login hidden by a token is tools.ts's env-token-hides-<store>-login.
    if (inEnvironment(c) || isToolLogin(c)) continue;
    for (const s of c.shadowedBy) {
      if (!s.by.startsWith('env:')) continue;
      const variable = s.by.slice(4).split(':')[0] ?? s.by;
      const key = `${s.tool}\0${variable}`;
      const g = groups.get(key) ?? { tool: s.tool, variable, creds: [] };
      if (!g.creds.includes(c)) g.creds.push(c);
      groups.set(key, g);
    }
  }
  return [...groups.values()].map((g) => ({
    id: 'env-shadows-sign-in',
    severity: 'warning' as const,
    title: `$${g.variable} hides ${toolName(g.tool)}'s stored sign-in.`,
    detail: `${toolName(g.tool)} reads ${g.variable} before ${g.creds.map((c) => show(ctx, c.path) + (c.entry !== undefined ? ` [${c.entry}]` : '')).join(', ')}, so the stored sign-in is not used while the variable is set. ${SHADOW_EFFECT[g.variable] ?? ''}`.trimEnd(),
    fix: `unset ${g.variable}  (and remove it from your shell profile) — or keep it if that is what you want ${toolName(g.tool)} to use`,
    paths: [...new Set(g.creds.map((c) => c.path).filter(isFilePath))],
  }));
}

const CLOCK_FIX: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'sudo timedatectl set-ntp true  (turn on network time sync)',
  darwin: 'sudo sntp -sS time.apple.com  (or System Settings → General → Date & Time → Set automatically)',
  win32: 'w32tm /resync  (or Settings → Time & language → Sync now)',
};

/** A JWT issued in the future: this machine's clock is behind the issuer's. */
function clockSkew(ctx: CheckContext): Finding | undefined {
  const now = ctx.report.now;
  let worst: { ahead: number; c: AssessedCredential; iat: number } | undefined;
  const hits: AssessedCredential[] = [];
  for (const c of ctx.report.credentials) {
    for (const token of [c.secrets.idToken, c.secrets.access]) {
      const d = decodeJwt(token);
      if (!d.ok) continue;
      const iat = num(d.jwt.payload.iat);
      if (iat === undefined) continue;
      const ahead = iat * 1000 - now;
      if (ahead <= CLOCK_SKEW_TOLERANCE_MS) continue;
      if (!hits.includes(c)) hits.push(c);
      if (worst === undefined || ahead > worst.ahead) worst = { ahead, c, iat: iat * 1000 };
    }
  }
  if (worst === undefined) return undefined;
  return {
    id: 'clock-skew',
    severity: 'warning',
    title: `This machine's clock is at least ${formatRelative(now + worst.ahead, now).replace(/^in /, '')} behind the token issuer's.`,
    detail:
      `${where(ctx, worst.c)} holds a token issued at ${formatAbsolute(worst.iat)}, later than this machine's time (${formatAbsolute(now)}). ` +
      'Tools that check token times may reject fresh tokens as not yet valid, or refresh too late.',
    fix: CLOCK_FIX[ctx.deps.platform] ?? 'turn on automatic time sync for this machine',
    paths: [...new Set(hits.map((c) => c.path).filter(isFilePath))],
  };
}

export function credentialChecks(ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  for (const c of ctx.report.credentials) {
    // A store's flag (tools.ts) already says why this one cannot be used.
    if (replacesStateFinding(c)) continue;
    if (c.state === 'unreadable') {
      out.push(unreadable(ctx, c));
      continue;
    }
    // Signed out because the refresh horizon passed (assess.ts): expiry() says so precisely.
    const horizonPassed = c.canRefresh && c.refreshExpiresAt !== undefined && c.refreshExpiresAt !== null && c.refreshExpiresAt <= ctx.report.now;
    if (c.state === 'signed-out' && !horizonPassed) {
      out.push(signedOut(ctx, c));
      continue;
    }
    const scope = claudeScope(ctx, c);
    if (scope !== undefined) out.push(scope);
    out.push(...expiry(ctx, c));
  }
  out.push(...shadowing(ctx));
  const skew = clockSkew(ctx);
  if (skew !== undefined) out.push(skew);
  return out;
}
