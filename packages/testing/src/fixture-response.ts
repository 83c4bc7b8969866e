import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FakeResponse } from './fake-upstream-types';

/** Headers about the recorded connection, not the body; replaying them would corrupt the response. */
const HOP_BY_HOP_HEADERS = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'content-encoding',
]);

/**
 * The directory of the recorded provider fixtures: `SWITCHYARD_FIXTURES_DIR`
 * when set, else the `fixtures` folder this package ships (its README says
 * where each file comes from and which were rebuilt from documentation).
 */
export function fixturesDirectory(): string {
  const fromEnvironment = process.env.SWITCHYARD_FIXTURES_DIR;
  if (fromEnvironment !== undefined && fromEnvironment !== '') {
    return resolve(fromEnvironment);
  }
  // Both src/ and dist/ sit one level below the package root.
  return fileURLToPath(new URL('../fixtures', import.meta.url));
}

/**
 * Loads a recorded fixture as a fake response. `fixturePath` is relative to
 * {@link fixturesDirectory} (or absolute). Understands the fixture formats:
 * - `*.txt`: an SSE transcript, one chunk per event, with status and headers
 *   from the sibling `*.headers.json` when there is one;
 * - `*.body.json`: a bare 200 JSON body;
 * - `*.headers.json` alone: status and headers of a binary answer, empty body;
 * - `*.json` wrapped as `{ status, headers, body }`: `error` at 400 and above,
 *   else `json` (or raw text when the body is a string).
 * Connection headers (`transfer-encoding`, `content-length`, …) are dropped.
 */
export function fixtureResponse(fixturePath: string | URL): FakeResponse {
  const file =
    fixturePath instanceof URL
      ? fileURLToPath(fixturePath)
      : isAbsolute(fixturePath)
        ? fixturePath
        : resolve(fixturesDirectory(), fixturePath);
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.txt')) {
    const headersFile = `${file.slice(0, -'.txt'.length)}.headers.json`;
    const recorded = existsSync(headersFile)
      ? toWrapper(readJson(headersFile))
      : undefined;
    return {
      type: 'sse',
      status: recorded?.status ?? 200,
      headers: recorded?.headers ?? {},
      chunks: text.split(/(?<=\r\n\r\n|\n\n)/).filter((chunk) => chunk !== ''),
    };
  }
  const json = JSON.parse(text) as unknown;
  if (file.endsWith('.body.json')) return { type: 'json', body: json };
  const wrapper = toWrapper(json);
  if (wrapper === undefined) return { type: 'json', body: json };
  const { status, headers, body } = wrapper;
  if (status >= 400) return { type: 'error', status, headers, body };
  if (file.endsWith('.headers.json') || body === null || body === undefined) {
    return { type: 'binary', status, headers, body: new Uint8Array() };
  }
  if (typeof body === 'string')
    return { type: 'binary', status, headers, body };
  return { type: 'json', status, headers, body };
}

interface FixtureWrapper {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

function toWrapper(json: unknown): FixtureWrapper | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const record = json as Record<string, unknown>;
  if (typeof record.status !== 'number') return undefined;
  if (!('headers' in record) && !('body' in record)) return undefined;
  const headers: Record<string, string> = {};
  if (typeof record.headers === 'object' && record.headers !== null) {
    for (const [name, value] of Object.entries(record.headers)) {
      const lowerName = name.toLowerCase();
      if (typeof value === 'string' && !HOP_BY_HOP_HEADERS.has(lowerName)) {
        headers[lowerName] = value;
      }
    }
  }
  return { status: record.status, headers, body: record.body };
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}
