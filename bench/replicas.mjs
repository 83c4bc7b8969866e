// `pnpm bench:replicas` (issue 19, scale out without a hot row): keyed text
// `generate` calls against the zero-latency fake upstream, on one process
// with the embedded SQLite store and on two replicas sharing PostgreSQL and
// Redis, each with every loop on one key (hot) and on 32 keys (spread). It
// counts the database round trips per call on the replicas, checks after a
// graceful shutdown that every credit charged is in the ledger and in the
// recorded generations, and prints the table and the goals. Exits 1 when
// requests failed or a ledger check failed.
import { rmSync } from 'node:fs';
import { setUpPinning, stopAll } from './lib/processes.mjs';
import { checkLedger } from './lib/replicas/ledger.mjs';
import { measureScenario, primeScenario } from './lib/replicas/measure.mjs';
import {
  goalRows,
  printProgress,
  printReport,
} from './lib/replicas/report.mjs';
import { startReplicas, startSingle } from './lib/replicas/setups.mjs';
import { runMeta, writeJson } from './lib/report.mjs';
import { startOwn } from './lib/start.mjs';

const timing = {
  durationMs: Number(process.env.BENCH_DURATION_MS ?? 5_000),
  warmupMs: Number(process.env.BENCH_WARMUP_MS ?? 1_500),
  /** Each scenario once, unmeasured, before the first measurement (JIT, pools). */
  primeMs: Number(process.env.BENCH_PRIME_MS ?? 3_000),
};
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32);
/** How often hot and spread alternate (the machine is noisy): the better req/s of each counts. */
const ROUNDS = 2;

const faster = (runs) =>
  runs.reduce((a, b) => (a.requestsPerSecond >= b.requestsPerSecond ? a : b));

/** Primes both scenarios, so the first one measured is not also the first one run. */
async function primeBoth(setup) {
  for (const scenario of ['hot', 'spread']) {
    if (timing.primeMs <= 0) return;
    const { failures, firstFailure } = await primeScenario({
      setup,
      scenario,
      concurrency,
      ms: timing.primeMs,
    });
    if (failures > 0) {
      console.error(
        `  priming ${scenario}: ${failures} failed, first: ${firstFailure}`,
      );
    }
  }
}

/** Alternates hot and spread ROUNDS times on one setup; resolves `{ chosen, all }`. */
async function runScenarios(setup) {
  await primeBoth(setup);
  const runs = { hot: [], spread: [] };
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const scenario of ['hot', 'spread']) {
      const result = await measureScenario({
        setup,
        scenario,
        concurrency,
        timing,
      });
      printProgress(result);
      runs[scenario].push(result);
    }
  }
  return {
    chosen: [faster(runs.hot), faster(runs.spread)],
    all: [...runs.hot, ...runs.spread],
  };
}

/** SIGTERM to the setup's gateways, waiting for each to exit; how each ended. */
async function stopGracefully(gateways) {
  await stopAll(gateways);
  return gateways
    .map(({ name, child }) =>
      child.exitCode === 0
        ? `${name} exited 0`
        : `${name} ended by ${child.signalCode ?? `exit ${child.exitCode}`}`,
    )
    .join(', ');
}

/** Starts one setup, measures it, stops it and checks its ledger. */
async function benchSetup({ start, upstreamUrl, context }) {
  const setup = await start({ upstreamUrl, context });
  setup.tally = { ok: 0, failed: 0 };
  console.error(`${setup.name}: ${setup.keys.length} keys, measuring`);
  const { chosen, all } = await runScenarios(setup);
  const stopped = await stopGracefully(setup.gateways);
  const ledger = {
    ...(await checkLedger({ database: setup.database, tally: setup.tally })),
    stopped,
  };
  return { key: setup.key, chosen, all, ledger };
}

/** Stops what is still running and runs the clean-ups, last registered first. */
async function cleanUp(context) {
  await stopAll(context.handles);
  for (const cleanup of context.cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      console.error(`clean-up failed: ${error.message}`);
    }
  }
  for (const folder of context.folders) {
    rmSync(folder, { recursive: true, force: true });
  }
}

const context = {
  pinning: setUpPinning(),
  handles: [],
  folders: [],
  cleanups: [],
};
// Interrupted (Ctrl-C), it still removes the run's schema and Redis keys.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.error(`${signal}: stopping and cleaning up`);
    void cleanUp(context).finally(() => process.exit(130));
  });
}
const startedAt = Date.now();
const chosen = [];
const all = [];
const ledgers = {};
try {
  const upstream = await startOwn({
    name: 'fake upstream',
    script: 'fake-upstream.mjs',
    readyPath: '/__bench/stats',
    context,
  });
  for (const start of [startSingle, startReplicas]) {
    const measured = await benchSetup({
      start,
      upstreamUrl: upstream.url,
      context,
    });
    chosen.push(...measured.chosen);
    all.push(...measured.all);
    ledgers[measured.key] = measured.ledger;
  }
} finally {
  await cleanUp(context);
}

const results = Object.fromEntries(
  chosen.map((result) => [`${result.setup}/${result.scenario}`, result]),
);
const report = {
  meta: runMeta({
    pinning: context.pinning,
    timing,
    concurrency,
    rounds: ROUNDS,
    proxy:
      process.env.BENCH_PG_PROXY === '0'
        ? 'BENCH_PG_PROXY=0: not counted'
        : 'the proxy runs in the bench process',
    seconds: (Date.now() - startedAt) / 1000,
  }),
  results,
  chosen,
  allRuns: all,
  ledgers,
  goals: goalRows({ results, ledgers }),
};
printReport(report);
writeJson(report, 'replicas');
// The tallies also count the priming calls.
const failedRequests =
  all.some((run) => run.failures + run.warmupFailures > 0) ||
  Object.values(ledgers).some((ledger) => ledger.failedCalls > 0);
if (failedRequests || Object.values(ledgers).some((ledger) => !ledger.pass)) {
  process.exitCode = 1;
}
