// `npm run bench`: start-up cost of auth-wizard's commands as a ratio against
// `node -e 0`, measured in the same run, interleaved, so the machine's speed
// cancels out. Wall time and peak RSS come from a tiny python3 wrapper
// (getrusage of the child), which Node does not expose.
// Targets (issues 2, 3, 5): status ≤ 1.25× wall and ≤ 1.3× memory; token with a
// valid credential ≤ 1.3×; onboard's first prompt ≤ 2×.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const RUNS = Number(process.env.BENCH_RUNS ?? 25);
const WARMUP = 3;
const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'bin', 'auth-wizard.cjs');

const MEASURE = `
import resource, subprocess, sys, time, os
t = time.perf_counter()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=os.environ)
wall = time.perf_counter() - t
print(wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
`;

function measureOnce(argv, env) {
  const r = spawnSync('python3', ['-c', MEASURE, ...argv], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`measure failed: ${r.stderr}`);
  const [wall, rss] = r.stdout.trim().split(/\s+/).map(Number);
  return { wallMs: wall * 1000, rssKb: rss };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Interleaves baseline and target runs; returns medians and ratios. */
function compare(name, argv, env, target) {
  // A command that fails fast would look fast: check it really works first.
  const check = spawnSync(process.execPath, [cli, ...argv], { env, encoding: 'utf8' });
  if (check.status !== 0 || check.stdout.length === 0) throw new Error(`bench: \`auth-wizard ${argv.join(' ')}\` exited ${check.status}: ${check.stderr}`);
  const base = [];
  const cmd = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const b = measureOnce([process.execPath, '-e', '0'], env);
    const c = measureOnce([process.execPath, cli, ...argv], env);
    if (i >= WARMUP) {
      base.push(b);
      cmd.push(c);
    }
  }
  const bw = median(base.map((x) => x.wallMs));
  const cw = median(cmd.map((x) => x.wallMs));
  const bm = median(base.map((x) => x.rssKb));
  const cm = median(cmd.map((x) => x.rssKb));
  const row = { name, nodeMs: bw, cmdMs: cw, wallRatio: cw / bw, nodeRssMb: bm / 1024, cmdRssMb: cm / 1024, rssRatio: cm / bm, target };
  console.log(
    `${name.padEnd(34)} ${cw.toFixed(1).padStart(6)} ms vs node -e 0 ${bw.toFixed(1).padStart(6)} ms  ×${row.wallRatio.toFixed(2)}` +
      `   rss ${row.cmdRssMb.toFixed(1)} MB vs ${row.nodeRssMb.toFixed(1)} MB  ×${row.rssRatio.toFixed(2)}` +
      (target ? `   (target ≤ ×${target.wall} wall${target.rss ? `, ≤ ×${target.rss} rss` : ''})` : ''),
  );
  return row;
}

async function fixtureModule() {
  const out = mkdtempSync(join(tmpdir(), 'aw-bench-'));
  await build({ entryPoints: [join(root, 'test/helpers/fixture-home.ts')], bundle: true, platform: 'node', format: 'esm', outfile: join(out, 'fixture.mjs'), logLevel: 'error' });
  return { mod: await import(join(out, 'fixture.mjs')), out };
}

const { mod, out } = await fixtureModule();
const { home } = mod.fullFixtureHome(Date.now());
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, NO_COLOR: '1' };

console.log(`auth-wizard bench: ${RUNS} runs each, interleaved with node -e 0 (${process.version}, ${process.platform})\n`);
const rows = [
  compare('status (all stores)', ['status'], env, { wall: 1.25, rss: 1.3 }),
  compare('status --json', ['status', '--json'], env, { wall: 1.25, rss: 1.3 }),
  compare('info --provider openai', ['info', '--provider', 'openai'], env),
  compare('--help', ['--help'], env),
];
for (const extra of (await import('./scenarios.mjs').catch(() => ({ scenarios: [] }))).scenarios ?? []) {
  rows.push(compare(extra.name, extra.argv(home), { ...env, ...(extra.env?.(home) ?? {}) }, extra.target));
}
rmSync(out, { recursive: true, force: true });
rmSync(home, { recursive: true, force: true });
const over = rows.filter((r) => r.target && (r.wallRatio > r.target.wall || (r.target.rss && r.rssRatio > r.target.rss)));
console.log(over.length === 0 ? '\nall targets met' : `\nover target: ${over.map((r) => r.name).join(', ')}`);
