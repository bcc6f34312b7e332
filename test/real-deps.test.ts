// The real Deps' home directory: os.homedir()'s answer without loading node:os.
import { homedir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { homeDirectory } from '../src/adapters/real-deps';

describe('homeDirectory', () => {
  it('is HOME on POSIX and USERPROFILE on Windows, as libuv reads them', () => {
    expect(homeDirectory({ HOME: '/home/ada', USERPROFILE: 'C:\\Users\\x' }, 'linux')).toBe('/home/ada');
    expect(homeDirectory({ HOME: '/Users/ada' }, 'darwin')).toBe('/Users/ada');
    expect(homeDirectory({ HOME: '/home/ada', USERPROFILE: 'C:\\Users\\ada' }, 'win32')).toBe('C:\\Users\\ada');
  });

  it('asks the system (os.homedir) when the variable is unset or empty', () => {
    expect(homeDirectory({}, process.platform === 'win32' ? 'win32' : 'linux')).toBe(homedir());
    expect(homeDirectory({ HOME: '' }, 'linux')).toBe(homedir());
  });
});

describe('exec with input', () => {
  it('a child that exits without reading its stdin resolves with its exit status (no EPIPE crash)', async () => {
    const { exec } = await import('../src/adapters/real-deps');
    for (let i = 0; i < 5; i++) {
      // 4 MiB does not fit the pipe: the write is still pending when the child is gone.
      const r = await exec('sh', ['-c', 'exit 3'], { input: 'x'.repeat(4 << 20), timeoutMs: 10_000 });
      expect(r.code).toBe(3);
    }
  });
});
