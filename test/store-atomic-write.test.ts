// writeFileAtomic: private modes whatever the umask, symlinks written through,
// no temp litter, and old-or-new content when the writer is SIGKILLed at a
// random moment (children run a bundled copy of the module).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
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
// Crash safety: each write runs in its own node process, SIGKILLed at a random
// moment around the write. (SIGKILL does not drop the page cache, so this
// checks atomicity of temp+rename, not fsync-before-power-loss.)

const CHILD = `
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from './atomic-write.mjs';
const [target, next] = process.argv.slice(2);
const data = readFileSync(next, 'utf8');
process.stdout.write('R'); // the parent's random kill delay starts now
const t = performance.now();
await writeFileAtomic(target, data);
process.stdout.write('D' + (performance.now() - t).toFixed(3) + ';');
setTimeout(() => {}, 5000); // linger: every child ends by SIGKILL
`;

interface Run {
  writeMs: number | undefined;
}

function runAndKill(script: string, target: string, next: string, delayFor: () => number): Promise<Run> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [script, target, next], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    let armed = false;
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (!armed && out.includes('R')) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), delayFor());
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`child exited ${code}/${signal} before the kill: ${out}`));
      const m = /D([\d.]+);/.exec(out);
      resolveRun({ writeMs: m?.[1] === undefined ? undefined : Number(m[1]) });
    });
  });
}

describe.runIf(posix)('crash safety', () => {
  it('200 writers SIGKILLed at random moments leave exactly the old or the new JSON', { timeout: 120_000 }, async () => {
    const dir = join(work, 'crash');
    mkdirSync(dir);
    await bundleForChild('src/fs/atomic-write.ts', join(dir, 'atomic-write.mjs'));
    const script = join(dir, 'child.mjs');
    writeFileSync(script, CHILD);

    const content = (lane: number, i: number) =>
      JSON.stringify({ lane, i, pad: randomBytes(32 * 1024 + Math.floor(Math.random() * 224 * 1024)).toString('hex') });

    // Kill delays are uniform over [0, 2.5 × recent write time]: a share land
    // before the write starts, during it, and after the rename.
    let avgWriteMs = 4;
    const delayFor = () => Math.random() * 2.5 * avgWriteMs;

    const counts = { old: 0, oldWithTemp: 0, new: 0, bad: 0 };
    const LANES = 4;
    const PER_LANE = 50;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: LANES }, async (_, lane) => {
        const laneDir = join(dir, `lane${lane}`);
        mkdirSync(laneDir);
        const target = join(laneDir, 'cred.json');
        const next = join(dir, `next${lane}.json`);
        let current = content(lane, -1);
        writeFileSync(target, current);
        for (let i = 0; i < PER_LANE; i++) {
          const fresh = content(lane, i);
          writeFileSync(next, fresh);
          const run = await runAndKill(script, target, next, delayFor);
          if (run.writeMs !== undefined) avgWriteMs = 0.8 * avgWriteMs + 0.2 * run.writeMs;
          const got = readFileSync(target, 'utf8');
          const litter = temps(laneDir);
          for (const t of litter) await rm(join(laneDir, t)); // a SIGKILL mid-write can't clean up
          let parsed = true;
          try {
            JSON.parse(got);
          } catch {
            parsed = false;
          }
          if (!parsed || (got !== current && got !== fresh)) counts.bad++;
          else if (got === fresh) counts.new++;
          else if (litter.length > 0) counts.oldWithTemp++;
          else counts.old++;
          current = got;
        }
      }),
    );
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `crash test: old=${counts.old + counts.oldWithTemp} (of which killed mid-write, temp left: ${counts.oldWithTemp}), ` +
        `new=${counts.new}, bad=${counts.bad}; avg write ${avgWriteMs.toFixed(2)} ms; ${secs}s`,
    );
    expect(counts.bad).toBe(0);
    expect(counts.old + counts.oldWithTemp + counts.new).toBe(LANES * PER_LANE);
    expect(counts.old + counts.oldWithTemp).toBeGreaterThan(0);
    expect(counts.new).toBeGreaterThan(0);
  });
});
