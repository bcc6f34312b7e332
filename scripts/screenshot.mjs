#!/usr/bin/env node
// Makes docs/onboard.png, the README's picture of `auth-wizard onboard` in a real
// terminal. Run after a build:
//
//   npm run build && npm run screenshot        # or: node scripts/screenshot.mjs [out.png]
//
// What it does:
//   1. a temporary HOME that is partly signed in, with FAKE credentials generated
//      here (a Codex auth.json whose JWTs carry a random signature; no Claude Code
//      credentials), never a real token;
//   2. the built CLI (`bin/auth-wizard.cjs onboard`) in a detached tmux session,
//      80×30, on its own socket, under `env -i` with a small fixed environment;
//   3. keys as a person types them: at "Which providers should be signed in?"
//      Anthropic is added (Down, Space, Enter); the picture is the next screen,
//      "How should OpenAI be signed in?" with "Keep what is there" first, under
//      the detection summary;
//   4. the pane captured with its colours (`capture-pane -e`), the SGR codes turned
//      into HTML by the small converter below, laid out as a dark terminal window
//      and screenshot by Debian's Chromium through playwright-core;
//   5. the tmux server and the temporary HOME removed, whatever happened.
//
// Needs (Debian packages): tmux, chromium (at /usr/bin/chromium), fonts-dejavu-core
// (DejaVu Sans Mono has every glyph the wizard draws: ┌ │ ◇ ◆ ● ○ ◼ ◻ ╮ ╯ ↑ ↓ • —).
// playwright-core is a devDependency. No network is used.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'bin', 'auth-wizard.cjs');
const OUT = resolve(process.argv[2] ?? join(ROOT, 'docs', 'onboard.png'));
const COLS = 80;
const ROWS = 30;
const STEP_TIMEOUT_MS = 15_000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------
// Fake credentials (the shape test/helpers/tokens.ts builds)

const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** A JWT-shaped string: real header and payload, a random (meaningless) signature. */
const fakeJwt = (payload) => `${b64({ alg: 'RS256', typ: 'JWT', kid: 'screenshot-key' })}.${b64(payload)}.${randomBytes(64).toString('base64url')}`;

function writeFakeHome(home) {
  const AUTH = 'https://api.openai.com/auth';
  const nowSec = Math.floor(Date.now() / 1000);
  const iat = nowSec - 3600;
  const exp = nowSec + 9 * 24 * 3600;
  const accountId = 'acct-11111111-2222-3333-4444-555555555555';
  const claims = { chatgpt_account_id: accountId, chatgpt_plan_type: 'plus', chatgpt_user_id: 'user-abcdef' };
  const idToken = fakeJwt({
    iss: 'https://auth.openai.com',
    aud: ['app_EMoamEEZ73f0CkXaXp7hrann'],
    sub: 'google-oauth2|1234',
    email: 'dev@example.com',
    email_verified: true,
    iat,
    exp: iat + 3600,
    [AUTH]: { ...claims, organizations: [{ id: 'org-example', title: 'Personal', role: 'owner', is_default: true }] },
  });
  const accessToken = fakeJwt({
    iss: 'https://auth.openai.com',
    aud: ['https://api.openai.com/v1'],
    sub: 'google-oauth2|1234',
    iat,
    exp,
    scp: ['openid', 'profile', 'email', 'offline_access'],
    [AUTH]: claims,
  });
  const dir = join(home, '.codex');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const auth = {
    auth_mode: 'chatgpt',
    OPENAI_API_KEY: null,
    tokens: { id_token: idToken, access_token: accessToken, refresh_token: `rt_${randomBytes(32).toString('base64url')}`, account_id: accountId },
    last_refresh: new Date((nowSec - 3600) * 1000).toISOString(),
  };
  writeFileSync(join(dir, 'auth.json'), `${JSON.stringify(auth, null, 2)}\n`, { mode: 0o600 });
}

// ---------------------------------------------------------------------------
// The terminal (tmux on its own socket; like test/helpers/tmux.ts)

const shellQuote = (s) => `'${s.replace(/'/g, `'\\''`)}'`;

function startTerminal(argv, env) {
  const socket = `aw-shot-${randomBytes(4).toString('hex')}`;
  const tmux = (...args) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const envArgs = Object.entries(env).map(([k, v]) => shellQuote(`${k}=${v}`)).join(' ');
  // `env -i`: only the given environment reaches the wizard. The pane stays open after it ends.
  const cmd = `env -i ${envArgs} ${argv.map(shellQuote).join(' ')}; echo "[exited $?]"; sleep 600`;
  tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'shot', '-x', String(COLS), '-y', String(ROWS), cmd);
  const screen = (ansi = false) => tmux('capture-pane', '-p', ...(ansi ? ['-e'] : []), '-t', 'shot');
  return {
    press: (...keys) => void tmux('send-keys', '-t', 'shot', ...keys),
    screen,
    async waitFor(what, pattern, timeoutMs = STEP_TIMEOUT_MS) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const s = screen();
        if (pattern.test(s)) return s;
        if (Date.now() > deadline) {
          throw new Error(`screenshot: timed out after ${timeoutMs / 1000}s waiting for ${what} (${pattern}); the screen was:\n${s.replace(/\n+$/, '')}`);
        }
        await sleep(50);
      }
    },
    /** Waits until the screen has not changed for `quietMs` (the prompt finished drawing). */
    async settle(quietMs = 400, timeoutMs = STEP_TIMEOUT_MS) {
      const deadline = Date.now() + timeoutMs;
      let last = screen(true);
      let since = Date.now();
      while (Date.now() - since < quietMs) {
        if (Date.now() > deadline) throw new Error('screenshot: the screen never stopped changing');
        await sleep(50);
        const s = screen(true);
        if (s !== last) {
          last = s;
          since = Date.now();
        }
      }
      return last;
    },
    kill() {
      // tmux leaves its socket file behind after kill-server; it is removed too.
      const socketPath = spawnSync('tmux', ['-L', socket, 'display-message', '-p', '#{socket_path}'], { encoding: 'utf8' }).stdout?.trim() ?? '';
      spawnSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
      if (socketPath.endsWith(`/${socket}`)) rmSync(socketPath, { force: true });
    },
  };
}

// ---------------------------------------------------------------------------
// ANSI (SGR) → HTML

// A dark palette (close to common terminal themes); indices 0–15.
const PALETTE16 = [
  '#1e2127', '#e06c75', '#98c379', '#e5c07b', '#61afef', '#c678dd', '#56b6c2', '#abb2bf',
  '#5c6370', '#e88388', '#a7cc8c', '#ebca8d', '#72bef2', '#d291e4', '#65c2cd', '#e6e6e6',
];
const FG = '#d7dae0';
const BG = '#1b1e24';

function color256(n) {
  if (n < 16) return PALETTE16[n];
  if (n < 232) {
    const i = n - 16;
    const level = (v) => (v === 0 ? 0 : 55 + v * 40);
    const [r, g, b] = [Math.floor(i / 36), Math.floor(i / 6) % 6, i % 6].map(level);
    return `rgb(${r},${g},${b})`;
  }
  const v = 8 + (n - 232) * 10;
  return `rgb(${v},${v},${v})`;
}

const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Applies one SGR parameter list to the style state (mutates it). */
function applySgr(st, params) {
  const p = params === '' ? [0] : params.split(/[;:]/).map((x) => (x === '' ? 0 : Number(x)));
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === 0) Object.assign(st, { fg: null, bg: null, bold: false, dim: false, italic: false, underline: false, inverse: false, strike: false });
    else if (c === 1) st.bold = true;
    else if (c === 2) st.dim = true;
    else if (c === 3) st.italic = true;
    else if (c === 4) st.underline = true;
    else if (c === 7) st.inverse = true;
    else if (c === 9) st.strike = true;
    else if (c === 21 || c === 22) st.bold = st.dim = false;
    else if (c === 23) st.italic = false;
    else if (c === 24) st.underline = false;
    else if (c === 27) st.inverse = false;
    else if (c === 29) st.strike = false;
    else if (c >= 30 && c <= 37) st.fg = PALETTE16[c - 30];
    else if (c >= 90 && c <= 97) st.fg = PALETTE16[c - 90 + 8];
    else if (c >= 40 && c <= 47) st.bg = PALETTE16[c - 40];
    else if (c >= 100 && c <= 107) st.bg = PALETTE16[c - 100 + 8];
    else if (c === 39) st.fg = null;
    else if (c === 49) st.bg = null;
    else if (c === 38 || c === 48) {
      let col = null;
      if (p[i + 1] === 5) {
        col = color256(p[i + 2] ?? 0);
        i += 2;
      } else if (p[i + 1] === 2) {
        col = `rgb(${p[i + 2] ?? 0},${p[i + 3] ?? 0},${p[i + 4] ?? 0})`;
        i += 4;
      }
      if (c === 38) st.fg = col;
      else st.bg = col;
    }
  }
}

function styleOf(st) {
  let fg = st.fg ?? FG;
  let bg = st.bg;
  if (st.inverse) [fg, bg] = [bg ?? BG, fg];
  const css = [];
  if (fg !== FG) css.push(`color:${fg}`);
  if (bg) css.push(`background:${bg}`);
  if (st.bold) css.push('font-weight:bold');
  if (st.dim) css.push('opacity:.55');
  if (st.italic) css.push('font-style:italic');
  const deco = [st.underline && 'underline', st.strike && 'line-through'].filter(Boolean).join(' ');
  if (deco) css.push(`text-decoration:${deco}`);
  return css.join(';');
}

/**
 * `capture-pane -e` output → one HTML string per row. The style carries across
 * rows (tmux only emits changes), so the state is kept for the whole screen.
 * Characters outside ASCII sit in a one-cell box, so a glyph from a fallback
 * font cannot shift the columns after it.
 */
function ansiToHtmlRows(text) {
  const st = { fg: null, bg: null, bold: false, dim: false, italic: false, underline: false, inverse: false, strike: false };
  const rows = [];
  for (const line of text.replace(/\n$/, '').split('\n')) {
    let html = '';
    let run = '';
    let runStyle = styleOf(st);
    const flush = () => {
      if (run) html += runStyle ? `<span style="${runStyle}">${run}</span>` : run;
      run = '';
    };
    // CSI sequences (SGR is `m`; others are dropped), OSC sequences dropped, then text.
    const re = /\x1b\[([0-9;:?]*)([A-Za-z])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][A-Za-z0-9]|([^\x1b]+)/gy;
    let m;
    while ((m = re.exec(line)) !== null) {
      if (m[3] !== undefined) {
        for (const ch of m[3]) run += ch.codePointAt(0) < 0x80 ? escapeHtml(ch) : `<i class="c">${escapeHtml(ch)}</i>`;
      } else if (m[2] === 'm') {
        applySgr(st, m[1]);
        const next = styleOf(st);
        if (next !== runStyle) {
          flush();
          runStyle = next;
        }
      }
    }
    flush();
    rows.push(html);
  }
  return rows;
}

function pageHtml(rows, title) {
  return `<!doctype html>
<html><head><meta charset="utf-8"><style>
  html, body { margin: 0; padding: 0; background: transparent; }
  body { padding: 0; display: inline-block; }
  .window { display: inline-block; background: ${BG}; border-radius: 10px; overflow: hidden; border: 1px solid #30343c; }
  .bar { height: 30px; background: #272b33; display: flex; align-items: center; position: relative; border-bottom: 1px solid #30343c; }
  .dot { width: 12px; height: 12px; border-radius: 50%; margin-left: 8px; }
  .dot:first-child { margin-left: 12px; }
  .title { position: absolute; left: 0; right: 0; text-align: center; color: #8b919c;
           font: 13px "DejaVu Sans", sans-serif; pointer-events: none; }
  .term { padding: 12px 16px 14px; color: ${FG};
          font-family: "DejaVu Sans Mono", monospace; font-size: 14px; }
  .row { white-space: pre; height: 16px; line-height: 16px; width: ${COLS}ch; }
  .c { font-style: normal; display: inline-block; width: 1ch; text-align: center; overflow: visible; }
</style></head><body>
<div class="window">
  <div class="bar"><span class="dot" style="background:#ff5f57"></span><span class="dot" style="background:#febc2e"></span><span class="dot" style="background:#28c840"></span><span class="title">${escapeHtml(title)}</span></div>
  <div class="term">${rows.map((r) => `<div class="row">${r}</div>`).join('\n')}</div>
</div>
</body></html>`;
}

// ---------------------------------------------------------------------------

async function main() {
  const t0 = Date.now();
  const probe = spawnSync(process.execPath, [CLI, '--version'], { encoding: 'utf8', timeout: STEP_TIMEOUT_MS });
  if (probe.status !== 0) throw new Error(`screenshot: \`node bin/auth-wizard.cjs --version\` failed; run \`npm run build\` first\n${(probe.stderr ?? '').trim()}`);
  if (spawnSync('tmux', ['-V']).status !== 0) throw new Error('screenshot: tmux is not installed (apt-get install tmux)');
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`screenshot: ${CHROMIUM_PATH} is missing (apt-get install chromium)`);

  const home = mkdtempSync(join(tmpdir(), 'aw-shot-home-'));
  let term;
  let browser;
  const cleanup = () => {
    term?.kill();
    term = undefined;
    rmSync(home, { recursive: true, force: true });
  };
  const onSignal = (sig) => {
    cleanup();
    process.exit(sig === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    writeFakeHome(home);
    term = startTerminal([process.execPath, CLI, 'onboard'], {
      HOME: home,
      TERM: 'xterm-256color',
      FORCE_COLOR: '1',
      PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
      BROWSER: '/bin/false', // not headless, and nothing is ever opened
      DISPLAY: ':0',
      LANG: 'C.UTF-8',
    });

    await term.waitFor('the providers question', /Which providers should be signed in\?/);
    await term.settle();
    term.press('Down', 'Space', 'Enter'); // add Anthropic to OpenAI (pre-selected: Codex is signed in)
    await term.waitFor('the OpenAI method question', /How should OpenAI be signed in\?[\s\S]*Keep what is there[\s\S]*└/);
    const screen = await term.settle();
    const plain = term.screen();
    if (!/dev@example\.com, plus/.test(plain)) throw new Error(`screenshot: the detection summary does not show the fake Codex sign-in; the screen was:\n${plain}`);
    if (/eyJ[\w-]{10,}|rt_[\w-]{10,}/.test(plain)) throw new Error('screenshot: a token is on the screen; refusing to save it');

    // Rows up to the last non-blank one, plus one blank row, like a terminal with room left.
    const rows = ansiToHtmlRows(screen);
    let last = rows.length - 1;
    while (last > 0 && rows[last].replace(/<[^>]+>/g, '').trim() === '') last--;
    const html = pageHtml(rows.slice(0, Math.min(rows.length, last + 2)), 'auth-wizard onboard');

    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 30_000 });
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 }, deviceScaleFactor: 2 });
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    await page.setContent(html, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
    const mono = await page.evaluate(() => document.fonts.check('14px "DejaVu Sans Mono"'));
    if (!mono) console.warn('screenshot: warning: "DejaVu Sans Mono" not found (apt-get install fonts-dejavu-core); a fallback font is used');
    mkdirSync(dirname(OUT), { recursive: true });
    await page.locator('.window').screenshot({ path: OUT, omitBackground: true });

    const kb = Math.round(statSync(OUT).size / 1024);
    console.log(`screenshot: wrote ${relative(process.cwd(), OUT) || OUT} (${kb} KB) in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    if (kb > 300) console.warn('screenshot: warning: the PNG is over 300 KB');
  } finally {
    await browser?.close().catch(() => {});
    cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
