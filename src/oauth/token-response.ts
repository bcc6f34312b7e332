// Checks a successful token response before anything in it is trusted or
// stored, with oauth4webapi's rules (processAuthorizationCodeResponse /
// processRefreshTokenResponse): token_type is Bearer; access_token is a
// string; an id_token names our issuer in `iss`, our client in `aud` (and
// `azp` when present), and carries an `exp` that has not passed (60 s of clock
// skew allowed). A code exchange must say token_type; a refresh answer may
// leave out any field (Codex's own client reads them all as optional), and
// what is there must pass. Signatures are not checked here: the id_token came
// straight from the issuer over TLS (OpenID Connect Core §3.1.3.7 point 6).
import { decodeJwt } from '../core/jwt';
import { isRecord } from '../core/guards';
import { AppError } from '../errors';
import { serverText } from './redact';

/** oauth4webapi's default clockTolerance is 0; 60 s is what OpenID Connect libraries usually allow. */
export const ID_TOKEN_SKEW_MS = 60_000;

export interface TokenExpectations {
  /** The issuer URL, exactly as the id_token's `iss` must say it. */
  issuer: string;
  clientId: string;
  grant: 'authorization_code' | 'refresh_token';
}

function utc(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? 'an unreadable time' : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function invalid(why: string): AppError {
  return new AppError('oauth', `The sign-in server's token response was not accepted: ${why}.`);
}

/** Shown from a claim: printable, nothing token-shaped, short. */
const shown = (v: string) => serverText(v, 100) ?? '(empty)';

export function validateTokenResponse(body: Record<string, unknown>, x: TokenExpectations, now: number): void {
  const tokenType = body.token_type;
  if (tokenType === undefined || tokenType === null) {
    if (x.grant === 'authorization_code') throw invalid('it came without a token_type (Bearer expected)');
  } else if (typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer') {
    throw invalid(`it has token_type ${typeof tokenType === 'string' ? `"${shown(tokenType)}"` : 'that is not a string'}, not Bearer`);
  }

  if (body.access_token !== undefined && body.access_token !== null && typeof body.access_token !== 'string') throw invalid('it has an access_token that is not a string');
  if (body.refresh_token !== undefined && body.refresh_token !== null && typeof body.refresh_token !== 'string') throw invalid('it has a refresh_token that is not a string');

  if (body.id_token === undefined || body.id_token === null) return;
  const decoded = decodeJwt(body.id_token);
  if (!decoded.ok || !isRecord(decoded.jwt.payload)) throw invalid('it has an id_token that is not a JWT');
  const claims = decoded.jwt.payload;

  if (typeof claims.iss !== 'string' || claims.iss === '') throw invalid('its id_token names no issuer (iss)');
  if (claims.iss !== x.issuer) throw invalid(`its id_token was issued by ${shown(claims.iss)}, not by ${x.issuer}`);

  const aud = typeof claims.aud === 'string' ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud.filter((a): a is string => typeof a === 'string') : [];
  if (aud.length === 0) throw invalid('its id_token names no audience (aud)');
  if (!aud.includes(x.clientId)) throw invalid(`its id_token is meant for ${aud.slice(0, 3).map(shown).join(', ')}${aud.length > 3 ? ', …' : ''}, not for this client (${x.clientId})`);
  if (claims.azp !== undefined && claims.azp !== x.clientId) throw invalid(`its id_token was issued to another party (azp ${typeof claims.azp === 'string' ? shown(claims.azp) : 'not a string'})`);

  const exp = claims.exp;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) throw invalid('its id_token has no expiry (exp)');
  if (exp * 1000 <= now - ID_TOKEN_SKEW_MS) throw invalid(`its id_token expired at ${utc(exp * 1000)}`);
}
