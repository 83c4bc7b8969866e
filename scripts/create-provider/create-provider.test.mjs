import { execFile } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import {
  addProjectReference,
  createProviderPackage,
  providerNames,
} from './index.mjs';
import { packageFiles } from './templates.mjs';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const PACKAGES = join(ROOT, 'packages');
const bin = (name) => join(ROOT, 'node_modules', '.bin', name);

describe('pnpm create-provider', () => {
  const name = `scaffold-check-${process.pid}`;
  const directory = join(PACKAGES, `providers-${name}`);

  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('should add the new package to the root project references once, in order', () => {
    const root = mkdtempSync(join(tmpdir(), 'create-provider-'));
    const file = join(root, 'tsconfig.json');
    writeFileSync(
      file,
      JSON.stringify({
        files: [],
        references: [{ path: 'packages/core' }, { path: 'packages/testing' }],
      }),
    );
    const directory = join(root, 'packages', 'providers-acme');
    addProjectReference({ rootDirectory: root, directory });
    addProjectReference({ rootDirectory: root, directory });
    expect(JSON.parse(readFileSync(file, 'utf8')).references).toEqual([
      { path: 'packages/core' },
      { path: 'packages/providers-acme' },
      { path: 'packages/testing' },
    ]);
    rmSync(root, { recursive: true, force: true });
  });

  it('should refuse a name that is not kebab-case', () => {
    expect(() => providerNames('Stability_AI')).toThrow(/lower-case letters/);
    expect(() => providerNames('stability-ai')).not.toThrow();
    expect(providerNames('stability-ai')).toEqual({
      kebab: 'stability-ai',
      pascal: 'StabilityAi',
      constant: 'STABILITY_AI',
    });
  });

  it("should fill the provider's name into every template path and text, and define the provider with core's defineHttpProvider", () => {
    const files = packageFiles(providerNames('stability-ai'));
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining([
        'package.json',
        'src/index.ts',
        'src/stability-ai-provider.ts',
        'src/stability-ai-image-model.ts',
      ]),
    );
    for (const [path, text] of Object.entries(files)) {
      expect(`${path}\n${text}`, path).not.toMatch(
        /__(kebab|Pascal|CONSTANT|camel)__/,
      );
    }
    const provider = files['src/stability-ai-provider.ts'];
    expect(provider).toMatch(
      /= defineHttpProvider\(\{\n {2}name: 'stability-ai',/,
    );
    expect(provider).toContain("apiKey: 'STABILITY_AI_API_KEY'");
    expect(provider).toContain('export const createStabilityAi: (');
    // The package's own scripts: turbo runs `test` (so its tests run in
    // `pnpm test`) and `typecheck` as the root does.
    expect(JSON.parse(files['package.json']).scripts).toMatchObject({
      test: 'vitest run --root ../.. --project providers-stability-ai',
      typecheck: 'tsc -b',
    });
  });

  it('should scaffold a package that is formatted, lints, type-checks, builds and passes the conformance suite', async () => {
    createProviderPackage({ name, packagesDirectory: PACKAGES });
    expect(() =>
      createProviderPackage({ name, packagesDirectory: PACKAGES }),
    ).toThrow(/already exists/);
    // What `pnpm install` would do for the new package's workspace dependencies.
    mkdirSync(join(directory, 'node_modules', '@switchyard'), {
      recursive: true,
    });
    for (const linked of ['core', 'testing']) {
      symlinkSync(
        join(PACKAGES, linked),
        join(directory, 'node_modules', '@switchyard', linked),
      );
    }
    const options = { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } };
    await run(bin('prettier'), ['--check', directory], options);
    await run(bin('tsc'), ['-b', join(directory, 'tsconfig.json')], options);
    await run(bin('eslint'), ['--max-warnings=0', directory], options);
    await run(bin('tsdown'), [], { ...options, cwd: directory });
    const tests = await run(
      bin('vitest'),
      ['run', '--project', `providers-${name}`],
      options,
    );
    expect(tests.stdout).toMatch(/Tests\s+\d+ passed/);
    expect(tests.stdout).not.toMatch(/failed/);
  }, 180_000);
});
