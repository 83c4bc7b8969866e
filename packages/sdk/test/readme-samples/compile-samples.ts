import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from '../packed-sdk';
import { PRELUDES } from './preludes';
import type { Sample } from './extract-samples';

/** What compiling a set of samples found: each sample's errors, and the rest. */
export interface CompileReport {
  /** Each sample's errors, as `README.md:31:7: error TS2304: …` lines. */
  errors: Map<Sample, string[]>;
  /** Errors outside any sample's own lines (a prelude, a library). */
  elsewhere: string[];
}

interface WrittenSample {
  sample: Sample;
  /** How many lines of preludes come before the block's first line. */
  offset: number;
}

/** A file name for a sample: `README-md-L30.ts`. */
function sampleFileName(sample: Sample): string {
  const slug = sample.file.replace(/[^\w]+/g, '-');
  return `${slug}-L${sample.fenceLine}.${sample.language}`;
}

/**
 * Writes each sample as a module in `directory/samples`: its preludes, then
 * its code, then `export {}` (so that its top-level names stay its own).
 */
async function writeSamples(
  directory: string,
  samples: Sample[],
): Promise<Map<string, WrittenSample>> {
  const folder = join(directory, 'samples');
  await mkdir(folder, { recursive: true });
  const written = new Map<string, WrittenSample>();
  for (const sample of samples) {
    const prelude = sample.preludes.map((name) => `${PRELUDES[name]}\n`);
    const text = `${prelude.join('')}${sample.code}\nexport {};\n`;
    const name = sampleFileName(sample);
    await writeFile(join(folder, name), text);
    written.set(`samples/${name}`, {
      sample,
      offset: prelude.join('').split('\n').length - 1,
    });
  }
  return written;
}

const DIAGNOSTIC = /^(.+?)\((\d+),(\d+)\): (error TS\d+: .*)$/;

/** tsc's `--pretty false` output as diagnostics: a first line and its indented continuation. */
function diagnosticsOf(output: string): string[][] {
  const diagnostics: string[][] = [];
  for (const line of output.split('\n')) {
    if (line.trim() === '') continue;
    const last = diagnostics.at(-1);
    if (/^\s/.test(line) && last !== undefined) last.push(line);
    else diagnostics.push([line]);
  }
  return diagnostics;
}

/** Places tsc's diagnostics on the Markdown lines of the samples they are in. */
function placeDiagnostics(
  output: string,
  written: Map<string, WrittenSample>,
): CompileReport {
  const report: CompileReport = { errors: new Map(), elsewhere: [] };
  for (const { sample } of written.values()) report.errors.set(sample, []);
  for (const [first = '', ...rest] of diagnosticsOf(output)) {
    const match = DIAGNOSTIC.exec(first);
    const found = match === null ? undefined : written.get(match[1] ?? '');
    const line = Number(match?.[2]) - (found?.offset ?? 0);
    if (match === null || found === undefined || line < 1) {
      report.elsewhere.push([first, ...rest].join('\n'));
      continue;
    }
    const place = `${found.sample.file}:${found.sample.fenceLine + line}:${match[3]}`;
    report.errors
      .get(found.sample)
      ?.push([`${place}: ${match[4]}`, ...rest].join('\n'));
  }
  return { ...report, elsewhere: [...new Set(report.elsewhere)] };
}

/** Runs tsc on `files` with `tsconfig`; resolves with its diagnostics. */
async function runTsc(options: {
  directory: string;
  files: string[];
  tsc: string;
  tsconfig: { compilerOptions: Record<string, unknown>; extends?: string };
}): Promise<string> {
  const project = join(options.directory, 'tsconfig.samples.json');
  await writeFile(
    project,
    JSON.stringify({ ...options.tsconfig, files: options.files }, null, 2),
  );
  return run(
    process.execPath,
    [options.tsc, '-p', project, '--pretty', 'false'],
    { cwd: options.directory, maxBuffer: 64 * 1024 * 1024 },
  ).then(
    ({ stdout }) => stdout,
    (error: { stdout?: string; stderr?: string }) =>
      `${error.stdout ?? ''}${error.stderr ?? ''}`,
  );
}

/** Whether tsc stopped at syntax errors (TS1xxx), which hide the rest. */
function stoppedAtSyntax(report: CompileReport): boolean {
  return [...report.errors.values()]
    .flat()
    .some((error) => /: error TS1\d{3}:/.test(error));
}

/**
 * Compiles `samples` in `directory` with `tsc` (a path to TypeScript's
 * `bin/tsc`) and `tsconfig` (written as `tsconfig.samples.json`, listing
 * the samples), and reports the errors by Markdown line. tsc reports only
 * syntax errors when there are any, so a sample with one is set aside and
 * the others compiled again.
 */
export async function compileSamples(options: {
  directory: string;
  samples: Sample[];
  tsc: string;
  tsconfig: { compilerOptions: Record<string, unknown>; extends?: string };
}): Promise<CompileReport> {
  const written = await writeSamples(options.directory, options.samples);
  const report: CompileReport = { errors: new Map(), elsewhere: [] };
  let remaining = new Map(written);
  while (remaining.size > 0) {
    const output = await runTsc({ ...options, files: [...remaining.keys()] });
    const found = placeDiagnostics(output, remaining);
    for (const [sample, errors] of found.errors)
      report.errors.set(sample, errors);
    report.elsewhere.push(...found.elsewhere);
    if (!stoppedAtSyntax(found)) break;
    remaining = new Map(
      [...remaining].filter(
        ([, { sample }]) => found.errors.get(sample)?.length === 0,
      ),
    );
  }
  return { ...report, elsewhere: [...new Set(report.elsewhere)] };
}

/**
 * `paths` that send every `@switchyard/*` import (and subpath export) to its
 * source, as the repo's vitest config does: through the packages'
 * `@switchyard/source` export condition.
 */
export async function workspacePaths(
  root: string,
  folders: string[],
): Promise<Record<string, string[]>> {
  const paths: Record<string, string[]> = {};
  for (const folder of folders) {
    const manifest = JSON.parse(
      await readFile(join(root, folder, 'package.json'), 'utf8'),
    ) as { name: string; exports?: Record<string, unknown> };
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      const source = (target as Record<string, unknown> | null)?.[
        '@switchyard/source'
      ];
      if (typeof source === 'string') {
        paths[`${manifest.name}${subpath.slice(1)}`] = [
          join(root, folder, source),
        ];
      }
    }
  }
  return paths;
}
