// `pnpm bench` (issue 18): one run that measures the built gateway beside a
// direct call to a zero-latency fake upstream, a bare Hono + undici forward
// (the floor) and the peer gateway (Portkey, installed into a temp folder),
// at each concurrency of BENCH_CONCURRENCY, and prints the scenario table and
// the goals as PASS/FAIL. Every loop is bounded in time; all traffic stays on
// 127.0.0.1. Exits 1 only when requests failed.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { measureInterleaved, prime } from './lib/drive.mjs';
import { goalRows } from './lib/goals.mjs';
import { peakRssMiB, setUpPinning, stopAll } from './lib/processes.mjs';
import {
  printProgress,
  printReport,
  runMeta,
  writeJson,
} from './lib/report.mjs';
import { scenarios } from './lib/scenarios.mjs';
import { startAll } from './lib/start.mjs';

const timing = {
  durationMs: Number(process.env.BENCH_DURATION_MS ?? 4_000),
  warmupMs: Number(process.env.BENCH_WARMUP_MS ?? 1_000),
  /** Each scenario once at c=8 before any measurement (JIT, breaker). */
  primeMs: Number(process.env.BENCH_PRIME_MS ?? 500),
};
const concurrencies = (process.env.BENCH_CONCURRENCY ?? '1,64')
  .split(',')
  .map(Number)
  .filter((value) => Number.isInteger(value) && value > 0);
/**
 * The noisy set (the bare floor, twins not recorded and recorded, main.js
 * recorded, /v1 chat, keyed) is measured interleaved, in slices of this many
 * ms, for NOISY_DURATIONS × BENCH_DURATION_MS each: the goals' ratios compare
 * its members.
 */
const SLICE_MS = Number(process.env.BENCH_SLICE_MS ?? 2_000);
const NOISY_DURATIONS = 2;

/**
 * Runs every scenario at one concurrency. Consecutive scenarios marked
 * `interleaved` are measured together, interleaved (see `measureInterleaved`):
 * a slow spell of the shared machine then falls on all of them alike.
 */
async function runLevel({ list, targets, concurrency, upstreamUrl }) {
  const chosen = [];
  const runnable = list.filter((scenario) => targets[scenario.target]);
  let index = 0;
  while (index < runnable.length) {
    const group = [runnable[index]];
    index += 1;
    if (group[0].interleaved === true) {
      while (runnable[index]?.interleaved === true)
        group.push(runnable[index++]);
    }
    const interleaved = group.length > 1;
    const results = await measureInterleaved({
      entries: group.map((scenario) => ({
        scenario,
        target: targets[scenario.target],
      })),
      concurrency,
      timing: interleaved
        ? {
            ...timing,
            durationMs: timing.durationMs * NOISY_DURATIONS,
            sliceMs: SLICE_MS,
          }
        : { ...timing, sliceMs: timing.durationMs },
      upstreamUrl,
    });
    for (const result of results) printProgress(result);
    chosen.push(...results);
  }
  return chosen;
}

/** Primes every process under test with each of its scenarios, unmeasured. */
async function primeAll({ list, targets }) {
  for (const scenario of list) {
    const target = targets[scenario.target];
    if (target === undefined || timing.primeMs <= 0) continue;
    const { failures, firstFailure } = await prime({
      scenario,
      target,
      concurrency: 8,
      ms: timing.primeMs,
    });
    if (failures > 0) {
      console.error(
        `  priming "${scenario.name}": ${failures} failed, first: ${firstFailure}`,
      );
    }
  }
}

function bookkeepingCost() {
  const script = join(import.meta.dirname, 'observability-bookkeeping.mjs');
  const ran = spawnSync(process.execPath, [script], { encoding: 'utf8' });
  try {
    return JSON.parse(ran.stdout);
  } catch {
    console.error(
      `observability bookkeeping failed: ${ran.stderr.slice(-400)}`,
    );
    return undefined;
  }
}

const context = { pinning: setUpPinning(), handles: [], folders: [] };
const chosen = [];
let peerStatus = 'not started';
let gatewayPeakRss = Number.NaN;
try {
  const started = await startAll(context);
  peerStatus = started.peerStatus;
  const upstreamUrl = started.upstream.url;
  const list = scenarios({ upstreamUrl, apiKey: started.apiKey });
  await primeAll({ list, targets: started.targets });
  for (const concurrency of concurrencies) {
    const level = await runLevel({
      list,
      targets: started.targets,
      concurrency,
      upstreamUrl,
    });
    chosen.push(...level);
  }
  gatewayPeakRss = peakRssMiB(started.targets.gateway.pid);
} finally {
  await stopAll(context.handles);
  for (const folder of context.folders) {
    rmSync(folder, { recursive: true, force: true });
  }
}

const results = Object.fromEntries(
  chosen.map((result) => [`${result.key}@${result.concurrency}`, result]),
);
const report = {
  meta: runMeta({
    pinning: context.pinning,
    timing,
    concurrencies,
    noisyDurations: NOISY_DURATIONS,
    sliceMs: SLICE_MS,
  }),
  peer: { status: peerStatus },
  gatewayPeakRss,
  bookkeeping: bookkeepingCost(),
  results,
  chosen,
  goals: goalRows({ results, concurrencies, gatewayPeakRss }),
};
printReport(report);
writeJson(report);
if (chosen.some((result) => result.failures > 0)) process.exitCode = 1;
