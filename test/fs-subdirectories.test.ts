// subdirectories (src/fs/subdirectories.ts) lists the folders of OpenClaw's
// agents and auth-wizard's saved Claude accounts: what readdir with file
// types listed before (real folders, sorted; not links, not files), and nothing,
// without an error, for a folder that is missing, a file, or unreadable.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { subdirectories } from '../src/fs/subdirectories';
import { tempHome } from './helpers/fixture-home';

describe('subdirectories', () => {
  it('lists the real folders only, sorted', () => {
    const dir = tempHome('aw-subdirs-');
    for (const d of ['work', 'Alpha', 'b-2', 'b-10']) mkdirSync(join(dir, d));
    writeFileSync(join(dir, 'notes.txt'), 'x');
    symlinkSync(join(dir, 'work'), join(dir, 'link-to-work'));
    symlinkSync(join(dir, 'gone'), join(dir, 'dangling'));
    // Code-unit order, as Array#sort: uppercase before lowercase.
    expect(subdirectories(dir)).toEqual(['Alpha', 'b-10', 'b-2', 'work']);
  });

  it('lists a folder reached through a link as the folder', () => {
    const home = tempHome('aw-subdirs-');
    mkdirSync(join(home, 'real', 'one'), { recursive: true });
    symlinkSync(join(home, 'real'), join(home, 'via-link'));
    expect(subdirectories(join(home, 'via-link'))).toEqual(['one']);
  });

  // A path through a file fails with ENOTDIR: the same catch as any other error (no permission).
  it('is empty for a missing folder, a file, a link to a file, or a path through a file', () => {
    const home = tempHome('aw-subdirs-');
    writeFileSync(join(home, 'file'), 'x');
    symlinkSync(join(home, 'file'), join(home, 'link-to-file'));
    for (const p of ['missing', 'file', 'link-to-file', 'file/inside']) expect(subdirectories(join(home, p)), p).toEqual([]);
  });
});
