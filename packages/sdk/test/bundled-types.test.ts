import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));

/** Every module specifier a built file imports or re-exports from. */
function specifiers(text: string): string[] {
  const found = new Set<string>();
  // Doc comments show usage (`import … from '@switchyard/sdk'`); skip them.
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '');
  const patterns = [
    /\bfrom\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\/\/\/\s*<reference\s+(?:types|path)\s*=\s*["']([^"']+)["']/g,
  ];
  for (const pattern of patterns) {
    for (const match of code.matchAll(pattern)) found.add(match[1] ?? '');
  }
  return [...found].sort();
}

function built(file: string): string {
  const path = `${DIST}${file}`;
  if (!existsSync(path)) {
    throw new Error(
      `${path} is missing: build first (the README's test command does).`,
    );
  }
  return readFileSync(path, 'utf8');
}

describe('the published @switchyard/sdk', () => {
  it('should have a declaration file that imports nothing but @trpc/*', () => {
    const imported = specifiers(built('index.d.ts'));
    expect(imported.length).toBeGreaterThan(0);
    expect(imported.filter((name) => !name.startsWith('@trpc/'))).toEqual([]);
  });

  it('should carry the router types inline, with generate’s input union', () => {
    const declarations = built('index.d.ts');
    expect(declarations).not.toMatch(/@switchyard\/(server|core|providers)/);
    expect(declarations).toMatch(/type:\s*"image"/);
    expect(declarations).toMatch(/type:\s*"text"/);
  });

  it('should have JavaScript that imports nothing but @trpc/client', () => {
    expect(specifiers(built('index.js'))).toEqual(['@trpc/client']);
  });
});
