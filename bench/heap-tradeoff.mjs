// `pnpm bench:heap` (issue 18): what the gateway's peak RSS costs in CPU.
// Pass-through `generate` at c=64 (BENCH_HEAP_CONCURRENCY) on `main.js`
// under several V8 heap settings, each in a process and store of its own,
// beside the bare floor with V8's defaults and with the gateway's default
// heap growth, all measured interleaved in one run (bench/lib/drive.mjs).
// Prints CPU per call (and its ratio to main.js's defaults), req/s and peak
// RSS (VmHWM) per process. The settings are the two knobs that
// bound a Node process's heap under load: how far the old generation grows
// past its live size (SWITCHYARD_HEAP_GROWING_PERCENT, see
// apps/server/src/cli/tune-heap.ts) and the young generation's semi-space
// (`--max-semi-space-size`, MiB; V8's default here is 16).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureInterleaved } from './lib/drive.mjs';
import { setUpPinning, stopAll } from './lib/processes.mjs';
import { chat, generate } from './lib/scenarios.mjs';
import { startOwn } from './lib/start.mjs';
import { benchConfig, mainScript, startGateway } from './lib/switchyard.mjs';

const concurrency = Number(process.env.BENCH_HEAP_CONCURRENCY ?? 64);
const timing = {
  durationMs: Number(process.env.BENCH_DURATION_MS ?? 10_000),
  warmupMs: Number(process.env.BENCH_WARMUP_MS ?? 2_000),
  sliceMs: Number(process.env.BENCH_SLICE_MS ?? 2_000),
};

/** main.js's heap settings measured: growth percent (0: V8's own) and semi-space MiB. */
const gatewaySettings = [
  {
    growing: 100,
    semiSpace: undefined,
    name: "main.js, switchyard's defaults",
  },
  { growing: 40, semiSpace: undefined, name: 'main.js, growth 40%' },
  { growing: 40, semiSpace: 8, name: 'main.js, growth 40%, semi-space 8' },
  { growing: 40, semiSpace: 4, name: 'main.js, growth 40%, semi-space 4' },
];

/** The bare floor's settings: V8's own, and the gateway's default growth. */
const bareSettings = [
  { key: 'bare', name: 'bare floor, V8 defaults', flags: [] },
  {
    key: 'bareGrowth',
    name: 'bare floor, growth 100%',
    flags: ['--heap-growing-percent=100'],
  },
];

/** main.js under `setting`, on the bench config in a folder of its own. */
async function startGatewayWith({ setting, upstreamUrl, context }) {
  const folder = mkdtempSync(join(tmpdir(), 'switchyard-heap-'));
  context.folders.push(folder);
  const configPath = join(folder, 'switchyard.json');
  writeFileSync(configPath, JSON.stringify(benchConfig(upstreamUrl)));
  const handle = await startGateway({
    name: setting.name,
    script: mainScript,
    configPath,
    env: { SWITCHYARD_HEAP_GROWING_PERCENT: String(setting.growing) },
    nodeArgs:
      setting.semiSpace === undefined
        ? []
        : [`--max-semi-space-size=${setting.semiSpace}`],
    pinning: context.pinning,
  });
  context.handles.push(handle);
  return handle;
}

async function startTargets(context) {
  const upstream = await startOwn({
    name: 'fake upstream',
    script: 'fake-upstream.mjs',
    readyPath: '/__bench/stats',
    context,
  });
  const upstreamUrl = upstream.url;
  const entries = [];
  for (const { key, name, flags } of bareSettings) {
    const target = await startOwn({
      name,
      script: 'bare-floor.mjs',
      flags,
      env: { BENCH_UPSTREAM: upstreamUrl },
      readyPath: '/healthz',
      context,
    });
    entries.push({ scenario: { key, name, request: chat }, target });
  }
  for (const setting of gatewaySettings) {
    const target = await startGatewayWith({ setting, upstreamUrl, context });
    entries.push({
      scenario: { key: setting.name, name: setting.name, request: generate },
      target,
    });
  }
  return { entries, upstreamUrl };
}

function printTable(results) {
  const reference = results.find((result) =>
    result.name.includes("switchyard's defaults"),
  );
  console.table(
    results.map((result) => ({
      process: result.name,
      'req/s': result.requestsPerSecond.toFixed(0),
      'CPU µs/call': (result.cpuMsPerCall * 1000).toFixed(0),
      'CPU ÷ defaults': (result.cpuMsPerCall / reference.cpuMsPerCall).toFixed(
        2,
      ),
      'peak RSS MiB': result.peakRssMiB.toFixed(0),
      failures: result.failures,
    })),
  );
}

const context = { pinning: setUpPinning(), handles: [], folders: [] };
let failed = false;
try {
  const { entries, upstreamUrl } = await startTargets(context);
  console.log(
    `c=${concurrency}, ${timing.durationMs} ms each in slices of ${timing.sliceMs} ms; pinning: ${context.pinning.on ? 'on' : `off (${context.pinning.why})`}`,
  );
  const results = await measureInterleaved({
    entries,
    concurrency,
    timing,
    upstreamUrl,
  });
  printTable(results);
  failed = results.some((result) => result.failures > 0);
  for (const result of results.filter((each) => each.failures > 0)) {
    console.error(`${result.name}: ${result.firstFailure}`);
  }
} finally {
  await stopAll(context.handles);
  for (const folder of context.folders) {
    rmSync(folder, { recursive: true, force: true });
  }
}
process.exitCode = failed ? 1 : 0;
