// The shape the README's Architecture section promises, checked on the source:
// imports point one way through the layers, there is no import cycle, and
// nothing outside src/stores/ needs a list of store ids of its own, and no
// source file grows past 300 lines (issue 11).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SOURCE_IDS } from '../src/specs/common';
import { STORES } from '../src/stores/index';
import { OPENAI_TARGETS } from '../src/stores/targets';

const SRC = resolve(__dirname, '../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const f = join(dir, e);
    return statSync(f).isDirectory() ? files(f) : f.endsWith('.ts') ? [f] : [];
  });
}

const rel = (f: string, spec: string) => relative(SRC, resolve(dirname(f), spec.replace(/\.js$/, ''))) + '.ts';

/**
 * Every relative import (static, `import type` and `import()`) of each module,
 * as src-relative paths. `lazy`: the import() of a store's own write half
 * (stores/<id>.ts → stores/<id>.write.ts): one store split in two for loading,
 * so that edge does not count as a cycle; it still counts for the layers.
 */
function graph(): { all: Map<string, string[]>; eager: Map<string, string[]> } {
  const all = new Map<string, string[]>();
  const eager = new Map<string, string[]>();
  for (const f of files(SRC)) {
    const text = readFileSync(f, 'utf8');
    const from = relative(SRC, f);
    // `import type` / `export type` are erased at build: a command's options type
    // derived from its spec's flags is no dependency of the command on the spec.
    const runtime = text.replace(/^(import|export) type [^;]*;/gm, '');
    const deps = [...runtime.matchAll(/(from\s+|import\(\s*)'(\.{1,2}\/[^']+)'/g)].map((m) => ({ to: rel(f, m[2]!), dynamic: m[1]!.startsWith('import(') }));
    all.set(from, deps.map((d) => d.to));
    eager.set(from, deps.filter((d) => !(d.dynamic && d.to === from.replace(/\.ts$/, '.write.ts'))).map((d) => d.to));
  }
  return { all, eager };
}

// Lowest first. A module may import its own layer or a lower one, never a higher one.
const LAYERS: string[][] = [
  ['errors.ts', 'core/'],
  ['deps.ts', 'fs/'],
  ['stores/'],
  ['oauth/', 'report/', 'anthropic/', 'ui/'],
  ['doctor/', 'onboard/', 'remote/', 'accounts/'],
  // The real Deps (cli.ts builds them): they may use anything a command may.
  ['adapters/'],
  ['commands/'],
  ['specs/', 'args.ts', 'cli-spec.ts'],
  ['main.ts'],
  ['cli.ts'],
];

function layerOf(path: string): number {
  const i = LAYERS.findIndex((l) => l.some((p) => (p.endsWith('/') ? path.startsWith(p) : path === p)));
  if (i === -1) throw new Error(`src/${path} is in no layer of test/architecture.test.ts`);
  return i;
}

describe('architecture', () => {
  const { all: g, eager } = graph();

  it('keeps every source file under 300 lines (split by concern, not by size alone)', () => {
    const long = files(SRC)
      .map((f) => [relative(SRC, f), readFileSync(f, 'utf8').split('\n').length - 1] as const)
      .filter(([, n]) => n > 300)
      .map(([f, n]) => `src/${f}: ${n} lines`);
    expect(long).toEqual([]);
  });

  it('imports never point to a higher layer', () => {
    const up: string[] = [];
    for (const [from, deps] of g) for (const to of deps) if (layerOf(to) > layerOf(from)) up.push(`${from} → ${to}`);
    expect(up).toEqual([]);
  });

  it('has no import cycle', () => {
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (m: string, path: string[]) => {
      if (state.get(m) === 'done') return;
      if (state.get(m) === 'open') {
        cycles.push([...path.slice(path.indexOf(m)), m].join(' → '));
        return;
      }
      state.set(m, 'open');
      for (const d of eager.get(m) ?? []) visit(d, [...path, m]);
      state.set(m, 'done');
    };
    for (const m of g.keys()) visit(m, []);
    expect(cycles).toEqual([]);
  });

  it('the lists that name stores outside src/stores/ are the STORES list', () => {
    // --source choices: every store, nothing else.
    expect([...SOURCE_IDS].sort()).toEqual(STORES.map((s) => s.id).sort());
    // Sign-in targets: the stores with a grant side and a write half, in STORES order.
    expect([...OPENAI_TARGETS]).toEqual(STORES.filter((s) => s.grant !== undefined && s.write !== undefined).map((s) => s.id));
    // Ids are unique.
    expect(new Set(STORES.map((s) => s.id)).size).toBe(STORES.length);
  });

  it('a write half is reached only through import() from what `status` loads (it brings the lock)', () => {
    // The modules bundled into dist/cli.js: everything cli.ts reaches by static imports.
    const seen = new Set<string>();
    const visit = (m: string): void => {
      if (seen.has(m)) return;
      seen.add(m);
      const text = readFileSync(join(SRC, m), 'utf8').replace(/^(import|export) type [^;]*;/gm, '');
      for (const x of text.matchAll(/^(?:import|export)\s(?:[^;]*?from\s+)?'(\.{1,2}\/[^']+)'/gm)) visit(rel(join(SRC, m), x[1]!));
    };
    visit('cli.ts');
    expect(seen.has('report/discover.ts')).toBe(true); // the walk reaches the status path
    expect([...seen].filter((m) => m.endsWith('.write.ts') || m.startsWith('fs/lock') || m.startsWith('fs/flock'))).toEqual([]);
  });

  it('no test replaces a module with vi.mock (files share a worker\'s module graph: vitest.config.ts)', () => {
    const TEST = join(dirname(SRC), 'test');
    // Built from parts, so this file does not name what it looks for.
    const mock = new RegExp(['vi', 'mock\\('].join('\\.'));
    const mocking = files(TEST).filter((f) => mock.test(readFileSync(f, 'utf8'))).map((f) => relative(TEST, f));
    expect(mocking).toEqual([]);
  });
});
