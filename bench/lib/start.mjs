// Starts every process the bench measures: the fake upstream, the bare floor,
// the gateway and its not-recorded twin, and the peer when it installs. Each
// is pushed to `context.handles` as soon as it runs (temp folders to
// `context.folders`), so the caller stops and removes them all.
import { join } from 'node:path';
import { installPeer, PEER_PACKAGE, PEER_VERSION, startPeer } from './peer.mjs';
import { freePort, startProcess } from './processes.mjs';
import { startSwitchyard } from './switchyard.mjs';

const benchDir = join(import.meta.dirname, '..');

/**
 * Starts one of the bench's own scripts on a free PORT (pinned like the
 * gateways; node `flags` before it), waits until `readyPath` answers, and
 * pushes its handle to `context.handles`.
 */
export async function startOwn({
  name,
  script,
  flags = [],
  env = {},
  readyPath,
  context,
}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const handle = await startProcess({
    name,
    args: [...flags, join(benchDir, script)],
    env: { PORT: String(port), ...env },
    readyUrl: `${url}${readyPath}`,
    pinning: context.pinning,
  });
  context.handles.push(handle);
  return { ...handle, url };
}

async function startPeerIfInstalled(context) {
  const installed = installPeer();
  if (installed.error !== undefined) {
    console.error(installed.error);
    return { status: `not measured: ${installed.error}` };
  }
  try {
    const peer = await startPeer({
      entry: installed.entry,
      pinning: context.pinning,
    });
    context.handles.push(peer);
    const where = installed.reused ? 'reused' : 'installed';
    return {
      status: `${PEER_PACKAGE}@${PEER_VERSION} (${where} in ${installed.folder})`,
      peer,
    };
  } catch (error) {
    console.error(`the peer did not start: ${error.message}`);
    const why = error.message.split('\n')[0];
    return { status: `not measured: it did not start (${why})` };
  }
}

/**
 * Starts everything; resolves `{ targets, upstream, apiKey, peerStatus }`, where `targets` maps a scenario's `target` to `{ url, pid }`
 * (no `peer` when it is not measured).
 */
export async function startAll(context) {
  const upstream = await startOwn({
    name: 'fake upstream',
    script: 'fake-upstream.mjs',
    readyPath: '/__bench/stats',
    context,
  });
  const bare = await startOwn({
    name: 'bare floor',
    script: 'bare-floor.mjs',
    env: { BENCH_UPSTREAM: upstream.url },
    readyPath: '/healthz',
    context,
  });
  const switchyard = await startSwitchyard({
    upstreamUrl: upstream.url,
    ...context,
  });
  const { status, peer } = await startPeerIfInstalled(context);
  return {
    targets: {
      upstream,
      bare,
      peer,
      gateway: switchyard.gateway,
      unrecorded: switchyard.unrecorded,
      recorded: switchyard.recorded,
    },
    upstream,
    apiKey: switchyard.apiKey,
    peerStatus: status,
  };
}
