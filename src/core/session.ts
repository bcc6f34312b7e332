// Can auth-wizard open a browser that reaches this machine's loopback
// listener? When not (a remote shell, a Linux box without a display, a
// container), `login` prints the link and offers the paste and `ssh -L` ways
// instead of launching a browser nobody sees (openai/codex#2668, #2798, #4265).

export interface HeadlessVerdict {
  headless: boolean;
  /** Why, in words for the user ("signed in over SSH"). */
  reason: string;
}

/** File checks, injected so tests do not depend on the machine they run on. */
export type PathProbe = (path: string) => boolean;

const set = (v: string | undefined): boolean => v !== undefined && v.trim() !== '';

export function detectHeadless(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform, exists: PathProbe): HeadlessVerdict {
  const browser = env.BROWSER?.trim();
  // An explicit BROWSER is the user naming the browser to use (VS Code's dev
  // containers and remote sessions set it to a helper that opens the local one).
  if (browser === 'none') return { headless: true, reason: 'BROWSER=none' };
  if (browser !== undefined && browser !== '') return { headless: false, reason: 'BROWSER is set' };
  // A browser launched on the far side of SSH would show on that machine's screen, not the user's.
  if (set(env.SSH_CONNECTION) || set(env.SSH_TTY) || set(env.SSH_CLIENT)) return { headless: true, reason: 'this is an SSH session' };
  if (platform === 'linux' || platform === 'freebsd' || platform === 'openbsd' || platform === 'netbsd' || platform === 'sunos') {
    // WSL: `open` hands the URL to the Windows browser, and WSL forwards localhost.
    if (platform === 'linux' && (set(env.WSL_DISTRO_NAME) || set(env.WSL_INTEROP))) return { headless: false, reason: 'WSL' };
    if (set(env.container) || set(env.KUBERNETES_SERVICE_HOST) || exists('/.dockerenv') || exists('/run/.containerenv')) {
      return { headless: true, reason: 'this is a container' };
    }
    if (!set(env.DISPLAY) && !set(env.WAYLAND_DISPLAY)) return { headless: true, reason: 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)' };
  }
  return { headless: false, reason: 'a desktop session' };
}
