import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compileSamples,
  workspacePaths,
  type CompileReport,
} from './readme-samples/compile-samples';
import {
  extractSamples,
  sampleTarget,
  samplesOf,
  type Sample,
  type SampleTarget,
} from './readme-samples/extract-samples';
import { PRELUDES } from './readme-samples/preludes';
import {
  installPackedSdk,
  REACT_APP_DEPENDENCIES,
  REACT_TYPES_VERSION,
  TYPESCRIPT_VERSION,
} from './packed-sdk';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The repo's own @types/node, which an app on Node brings. */
const NODE_TYPES_VERSION = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  }
).devDependencies['@types/node'];

/**
 * What the README tells an app to set ("TypeScript settings"): `DOM` for
 * the `fetch` types tRPC's declarations name, `ESNext.Disposable` for
 * their `Symbol.asyncDispose`, and every library checked.
 */
const APP_COMPILER_OPTIONS = {
  target: 'ES2022',
  lib: ['ES2022', 'DOM', 'ESNext.Disposable'],
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  strict: true,
  skipLibCheck: false,
  noUncheckedIndexedAccess: true,
  types: ['node'],
  noEmit: true,
};

/**
 * A React app's: `@trpc/tanstack-react-query` 11.22.1 brings tRPC 11.22.1,
 * whose server declarations import `ws` types that no `@types/ws` matches,
 * so React apps keep `skipLibCheck` on (the SDK README says so).
 */
const REACT_APP_COMPILER_OPTIONS = {
  ...APP_COMPILER_OPTIONS,
  lib: ['ES2022', 'DOM', 'DOM.Iterable', 'ESNext.Disposable'],
  jsx: 'react-jsx',
  skipLibCheck: true,
  types: [],
};

const TARGETS: Record<SampleTarget, string> = {
  sdk: 'an app on the packed SDK',
  react: 'a React app on the packed SDK',
  workspace: "the workspace's sources",
};

const HOW_TO_MARK = `A fragment names what it takes as given in a comment right before its fence, <!-- sample: prelude=client --> (preludes: ${Object.keys(PRELUDES).join(', ')}; see packages/sdk/test/readme-samples/preludes.ts); a block that cannot compile says why in <!-- sample-skip: … -->.`;

const SAMPLES = samplesOf(ROOT);

function sampleName(sample: Sample): string {
  return `${sample.file}:${sample.fenceLine} (${sample.language}, ${TARGETS[sampleTarget(sample)]})`;
}

/** The workspace's package folders, relative to the root. */
function workspaceFolders(): string[] {
  return ['packages', 'apps'].flatMap((parent) =>
    readdirSync(join(ROOT, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(parent, entry.name)),
  );
}

/** Compiles the samples of each target; resolves with every sample's errors. */
async function compileEverySample(
  directories: Record<'sdk' | 'react' | 'workspace', string>,
): Promise<CompileReport> {
  const of = (target: SampleTarget) =>
    SAMPLES.filter(
      (sample) => sample.skip === undefined && sampleTarget(sample) === target,
    );
  const reports = await Promise.all([
    compileSamples({
      directory: directories.sdk,
      samples: of('sdk'),
      tsc: join(directories.sdk, 'node_modules/typescript/bin/tsc'),
      tsconfig: { compilerOptions: APP_COMPILER_OPTIONS },
    }),
    compileSamples({
      directory: directories.react,
      samples: of('react'),
      tsc: join(directories.react, 'node_modules/typescript/bin/tsc'),
      tsconfig: { compilerOptions: REACT_APP_COMPILER_OPTIONS },
    }),
    compileSamples({
      directory: directories.workspace,
      samples: of('workspace'),
      tsc: join(ROOT, 'node_modules/typescript/bin/tsc'),
      tsconfig: {
        extends: join(ROOT, 'tsconfig.base.json'),
        compilerOptions: {
          noEmit: true,
          declaration: false,
          declarationMap: false,
          sourceMap: false,
          typeRoots: [join(ROOT, 'node_modules/@types')],
          paths: await workspacePaths(ROOT, workspaceFolders()),
        },
      },
    }),
  ]);
  return {
    errors: new Map(reports.flatMap((report) => [...report.errors])),
    elsewhere: reports.flatMap((report) => report.elsewhere),
  };
}

describe('extractSamples', () => {
  it('should read each ts and tsx block with its fence line, marker and indentation, and skip other fences', () => {
    const markdown = [
      '# Title', // 1
      '```sh', // 2
      '```ts', // 3: inside a sh block, not a sample
      '```', // 4
      '<!-- sample: prelude=client,media -->', // 5
      '', // 6: prettier puts a blank line here
      '```ts', // 7
      'client.generate;', // 8
      '```', // 9
      '- a list item', // 10
      '  <!-- sample-skip: an outline -->', // 11
      '  ```tsx', // 12
      '  const a = <p />;', // 13
      '  ```', // 14
    ].join('\n');
    expect(extractSamples('doc.md', markdown)).toEqual([
      {
        file: 'doc.md',
        fenceLine: 7,
        language: 'ts',
        code: 'client.generate;',
        preludes: ['client', 'media'],
        skip: undefined,
      },
      {
        file: 'doc.md',
        fenceLine: 12,
        language: 'tsx',
        code: 'const a = <p />;',
        preludes: [],
        skip: 'an outline',
      },
    ]);
  });

  it('should refuse a marker it cannot read or an unknown prelude, naming the line', () => {
    expect(() =>
      extractSamples('doc.md', '<!-- sample: prelude=nope -->\n```ts\n```'),
    ).toThrow(/^doc\.md:1: no prelude "nope"/);
    expect(() =>
      extractSamples('doc.md', 'x\n<!-- sample: client -->\n```ts\n```'),
    ).toThrow(/^doc\.md:2: cannot read the marker "client"/);
  });

  it('should compile a sample by what it imports', () => {
    const sample = (code: string, language: 'ts' | 'tsx' = 'ts'): Sample => ({
      file: 'doc.md',
      fenceLine: 1,
      language,
      code,
      preludes: [],
      skip: undefined,
    });
    expect(sampleTarget(sample("import { x } from '@switchyard/sdk';"))).toBe(
      'sdk',
    );
    expect(
      sampleTarget(sample("import { x } from '@switchyard/sdk/react';")),
    ).toBe('react');
    expect(sampleTarget(sample('const a = <p />;', 'tsx'))).toBe('react');
    expect(
      sampleTarget(
        sample("import { createFal } from '@switchyard/providers-fal';"),
      ),
    ).toBe('workspace');
    expect(sampleTarget({ ...sample('local;'), preludes: ['local'] })).toBe(
      'workspace',
    );
  });
});

describe('the code samples in the docs', { timeout: 30_000 }, () => {
  const directories = { sdk: '', react: '', workspace: '' };
  let report: CompileReport | undefined;

  beforeAll(async () => {
    [directories.sdk, directories.react, directories.workspace] =
      await Promise.all([
        installPackedSdk({
          template: 'consumer-samples',
          devDependencies: {
            typescript: TYPESCRIPT_VERSION,
            '@types/node': NODE_TYPES_VERSION ?? '20',
          },
        }),
        installPackedSdk({
          template: 'consumer-samples',
          dependencies: REACT_APP_DEPENDENCIES,
          devDependencies: {
            typescript: TYPESCRIPT_VERSION,
            '@types/react': REACT_TYPES_VERSION,
          },
        }),
        mkdtemp(join(tmpdir(), 'switchyard-workspace-samples-')),
      ]);
    report = await compileEverySample(directories);
  }, 300_000);

  afterAll(async () => {
    for (const directory of Object.values(directories)) {
      if (directory !== '')
        await rm(directory, { recursive: true, force: true });
    }
  });

  it('should find the samples of the README and the SDK README', () => {
    const files = new Set(SAMPLES.map((sample) => sample.file));
    expect(files).toContain('README.md');
    expect(files).toContain('packages/sdk/README.md');
    for (const sample of SAMPLES.filter((each) => each.skip !== undefined)) {
      expect(sample.skip, sampleName(sample)).not.toBe('no reason given');
    }
  });

  it('should have no errors outside the samples’ own lines (preludes, libraries)', () => {
    expect(report?.elsewhere).toEqual([]);
  });

  for (const sample of SAMPLES) {
    if (sample.skip !== undefined) {
      it.skip(`${sampleName(sample)}: not compiled: ${sample.skip}`, () => {});
      continue;
    }
    it(`should compile ${sampleName(sample)}`, () => {
      const errors = report?.errors.get(sample);
      if (errors === undefined) throw new Error('the sample was not compiled');
      if (errors.length > 0) {
        throw new Error(
          `${errors.join('\n')}\n(the \`\`\`${sample.language} block at ${sample.file}:${sample.fenceLine}, compiled against ${TARGETS[sampleTarget(sample)]}. ${HOW_TO_MARK})`,
        );
      }
    });
  }
});
