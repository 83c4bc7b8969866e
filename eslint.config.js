import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const providerPackages = [
  '@switchyard/providers-*',
  '@switchyard/providers-*/**',
];

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
  // Layering: dependencies point down (server → providers → core).
  {
    files: ['packages/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: providerPackages, message: 'core imports no provider.' },
            {
              group: ['@switchyard/*', '!@switchyard/core'],
              message: 'core depends on nothing else in the workspace.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/providers-*/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: providerPackages,
              message: 'a provider imports no other provider.',
            },
            {
              group: ['@switchyard/server', '@switchyard/sdk'],
              message: 'providers sit below the server and the SDK.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/testing/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                ...providerPackages,
                '@switchyard/server',
                '@switchyard/sdk',
              ],
              message: 'the test kit depends on core only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/**/*.ts'],
    ignores: ['packages/sdk/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@switchyard/server'],
              message: "only the SDK's type build imports the server.",
            },
          ],
        },
      ],
    },
  },
  prettier,
);
