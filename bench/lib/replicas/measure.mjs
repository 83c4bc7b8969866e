// One measured scenario of `pnpm bench:replicas`: keyed text `generate`
// calls from `concurrency` loops spread over a setup's gateways (one undici
// Pool per gateway, loop i on gateway i mod n), `hot` (every loop on one key)
// or `spread` (loop i on key i mod 32), with what a call costs: CPU summed
// over the gateways, database round trips (the counting proxy) and
// transactions (pg_stat_database).
import { Pool } from 'undici';
import { driveLoops, percentile } from '../drive.mjs';
import { cpuSeconds } from '../processes.mjs';
import { xactCommits } from './databases.mjs';
import { roundTrips } from './pg-proxy.mjs';

export const SCENARIOS = {
  hot: 'hot (one key)',
  spread: 'spread (key i mod 32)',
};

/** A keyed text generate, answered 200 with a tRPC `result`. */
function keyedGenerate(apiKey) {
  return {
    path: '/trpc/generate',
    body: { type: 'text', prompt: 'Say hello.' },
    headers: { authorization: `Bearer ${apiKey}` },
    verify: (text) => text.includes('"result"'),
  };
}

function loopsOf({ scenario, pools, keys, concurrency }) {
  return Array.from({ length: concurrency }, (_, index) => ({
    pool: pools[index % pools.length],
    request: keyedGenerate(
      scenario === 'hot' ? keys[0] : keys[index % keys.length],
    ),
  }));
}

/** The counters a measured window takes the difference of. */
async function snapshot(setup) {
  const cpu = setup.gateways.reduce((sum, { pid }) => sum + cpuSeconds(pid), 0);
  return {
    cpu,
    roundTrips:
      setup.proxyCounts === undefined
        ? Number.NaN
        : roundTrips(setup.proxyCounts),
    xacts:
      setup.statsClient === undefined
        ? Number.NaN
        : await xactCommits(setup.statsClient),
  };
}

/** Counts a drive's calls into the setup's tally (the ledger check's expectation). */
function tally(setup, run) {
  setup.tally.failed += run.failures;
  setup.tally.ok += run.latencies.length - run.failures;
}

/** Runs `use(loops)` on fresh pools, one per gateway (closed after). */
async function withLoops({ setup, scenario, concurrency }, use) {
  const perPool = Math.ceil(concurrency / setup.gateways.length);
  const pools = setup.gateways.map(
    ({ url }) => new Pool(url, { connections: perPool, pipelining: 1 }),
  );
  try {
    return await use(
      loopsOf({ scenario, pools, keys: setup.keys, concurrency }),
    );
  } finally {
    await Promise.all(pools.map((pool) => pool.close()));
  }
}

/**
 * Drives `scenario` for `ms`, unmeasured (JIT, pools, caches), before any
 * scenario is measured; its calls count in `setup.tally`. Resolves the
 * number of failed requests and the first failure.
 */
export function primeScenario({ setup, scenario, concurrency, ms }) {
  return withLoops({ setup, scenario, concurrency }, async (loops) => {
    const run = await driveLoops({ loops, ms });
    tally(setup, run);
    return { failures: run.failures, firstFailure: run.firstFailure };
  });
}

/**
 * Warms up, then drives `scenario` on `setup` for `timing.durationMs` and
 * measures it. Every call, warm-up included, is counted in `setup.tally`.
 */
export function measureScenario({ setup, scenario, concurrency, timing }) {
  return withLoops({ setup, scenario, concurrency }, async (loops) => {
    const warmup = await driveLoops({ loops, ms: timing.warmupMs });
    tally(setup, warmup);
    const before = await snapshot(setup);
    const startedAt = performance.now();
    const run = await driveLoops({ loops, ms: timing.durationMs });
    const seconds = (performance.now() - startedAt) / 1000;
    const after = await snapshot(setup);
    tally(setup, run);
    const latencies = run.latencies.sort((a, b) => a - b);
    const calls = latencies.length;
    return {
      setup: setup.key,
      scenario,
      name: `${setup.name}, ${SCENARIOS[scenario]}`,
      concurrency,
      requests: calls,
      failures: run.failures,
      firstFailure: run.firstFailure ?? warmup.firstFailure,
      warmupFailures: warmup.failures,
      requestsPerSecond: calls / seconds,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      cpuMsPerCall: ((after.cpu - before.cpu) * 1000) / calls,
      roundTripsPerCall: (after.roundTrips - before.roundTrips) / calls,
      xactsPerCall: (after.xacts - before.xacts) / calls,
    };
  });
}
