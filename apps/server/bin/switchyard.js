#!/usr/bin/env node
// The `switchyard` command.
//
// Installed from the package, it runs the build, ../dist/main.js (the package
// ships bin/ and dist/ only). In the Switchyard workspace (../src/main.ts is
// here and tsx is installed) it runs the TypeScript source instead, in this
// process, through tsx with the workspace's "@switchyard/source" condition:
// no build is needed, and a build older than the source is never run by
// mistake. `pnpm start` and the benchmarks run the build directly.
import { existsSync } from 'node:fs';
import { register } from 'node:module';
import process from 'node:process';
import { URL } from 'node:url';

const built = new URL('../dist/main.js', import.meta.url);
const source = new URL('../src/main.ts', import.meta.url);

// Resolves every import with the workspace's source condition added.
const SOURCE_CONDITION = `export async function resolve(specifier, context, next) {
  return next(specifier, { ...context, conditions: [...context.conditions, '@switchyard/source'] });
}`;

/** tsx's loader API, when this is the workspace and tsx is installed. */
async function workspaceTsx() {
  if (!existsSync(source)) return undefined;
  try {
    return await import('tsx/esm/api');
  } catch {
    return undefined;
  }
}

const tsx = await workspaceTsx();
if (tsx !== undefined) {
  tsx.register();
  register(`data:text/javascript,${encodeURIComponent(SOURCE_CONDITION)}`);
  await import(source.href);
} else if (existsSync(built)) {
  await import(built.href);
} else {
  process.stderr.write(
    'switchyard: dist/main.js is missing from @switchyard/server. Reinstall the package, or in the Switchyard repository run "pnpm install".\n',
  );
  process.exit(1);
}
