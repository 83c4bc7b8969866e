#!/usr/bin/env node
// Plants imports that break the layering (and some that keep it) in each
// layer, lints them with the repo's ESLint config, and fails unless every bad
// import is refused and every good one accepted. Run by .ci/run, so the
// layering rule cannot silently stop working again.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const root = fileURLToPath(new URL('..', import.meta.url));
const RULE = '@typescript-eslint/no-restricted-imports';

/** [folder, import line, must it be refused?] */
const CASES = [
  ['packages/core/src', "import '@switchyard/providers-openai';", true],
  ['packages/core/src', "import '@switchyard/store-sql';", true],
  ['packages/core/src', "import '@switchyard/testing';", true],
  [
    'packages/providers-openai/src',
    "import '@switchyard/providers-fal';",
    true,
  ],
  ['packages/providers-openai/src', "import '@switchyard/store-sql';", true],
  ['packages/providers-openai/src', "import '@switchyard/testing';", true],
  ['packages/providers-openai/src', "import '@switchyard/core';", false],
  [
    'packages/providers-openai/src',
    "import '@switchyard/openai-compatible';",
    false,
  ],
  [
    'packages/openai-compatible/src',
    "import '@switchyard/providers-openai';",
    true,
  ],
  ['packages/store-sql/src', "import '@switchyard/providers-local';", true],
  ['packages/store-sql/src', "import '@switchyard/core';", false],
  ['packages/testing/src', "import '@switchyard/store-sql';", true],
  ['packages/testing/src', "import '@switchyard/providers-local';", true],
  [
    'packages/sdk/src',
    "export { createServer } from '@switchyard/server';",
    true,
  ],
  [
    'packages/sdk/src',
    "export type { AppRouter } from '@switchyard/server';",
    false,
  ],
  ['apps/server/src', "import '@switchyard/sdk';", true],
  ['apps/server/src', "import '@switchyard/store-sql';", false],
  ['apps/server/console/src', "import '@switchyard/server';", true],
  ['apps/server/console/src', "import '@switchyard/store-sql';", true],
  ['apps/server/console/src', "import '@switchyard/sdk';", false],
  ['apps/server/console/test', "import '@switchyard/server';", false],
  ['apps/example-web/src', "import '@switchyard/server';", true],
  ['apps/example-web/server', "import '@switchyard/store-sql';", true],
  ['apps/example-web/src', "import '@switchyard/sdk';", false],
  ['apps/example-web/test', "import '@switchyard/server';", false],
];

const probes = CASES.map(([folder, line, refused], index) => ({
  file: join(root, folder, `layering-probe-${index}.ts`),
  line,
  refused,
}));
let failures = 0;
try {
  for (const probe of probes) writeFileSync(probe.file, `${probe.line}\n`);
  const eslint = new ESLint({ cwd: root });
  const results = await eslint.lintFiles(probes.map((probe) => probe.file));
  for (const probe of probes) {
    const result = results.find((entry) => entry.filePath === probe.file);
    const refused =
      result?.messages.some((message) => message.ruleId === RULE) ?? false;
    const ok = refused === probe.refused;
    if (!ok) failures += 1;
    console.log(
      `${ok ? 'ok  ' : 'FAIL'} ${probe.refused ? 'refused ' : 'accepted'} ${probe.file.slice(root.length)}: ${probe.line}`,
    );
  }
} finally {
  for (const probe of probes) rmSync(probe.file, { force: true });
}
if (failures > 0) {
  console.error(
    `${failures} layering probe(s) came out wrong: eslint.config.js no longer enforces the layering.`,
  );
  process.exit(1);
}
console.log(`layering: all ${probes.length} probes as expected`);
