import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const SERVER_DIRECTORY = fileURLToPath(new URL('../..', import.meta.url));

describe('the switchyard bin', () => {
  // pnpm links bins at install time, before anything is built: a bin in
  // dist/ makes every install warn "Failed to create bin" and leaves no
  // `switchyard` command.
  it('should name a committed, executable file that exists before any build', async () => {
    const manifest = JSON.parse(
      await readFile(`${SERVER_DIRECTORY}/package.json`, 'utf8'),
    ) as { bin: Record<string, string>; files: string[] };
    expect(Object.keys(manifest.bin)).toEqual(['switchyard']);
    const bin = manifest.bin.switchyard ?? '';
    expect(bin).not.toMatch(/^(\.\/)?dist\//);
    const { stdout } = await promisify(execFile)(
      'git',
      ['ls-files', '--stage', '--', bin],
      { cwd: SERVER_DIRECTORY },
    );
    expect(stdout).toMatch(/^100755 /);
    expect(manifest.files).toContain(bin.replace(/^\.\//, ''));
  });
});
