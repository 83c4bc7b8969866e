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

/**
 * An entry and the chunks it imports, followed through relative imports:
 * the texts of every file, and the packages they import.
 */
function entryGraph(entry: string): { texts: string[]; packages: string[] } {
  const texts: string[] = [];
  const packages = new Set<string>();
  const seen = new Set<string>();
  // A d.ts imports its chunks as `./chunk.js`, meaning `./chunk.d.ts`.
  const extension = entry.endsWith('.d.ts') ? '.d.ts' : '.js';
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = built(file);
    texts.push(text);
    for (const name of specifiers(text)) {
      if (name.startsWith('./'))
        visit(name.slice(2).replace(/\.js$/, extension));
      else packages.add(name);
    }
  };
  visit(entry);
  return { texts, packages: [...packages].sort() };
}

describe('the published @switchyard/sdk', () => {
  it('should have declarations that import nothing but @trpc/*, for the main entry and the server one', () => {
    for (const entry of ['index.d.ts', 'server.d.ts']) {
      const { packages } = entryGraph(entry);
      expect(packages.length).toBeGreaterThan(0);
      expect(packages.filter((name) => !name.startsWith('@trpc/'))).toEqual([]);
    }
  });

  it('should have react declarations that import nothing but @trpc/*, @tanstack/* and react', () => {
    const { packages } = entryGraph('react.d.ts');
    expect(packages).toContain('@trpc/tanstack-react-query');
    expect(
      packages.filter((name) => !/^(@trpc\/|@tanstack\/|react$)/.test(name)),
    ).toEqual([]);
  });

  it('should carry the router types inline, with generate’s input union', () => {
    const declarations = entryGraph('index.d.ts').texts.join('\n');
    expect(declarations).not.toMatch(/@switchyard\/(server|core|providers)/);
    expect(declarations).toMatch(/type:\s*"image"/);
    expect(declarations).toMatch(/type:\s*"text"/);
  });

  it('should have JavaScript that imports only its runtime dependencies', () => {
    expect(entryGraph('index.js').packages).toEqual([
      '@trpc/client',
      'eventsource',
    ]);
    // The token minter calls the gateway through the client.
    expect(entryGraph('server.js').packages).toEqual([
      '@trpc/client',
      'eventsource',
    ]);
    expect(entryGraph('react.js').packages).toEqual([
      '@trpc/client',
      '@trpc/tanstack-react-query',
      'eventsource',
    ]);
  });
});
