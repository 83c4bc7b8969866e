// The peer gateway: Portkey's OSS gateway at a pinned version, installed by
// the bench into a temp folder (never a project dependency) and started with
// its own `build/start-server.js --port=<port> --headless`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startProcess } from './processes.mjs';

export const PEER_PACKAGE = '@portkey-ai/gateway';
export const PEER_VERSION = '1.15.2';

/**
 * Installs the peer once (the folder is reused when its start script is
 * there). Resolves `{ entry }`, or `{ error }` saying why it could not.
 */
export function installPeer() {
  const folder = join(tmpdir(), `switchyard-bench-portkey-${PEER_VERSION}`);
  const entry = join(
    folder,
    'node_modules',
    PEER_PACKAGE,
    'build',
    'start-server.js',
  );
  if (existsSync(entry)) return { entry, folder, reused: true };
  const installed = spawnSync(
    'npm',
    [
      'install',
      '--prefix',
      folder,
      `${PEER_PACKAGE}@${PEER_VERSION}`,
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
    ],
    { encoding: 'utf8', timeout: 180_000 },
  );
  if (installed.status !== 0 || !existsSync(entry)) {
    const output = `${installed.error ?? ''}${installed.stderr ?? ''}`.trim();
    return {
      error: `npm install ${PEER_PACKAGE}@${PEER_VERSION} failed: ${output.slice(-600)}`,
    };
  }
  return { entry, folder, reused: false };
}

/** Starts the installed peer on a free port; resolves its process handle with `url`. */
export async function startPeer({ entry, pinning }) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const handle = await startProcess({
    name: `Portkey ${PEER_VERSION}`,
    args: [entry, `--port=${port}`, '--headless'],
    env: { NODE_ENV: 'production' },
    readyUrl: `${url}/`,
    pinning,
  });
  return { ...handle, url };
}

/**
 * The peer's headers for an OpenAI-style pass-through to `upstreamUrl`.
 * `x-portkey-custom-host` is where the call goes.
 */
export function peerPassThroughHeaders(upstreamUrl) {
  return {
    'x-portkey-provider': 'openai',
    'x-portkey-custom-host': `${upstreamUrl}/v1`,
    authorization: 'Bearer sk-bench',
  };
}

/**
 * The peer's fallback: a `fallback` strategy config whose first target's
 * host answers 503 and whose second is the working upstream. Its fallback
 * loop moves on from any answer that is not ok (no `on_status_codes` set).
 * No `x-portkey-custom-host` header: it would override both targets' hosts.
 */
export function peerFallbackHeaders(upstreamUrl) {
  const target = (host) => ({
    provider: 'openai',
    api_key: 'sk-bench',
    custom_host: host,
  });
  return {
    'x-portkey-config': JSON.stringify({
      strategy: { mode: 'fallback' },
      targets: [target(`${upstreamUrl}/fail/v1`), target(`${upstreamUrl}/v1`)],
    }),
  };
}
