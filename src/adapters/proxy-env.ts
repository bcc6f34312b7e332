// The proxy variables as undici's EnvHttpProxyAgent reads them, checked before
// it does: it throws a bare "Invalid URL" from its constructor, which reached
// the user as an internal error without saying which variable was wrong.

type Env = Readonly<Record<string, string | undefined>>;

/** Longest part of a value echoed back: enough to recognise it, never a screenful. */
const SHOWN_MAX = 60;

/** The value, bounded, credentials hidden, every character outside printable ASCII escaped. */
function shown(value: string): string {
  // A proxy URL may carry user:password@; hide it even where the URL does not parse.
  const hidden = value.replace(/^([^:/]*:\/\/)[^@/]*@/, '$1***@');
  const cut = hidden.length > SHOWN_MAX ? `${hidden.slice(0, SHOWN_MAX)}…` : hidden;
  return JSON.stringify(cut).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * What is wrong with the proxy undici would use, as a sentence; undefined
 * when nothing is. Same reading as undici: the lower-case name first (even
 * when empty), and an empty value means no proxy.
 */
export function proxyEnvProblem(env: Env): string | undefined {
  for (const [lower, upper] of [
    ['https_proxy', 'HTTPS_PROXY'],
    ['http_proxy', 'HTTP_PROXY'],
  ] as const) {
    const name = env[lower] !== undefined ? lower : upper;
    const value = env[name];
    if (value === undefined || value === '') continue;
    const fix = `Set it to your proxy's address (http://host:port) or unset it.`;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return `${name}=${shown(value)} is not a URL, so no request can go through it. ${fix}`;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return `${name}=${shown(value)} does not start with http:// or https://, the only proxies auth-wizard can use. ${fix}`;
    if (url.hostname === '') return `${name}=${shown(value)} names no host. ${fix}`;
  }
  return undefined;
}
