import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const TEST_FILES = ['**/*.test.ts', '**/__tests__/**', '**/test/**'];

/**
 * The import rule of one layer: `@switchyard/*` packages other than
 * `allowed` (and their subpaths) are refused; test files may also use
 * `testsAlsoUse`; `typesFrom` may be imported as types only.
 */
function layer({
  name,
  files,
  allowed,
  testsAlsoUse = [],
  typesFrom = [],
  why,
}) {
  const rule = (names) => {
    const typesOnly = typesFrom.filter((type) => !names.includes(type));
    return [
      'error',
      {
        patterns: [
          {
            group: [
              '@switchyard/*',
              ...[...names, ...typesOnly].flatMap((allowedName) => [
                `!@switchyard/${allowedName}`,
                `!@switchyard/${allowedName}/**`,
              ]),
            ],
            message: why,
          },
          ...typesOnly.map((type) => ({
            group: [`@switchyard/${type}`, `@switchyard/${type}/**`],
            allowTypeImports: true,
            message: `${why} Import its types with "import type".`,
          })),
        ],
      },
    ];
  };
  return [
    {
      name: `layering: ${name}`,
      files,
      ignores: TEST_FILES,
      rules: {
        'no-restricted-imports': 'off',
        '@typescript-eslint/no-restricted-imports': rule(allowed),
      },
    },
    {
      name: `layering: ${name} (tests)`,
      files: files.flatMap((pattern) =>
        TEST_FILES.map((test) => `${pattern.replace('/**/*.ts', '')}/${test}`),
      ),
      rules: {
        'no-restricted-imports': 'off',
        '@typescript-eslint/no-restricted-imports': rule([
          ...allowed,
          ...testsAlsoUse,
        ]),
      },
    },
  ];
}

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/.turbo/**',
      '**/.generated/**',
      '**/.tsbuild/**',
      '**/coverage/**',
      '**/__fixtures__/**',
      'packages/sdk/test/consumer/**',
      'packages/sdk/test/consumer-react/**',
      'packages/sdk/test/consumer-compat/**',
      '*.config.*',
      'tsdown.base.ts',
      '**/tsdown.config.ts',
      'bench/**',
      'scripts/**',
      '.ci/**',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'max-params': ['error', 3],
    },
  },
  {
    files: ['packages/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  // Size: a source file over 400 lines or a function over 80 is split
  // (tests aside; the conformance suites are tests, so only their files are
  // held to the line limit).
  {
    name: 'size: source',
    files: ['packages/**/*.ts', 'apps/**/*.ts', 'apps/**/*.tsx'],
    ignores: TEST_FILES,
    rules: {
      'max-lines': ['error', { max: 400 }],
      'max-lines-per-function': ['error', { max: 80 }],
    },
  },
  {
    // A package's index only lists its exports, one name per line.
    name: 'size: export lists',
    files: ['packages/*/src/index.ts'],
    rules: { 'max-lines': 'off' },
  },
  {
    name: 'size: conformance suites',
    files: ['packages/testing/src/conformance/**/*.ts'],
    rules: { 'max-lines-per-function': 'off' },
  },
  // Layering: dependencies point down (server → providers → core). One block
  // per layer with the whole rule, since a later block naming the same rule
  // for the same files replaces an earlier one.
  ...layer({
    name: 'core',
    files: ['packages/core/**/*.ts'],
    allowed: [],
    why: 'core depends on nothing else in the workspace.',
  }),
  ...layer({
    name: 'the OpenAI-compatible base',
    files: ['packages/openai-compatible/**/*.ts'],
    allowed: ['core'],
    testsAlsoUse: ['testing'],
    why: 'openai-compatible imports only core.',
  }),
  ...layer({
    name: 'providers',
    files: ['packages/providers-*/**/*.ts'],
    allowed: ['core', 'openai-compatible'],
    testsAlsoUse: ['testing'],
    why: 'a provider imports only core and openai-compatible (no other provider, no store, no server).',
  }),
  ...layer({
    name: 'store-sql',
    files: ['packages/store-sql/**/*.ts'],
    allowed: ['core'],
    testsAlsoUse: ['testing'],
    why: 'the SQL store imports only core.',
  }),
  ...layer({
    name: 'the test kit',
    files: ['packages/testing/**/*.ts'],
    allowed: ['core'],
    why: 'the test kit depends on core only.',
  }),
  ...layer({
    name: 'the SDK',
    files: ['packages/sdk/**/*.ts'],
    allowed: ['sdk'],
    typesFrom: ['server'],
    testsAlsoUse: ['server', 'testing'],
    why: "the SDK imports only the server's types (bundled at build time).",
  }),
  ...layer({
    name: 'the server',
    files: ['apps/server/**/*.ts'],
    allowed: [
      'core',
      'openai-compatible',
      'providers-*',
      'store-sql',
      'testing',
      'server',
    ],
    why: 'the server sits above everything but the SDK, which is built from it.',
  }),
  // After the server's block, which it narrows for the console's files.
  ...layer({
    name: 'the console',
    files: ['apps/server/console/**/*.ts', 'apps/server/console/**/*.tsx'],
    allowed: ['sdk'],
    testsAlsoUse: ['server', 'store-sql', 'core', 'providers-local'],
    why: 'the console (built into the server package) reaches the gateway only through the SDK, as any app would (its tests may start a gateway).',
  }),
  ...layer({
    name: 'the example app',
    files: ['apps/example-web/**/*.ts', 'apps/example-web/**/*.tsx'],
    allowed: ['sdk'],
    testsAlsoUse: ['server', 'store-sql', 'core', 'providers-local'],
    why: 'the example app reaches the gateway only through the SDK, as any app would (its tests may start a gateway).',
  }),
  prettier,
);
