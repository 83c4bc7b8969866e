// The gateway under test: `apps/server/dist/main.js` on a config in a temp
// folder (the embedded SQLite store, recording calls), an API key made with
// `main.js keys create`, and the not-recorded twin (bench/gateway-process.mjs
// with BENCH_RECORD=0) that prices recording a call.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, startProcess } from './processes.mjs';

const root = resolve(import.meta.dirname, '../..');
export const mainScript = join(root, 'apps/server/dist/main.js');
const twinScript = join(root, 'bench/gateway-process.mjs');
/** Extra node flags for the gateways, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`. */
const serverNodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '')
  .split(' ')
  .filter(Boolean);

/** The bench config: pass-through route `text`, and `fallback` whose first target is down. */
export function benchConfig(upstreamUrl) {
  return {
    // Anonymous calls are served (and recorded); keyed calls also pay.
    auth: { required: false },
    store: { url: 'sqlite:./switchyard.db' },
    providers: {
      upstream: {
        use: 'openai',
        apiKey: 'sk-bench',
        baseURL: `${upstreamUrl}/v1`,
      },
      down: {
        use: 'openai',
        apiKey: 'sk-bench',
        baseURL: `${upstreamUrl}/fail/v1`,
      },
    },
    routes: {
      text: { targets: ['upstream:gpt-4o-mini'] },
      fallback: {
        type: 'text',
        targets: ['down:gpt-4o-mini', 'upstream:gpt-4o-mini'],
        // Five failures open `down`'s breaker for an hour: after the
        // warm-up, a fallback call costs no call to `down`.
        breaker: { failureThreshold: 5, halfOpenAfterMs: 3_600_000 },
        retry: { maxAttempts: 1 },
      },
    },
  };
}

/** `main.js keys create` for a bench key with credits to spare. */
const keyCreateArgs = [
  mainScript,
  'keys',
  'create',
  '--name',
  'bench',
  '--credits',
  '1000000000000000',
];

/** The key `keys create` printed, or an error with what it printed. */
function printedKey({ stdout, stderr }) {
  const apiKey = /shown once, store it now\): (\S+)/.exec(stdout)?.[1];
  if (apiKey === undefined) {
    throw new Error(`could not create a bench key: ${stdout}${stderr}`);
  }
  return apiKey;
}

function createKey(configPath) {
  const created = spawnSync(process.execPath, keyCreateArgs, {
    env: { ...process.env, SWITCHYARD_CONFIG: configPath },
    encoding: 'utf8',
  });
  return printedKey(created);
}

/**
 * Creates `count` bench keys in the store `configPath` names, `parallel` CLI
 * processes at a time after the first (each takes about half a second to
 * start).
 */
export async function createKeys(configPath, count, parallel = 2) {
  const keys = [];
  const one = () =>
    new Promise((resolveKey, reject) => {
      execFile(
        process.execPath,
        keyCreateArgs,
        { env: { ...process.env, SWITCHYARD_CONFIG: configPath } },
        (_error, stdout, stderr) => {
          try {
            resolveKey(printedKey({ stdout, stderr }));
          } catch (error) {
            reject(error);
          }
        },
      );
    });
  // The first runs the store's migrations alone.
  if (count > 0) keys.push(await one());
  while (keys.length < count) {
    const batch = Math.min(parallel, count - keys.length);
    keys.push(...(await Promise.all(Array.from({ length: batch }, one))));
  }
  return keys;
}

/**
 * Starts one gateway (`script` on `configPath`, PORT free; node `nodeArgs`,
 * BENCH_SERVER_NODE_ARGS by default) and waits until it is ready.
 */
export async function startGateway({
  name,
  script,
  configPath,
  env = {},
  nodeArgs = serverNodeArgs,
  pinning,
}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const handle = await startProcess({
    name,
    args: [...nodeArgs, script],
    env: {
      PORT: String(port),
      SWITCHYARD_CONFIG: configPath,
      LOG_LEVEL: 'warn',
      ...env,
    },
    readyUrl: `${url}/readyz`,
    pinning,
  });
  return { ...handle, url };
}

/**
 * Writes the config, creates the key and starts the gateway and its
 * twins, not recorded and recorded. Each handle is pushed to `handles` as soon as it runs,
 * and the temp folder to `folders`, so the caller can stop and remove them
 * even when a later start fails.
 */
export async function startSwitchyard({
  upstreamUrl,
  pinning,
  handles,
  folders,
}) {
  const folder = mkdtempSync(join(tmpdir(), 'switchyard-bench-'));
  folders.push(folder);
  const configPath = join(folder, 'switchyard.json');
  writeFileSync(configPath, JSON.stringify(benchConfig(upstreamUrl), null, 2));
  const apiKey = createKey(configPath);
  const gateway = await startGateway({
    name: 'Switchyard (main.js)',
    script: mainScript,
    configPath,
    pinning,
  });
  handles.push(gateway);
  // The twins differ in recording only (main.js also runs `switchyard
  // start`'s set-up); each has a store file of its own.
  const twin = async (record) => {
    const handle = await startGateway({
      name: `Switchyard twin, ${record ? 'recorded' : 'not recorded'}`,
      script: twinScript,
      configPath,
      env: { BENCH_RECORD: record ? '1' : '0' },
      pinning,
    });
    handles.push(handle);
    return handle;
  };
  const unrecorded = await twin(false);
  const recorded = await twin(true);
  return { gateway, unrecorded, recorded, apiKey };
}
