// writeFileAtomic: private modes whatever the umask, symlinks written through,
// no temp litter, and old-or-new content when the writer is SIGKILLed at each
// distinct step of the write (children run a bundled copy of the module).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleForChild } from './helpers/bundle';
import { AppError } from '../src/errors';
import { tightenMode, writeFileAtomic } from '../src/fs/atomic-write';

const posix = process.platform !== 'win32';
const mode = (p: string) => statSync(p).mode & 0o777;
const temps = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.tmp'));

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'aw-test-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe.runIf(posix)('modes', () => {
  it('creates the file 0600 and every missing dir 0700 under umask 000', async () => {
    const old = process.umask(0);
    try {
      const file = join(work, 'umask', 'a', 'b', 'cred.json');
      await writeFileAtomic(file, '{"x":1}');
      expect(readFileSync(file, 'utf8')).toBe('{"x":1}');
      expect(mode(file)).toBe(0o600);
      for (const d of ['umask', 'umask/a', 'umask/a/b']) expect(mode(join(work, d))).toBe(0o700);
    } finally {
      process.umask(old);
    }
  });

  it('leaves the mode of an existing parent dir alone', async () => {
    const dir = join(work, 'shared-dir');
    mkdirSync(dir, { mode: 0o755 });
    await writeFileAtomic(join(dir, 'c.json'), '{}');
    expect(mode(dir)).toBe(0o755);
  });

  it('replaces an existing 0644 file with a 0600 one', async () => {
    const file = join(work, 'loose.json');
    writeFileSync(file, 'old', { mode: 0o644 });
    expect(mode(file)).toBe(0o644);
    await writeFileAtomic(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(mode(file)).toBe(0o600);
  });

  it('tightenMode chmods in place', async () => {
    const file = join(work, 'tighten.json');
    writeFileSync(file, 'x', { mode: 0o644 });
    await tightenMode(file, 0o600);
    expect(mode(file)).toBe(0o600);
    await expect(tightenMode(join(work, 'missing'), 0o600)).rejects.toMatchObject({ code: 'io' });
  });
});

describe.runIf(posix)('symlinks', () => {
  it('writes through a symlink: the link stays a link, the real file gets the content', async () => {
    mkdirSync(join(work, 'real'));
    mkdirSync(join(work, 'link'));
    const real = join(work, 'real', 'cred.json');
    const link = join(work, 'link', 'cred.json');
    writeFileSync(real, 'old', { mode: 0o600 });
    symlinkSync('../real/cred.json', link);
    await writeFileAtomic(link, 'new');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('../real/cred.json');
    expect(readFileSync(real, 'utf8')).toBe('new');
    expect(temps(join(work, 'link'))).toEqual([]);
  });

  it('a dangling link creates its target, resolved relative to the link', async () => {
    mkdirSync(join(work, 'dl'));
    const link = join(work, 'dl', 'cred.json');
    symlinkSync('../dl-target/sub/cred.json', link); // target dir does not exist yet
    await writeFileAtomic(link, 'fresh');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(work, 'dl-target', 'sub', 'cred.json'), 'utf8')).toBe('fresh');
  });

  it('resolves a dangling link`s `..` against its real directory, as the kernel does', async () => {
    mkdirSync(join(work, 'deep', 'x'), { recursive: true });
    symlinkSync(join(work, 'deep', 'x'), join(work, 'alias')); // alias -> deep/x
    symlinkSync('../target.json', join(work, 'deep', 'x', 'cred')); // -> deep/target.json
    await writeFileAtomic(join(work, 'alias', 'cred'), 'via-alias');
    expect(readFileSync(join(work, 'deep', 'target.json'), 'utf8')).toBe('via-alias');
    expect(() => statSync(join(work, 'target.json'))).toThrow();
  });

  it('follows a chain of links', async () => {
    mkdirSync(join(work, 'chain'));
    writeFileSync(join(work, 'chain', 'end'), 'a');
    symlinkSync('end', join(work, 'chain', 'mid'));
    symlinkSync('mid', join(work, 'chain', 'start'));
    await writeFileAtomic(join(work, 'chain', 'start'), 'b');
    expect(lstatSync(join(work, 'chain', 'start')).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(work, 'chain', 'mid')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(work, 'chain', 'end'), 'utf8')).toBe('b');
  });
});

describe('temp files', () => {
  it('leaves none after a successful write', async () => {
    const dir = join(work, 'clean');
    for (let i = 0; i < 5; i++) await writeFileAtomic(join(dir, 'c.json'), String(i));
    expect(readdirSync(dir)).toEqual(['c.json']);
  });

  it('leaves none when the rename fails (target is a directory), and reports io', async () => {
    const dir = join(work, 'fail');
    mkdirSync(join(dir, 'c.json'), { recursive: true });
    const err = await writeFileAtomic(join(dir, 'c.json'), 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'io' });
    expect(readdirSync(dir)).toEqual(['c.json']);
  });
});

// ---------------------------------------------------------------------------
// Crash safety. Random kill timings mostly land before or after the write
// (process start-up dwarfs a 1 ms write), so the states that matter were hit by
// chance and slowly. Instead the child wraps every file-changing call the
// module makes (fs/promises and FileHandle) and, at step k, stops itself with
// SIGSTOP; the parent reads what another process would see at that instant,
// then SIGKILLs it and checks again. A first uninterrupted run lists the steps
// (and their order); the kills then go to each step that leaves a different
// state, including a temp file holding half the data.
// (SIGKILL does not drop the page cache, so this checks the atomicity of
// temp+rename and the order of the fsyncs, not data on disk after power loss.)

const CHILD = `
import { readFileSync, writeSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { basename, dirname } from 'node:path';
const require = createRequire(import.meta.url);
const fsp = require('node:fs/promises');
const [target, next, stopAtArg] = process.argv.slice(2);
const stopAt = Number(stopAtArg); // -1: run to the end and list the steps
const data = readFileSync(next, 'utf8');
const steps = [];
let armed = false; // counting starts at 'start': the set-up below makes calls too
function step(label) {
  if (label === 'start') armed = true;
  if (!armed) return;
  if (steps.length === stopAt) {
    writeSync(1, JSON.stringify({ stopped: stopAt, label }) + '\\n');
    process.kill(process.pid, 'SIGSTOP'); // never resumed: the parent SIGKILLs us here
  }
  steps.push(label);
}
const name = (p) => typeof p !== 'string' ? '' : p.endsWith('.tmp') ? 'temp' : p === target ? 'target' : p === dirname(target) ? 'dir' : basename(p);
for (const fn of ['open', 'rename', 'unlink', 'mkdir', 'chmod', 'writeFile', 'appendFile', 'copyFile', 'truncate', 'rm', 'rmdir', 'link', 'symlink']) {
  const real = fsp[fn];
  fsp[fn] = async (...a) => { step(fn + ' ' + name(a[0]) + (fn === 'open' ? ' ' + (a[1] ?? 'r') : '')); return real(...a); };
}
// close is an own property of each handle, not on the prototype: wrap it per handle.
const realOpen = fsp.open;
fsp.open = async (...a) => {
  const fh = await realOpen(...a);
  const close = fh.close;
  fh.close = () => { step('fh.close'); return close.call(fh); };
  return fh;
};
syncBuiltinESMExports(); // the module's named imports now see the wrappers
// FileHandle methods: wrapped on the prototype, which every handle shares.
const probe = await fsp.open(next, 'r');
const FH = Object.getPrototypeOf(probe);
await probe.close();
const realWrite = FH.write;
for (const fn of ['write', 'writev', 'sync', 'datasync', 'chmod', 'truncate']) {
  const real = FH[fn];
  FH[fn] = function (...a) { step('fh.' + fn); return real.apply(this, a); };
}
// writeFile as two writes with a stop between: the torn temp a kill mid-write leaves.
FH.writeFile = async function (d) {
  const buf = Buffer.from(d);
  step('fh.writeFile');
  const half = buf.length >> 1;
  await realWrite.call(this, buf, 0, half, 0);
  step('fh.writeFile half written');
  await realWrite.call(this, buf, half, buf.length - half, half);
};
const { writeFileAtomic } = await import('./atomic-write.mjs');
step('start');
await writeFileAtomic(target, data);
step('returned');
writeSync(1, JSON.stringify({ steps }) + '\\n');
`;

interface Stop {
  label: string;
  /** The target as a reader sees it while the writer is stopped, and after it is killed. */
  during: string | undefined;
  after: string | undefined;
  /** Temp files left next to the target by the kill, and their content. */
  temps: string[];
}

const readOrUndef = (p: string) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined);

/** Wait until the kernel reports the process stopped (Linux); elsewhere the marker suffices. */
async function stopped(pid: number): Promise<void> {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return;
  for (let i = 0; i < 2000; i++) {
    const s = readFileSync(stat, 'utf8');
    if (s.slice(s.lastIndexOf(')') + 2).startsWith('T')) return;
    await new Promise((r) => setTimeout(r, 1));
  }
  throw new Error(`child ${pid} never stopped`);
}

interface ChildMsg {
  stopped?: number;
  label?: string;
  steps?: string[];
}

function runChild(script: string, target: string, next: string, stopAt: number): Promise<{ label: string; during?: string; steps?: string[] }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [script, target, next, String(stopAt)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    let msg: ChildMsg | undefined;
    let during: string | undefined;
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (msg !== undefined || !out.includes('\n')) return;
      const m = JSON.parse(out.slice(0, out.indexOf('\n'))) as ChildMsg; // our own child's line
      msg = m;
      if (m.stopped === undefined) return;
      void stopped(child.pid!).then(() => {
        during = readOrUndef(target);
        child.kill('SIGKILL');
      }, reject);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (stopAt < 0) {
        if (code !== 0 || msg?.steps === undefined) return reject(new Error(`listing run exited ${code}/${signal}: ${out}`));
        return resolveRun({ label: 'listing', steps: msg.steps });
      }
      if (signal !== 'SIGKILL' || msg?.label === undefined) return reject(new Error(`child exited ${code}/${signal} before step ${stopAt}: ${out}`));
      resolveRun({ label: msg.label, during });
    });
  });
}

describe.runIf(posix)('crash safety', () => {
  it('a writer SIGKILLed at each distinct step of the write leaves exactly the old or the new JSON, flipping only at the rename', { timeout: 60_000 }, async () => {
    const dir = join(work, 'crash');
    mkdirSync(dir);
    await bundleForChild('src/fs/atomic-write.ts', join(dir, 'atomic-write.mjs'));
    const script = join(dir, 'child.mjs');
    writeFileSync(script, CHILD);
    // Big enough that half of it is a real torn file, not one page.
    const content = (tag: string) => JSON.stringify({ tag, pad: randomBytes(128 * 1024).toString('hex') });
    const next = join(dir, 'next.json');
    const fresh = content('new');
    writeFileSync(next, fresh);

    // Replacing a file, and creating one where there was none.
    const cases = [
      { name: 'replace', old: content('old') as string | undefined },
      { name: 'create', old: undefined },
    ];
    const laneFor = (c: (typeof cases)[number], k: number) => {
      const laneDir = join(dir, `${c.name}-${k}`);
      mkdirSync(laneDir, { mode: 0o700 });
      const target = join(laneDir, 'cred.json');
      if (c.old !== undefined) writeFileSync(target, c.old, { mode: 0o600 });
      return { laneDir, target };
    };

    // 1. The steps of one uninterrupted write, which must end with the new content.
    const plans = await Promise.all(
      cases.map(async (c) => {
        const listing = laneFor(c, -1);
        const labels = (await runChild(script, listing.target, next, -1)).steps!;
        expect(readFileSync(listing.target, 'utf8')).toBe(fresh);
        expect(temps(listing.laneDir)).toEqual([]);
        // The boundaries that matter, in this order: a temp file opened
        // exclusively, half written, fsynced before the rename, the rename,
        // then the directory opened and fsynced after it.
        const at = (label: string, from: number) => (from < 0 ? -1 : labels.indexOf(label, from));
        const openTemp = at('open temp wx', 0);
        const half = at('fh.writeFile half written', openTemp);
        const sync = at('fh.sync', half);
        const rename = at('rename temp', sync);
        const dirSync = at('fh.sync', at('open dir r', rename));
        const landmarks = [openTemp, half, sync, rename, dirSync];
        // One kill per state another process could see, SIGKILL being a crash
        // that keeps the page cache: no temp yet; an empty temp; a torn temp;
        // a complete fsynced temp, target untouched (the last step before the
        // rename); renamed, the directory not yet fsynced; done. The steps in
        // between (chmod, close, the fsync calls) change nothing visible. If
        // the write does not have this shape, kill at every step to show why.
        const found = landmarks.every((i) => i >= 0);
        const points = found ? [openTemp, openTemp + 1, half, rename, dirSync, labels.length - 1] : labels.map((_, i) => i);
        return { c, labels, landmarks, found, rename, half, points };
      }),
    );

    // 2. Kill at each point, two children at a time (one per core).
    const jobs = plans.flatMap((p) => p.points.map((k) => ({ p, k })));
    const stops = new Map<string, Stop>();
    for (let i = 0; i < jobs.length; i += 2) {
      await Promise.all(
        jobs.slice(i, i + 2).map(async ({ p, k }) => {
          const { laneDir, target } = laneFor(p.c, k);
          const r = await runChild(script, target, next, k);
          expect(r.label).toBe(p.labels[k]);
          const left = temps(laneDir).map((t) => readFileSync(join(laneDir, t), 'utf8'));
          stops.set(`${p.c.name} ${k}`, { label: r.label, during: r.during, after: readOrUndef(target), temps: left });
        }),
      );
    }

    // 3. What each kill left.
    for (const p of plans) {
      const { c, labels } = p;
      const at = (k: number) => stops.get(`${c.name} ${k}`)!;
      const view = (s: string | undefined) => (s === undefined ? 'absent' : s === c.old ? 'old' : s === fresh ? 'new' : 'TORN');
      const seen = p.points.map((k) => `${k} ${labels[k]}: ${view(at(k).during)}/${view(at(k).after)}`);
      // 0 torn: at every point, while stopped and after the kill, the target is the old content or the new.
      expect(seen.filter((l) => l.includes('TORN')), `${c.name}:\n${seen.join('\n')}`).toEqual([]);
      for (const i of p.landmarks) expect(i, labels.join(' | ')).toBeGreaterThan(-1);
      // The reader's view does not change through the kill, and flips exactly once, at the rename.
      for (const [j, k] of p.points.entries()) {
        expect(view(at(k).after), seen[j]).toBe(view(at(k).during));
        expect(view(at(k).after), seen[j]).toBe(k <= p.rename ? view(c.old) : 'new');
      }
      // The kill points are real: no temp, an empty one, a half-written one, then
      // a complete one, were left while the target was untouched; none after the rename.
      expect(at(p.landmarks[0]!).temps).toEqual([]);
      expect(at(p.landmarks[0]! + 1).temps).toEqual(['']);
      const torn = at(p.half).temps;
      expect(torn.length).toBe(1);
      expect(torn[0]!.length).toBe(fresh.length >> 1);
      expect(fresh.startsWith(torn[0]!)).toBe(true);
      expect(at(p.rename).temps).toEqual([fresh]);
      for (const k of p.points.filter((k) => k > p.rename)) expect(at(k).temps).toEqual([]);
      console.log(`crash test (${c.name}): steps ${labels.join(' | ')}; killed at ${seen.join('; ')}; 0 torn`);
    }
  });
});
