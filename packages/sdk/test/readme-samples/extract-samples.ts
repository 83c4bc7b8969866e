import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRELUDES, type PreludeName } from './preludes';

/** Where a sample is compiled: see {@link sampleTarget}. */
export type SampleTarget = 'sdk' | 'react' | 'workspace';

/** One ```ts or ```tsx block of a Markdown file. */
export interface Sample {
  /** The Markdown file, relative to the repo root (`README.md`). */
  file: string;
  /** The line of the opening fence, 1-based. */
  fenceLine: number;
  language: 'ts' | 'tsx';
  /** The block's code, its indentation removed; line 1 is the line after the fence. */
  code: string;
  /** The preludes its marker names, in order. */
  preludes: PreludeName[];
  /** Why it is not compiled (`<!-- sample-skip: … -->`), or undefined. */
  skip: string | undefined;
}

const FENCE = /^(\s*)```(ts|tsx|typescript)\s*$/;
const ANY_FENCE = /^\s*```/;
const CLOSING_FENCE = /^\s*```\s*$/;
const MARKER = /^\s*<!--\s*sample:\s*(.*?)\s*-->\s*$/;
const SKIP_MARKER = /^\s*<!--\s*sample-skip:\s*(.*?)\s*-->\s*$/;

/** A marker's error, naming the file and line it is on. */
function markerError(file: string, line: number, message: string): Error {
  return new Error(`${file}:${line}: ${message}`);
}

/** The preludes a `<!-- sample: prelude=a,b -->` marker names. */
function parseMarker(options: {
  file: string;
  line: number;
  text: string;
}): PreludeName[] {
  const match = /^prelude=([\w,-]+)$/.exec(options.text);
  if (match === null) {
    throw markerError(
      options.file,
      options.line,
      `cannot read the marker "${options.text}": write <!-- sample: prelude=${Object.keys(PRELUDES).join(',')} --> (any of them) or <!-- sample-skip: why it is not compiled -->`,
    );
  }
  return (match[1] ?? '').split(',').map((name) => {
    if (!(name in PRELUDES)) {
      throw markerError(
        options.file,
        options.line,
        `no prelude "${name}"; preludes: ${Object.keys(PRELUDES).join(', ')} (test/readme-samples/preludes.ts)`,
      );
    }
    return name as PreludeName;
  });
}

/** The nearest non-blank line before `index`, with its index, if any. */
function previousLine(
  lines: string[],
  index: number,
): { text: string; index: number } | undefined {
  for (let at = index - 1; at >= 0; at -= 1) {
    const text = lines[at] ?? '';
    if (text.trim() !== '') return { text, index: at };
  }
  return undefined;
}

/** Every ```ts / ```tsx block of one Markdown text, with its marker read. */
export function extractSamples(file: string, markdown: string): Sample[] {
  const lines = markdown.split('\n');
  const samples: Sample[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const fence = FENCE.exec(line);
    if (fence === null) {
      // Skip over other fenced blocks whole: their content is not Markdown.
      if (ANY_FENCE.test(line)) {
        index += 1;
        while (index < lines.length && !CLOSING_FENCE.test(lines[index] ?? ''))
          index += 1;
      }
      continue;
    }
    const indent = fence[1]?.length ?? 0;
    const start = index;
    const body: string[] = [];
    for (index += 1; index < lines.length; index += 1) {
      const text = lines[index] ?? '';
      if (CLOSING_FENCE.test(text)) break;
      body.push(text.slice(Math.min(indent, text.search(/\S|$/))));
    }
    const before = previousLine(lines, start);
    const skip =
      before === undefined ? undefined : SKIP_MARKER.exec(before.text)?.[1];
    const marker =
      before === undefined ? undefined : MARKER.exec(before.text)?.[1];
    samples.push({
      file,
      fenceLine: start + 1,
      language: fence[2] === 'tsx' ? 'tsx' : 'ts',
      code: body.join('\n'),
      preludes:
        marker === undefined || before === undefined
          ? []
          : parseMarker({ file, line: before.index + 1, text: marker }),
      skip: skip === '' ? 'no reason given' : skip,
    });
  }
  return samples;
}

/**
 * The Markdown files whose samples are checked, relative to `root`: the
 * `*.md` at the root, in `docs/` and at the top of each package and app
 * (changelogs, which changesets write, excepted).
 */
export function documentationFiles(root: string): string[] {
  const markdownIn = (folder: string): string[] =>
    existsSync(join(root, folder))
      ? readdirSync(join(root, folder), { withFileTypes: true })
          .filter(
            (entry) =>
              entry.isFile() &&
              entry.name.endsWith('.md') &&
              entry.name !== 'CHANGELOG.md',
          )
          .map((entry) => join(folder, entry.name))
      : [];
  const packageFolders = ['packages', 'apps'].flatMap((parent) =>
    readdirSync(join(root, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(parent, entry.name)),
  );
  return [
    ...markdownIn('.'),
    ...markdownIn('docs'),
    ...packageFolders.flatMap(markdownIn),
  ].sort();
}

/** Every sample of every documentation file under `root`. */
export function samplesOf(root: string): Sample[] {
  return documentationFiles(root).flatMap((file) =>
    extractSamples(file, readFileSync(join(root, file), 'utf8')),
  );
}

const SPECIFIERS = [
  /\bfrom\s*['"]([^'"]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  /^\s*import\s*['"]([^'"]+)['"]/gm,
];

/** The modules a piece of code imports, statically or in a type. */
export function importedModules(code: string): string[] {
  return [
    ...new Set(
      SPECIFIERS.flatMap((pattern) =>
        [...code.matchAll(pattern)].map((match) => match[1] ?? ''),
      ),
    ),
  ];
}

const REACT_MODULES =
  /^(react|react-dom|@tanstack\/react-query|@trpc\/tanstack-react-query|@switchyard\/sdk\/react)(\/|$)/;

/**
 * Where a sample compiles, by what it and its preludes import: `workspace`
 * (the repo's sources) when it names a `@switchyard/*` package other than
 * the SDK, as server-side code does; `react` (a React app on the packed SDK)
 * for `tsx` or React imports; else `sdk` (an app on the packed SDK).
 */
export function sampleTarget(sample: Sample): SampleTarget {
  const modules = importedModules(
    [...sample.preludes.map((name) => PRELUDES[name]), sample.code].join('\n'),
  );
  if (modules.some((name) => /^@switchyard\/(?!sdk(\/|$))/.test(name))) {
    return 'workspace';
  }
  if (
    sample.language === 'tsx' ||
    modules.some((name) => REACT_MODULES.test(name))
  )
    return 'react';
  return 'sdk';
}
