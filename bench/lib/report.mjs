// What `pnpm bench` prints: the per-scenario table, the goals table, a few
// lines of context, and (with BENCH_JSON=<path>) the whole result as JSON.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

/** One line on stderr as each measurement ends, so a long run shows progress. */
export function printProgress(result) {
  const failures = result.failures > 0 ? `, ${result.failures} FAILED` : '';
  console.error(
    `  c=${result.concurrency} ${result.name}: ${Math.round(result.requestsPerSecond)} req/s, p50 ${result.p50Ms.toFixed(2)} ms, ${(result.cpuMsPerCall * 1000).toFixed(0)} µs CPU/call${failures}`,
  );
}

function scenarioRow(result) {
  return {
    scenario: result.name,
    c: result.concurrency,
    'req/s': Math.round(result.requestsPerSecond),
    'p50 ms': result.p50Ms.toFixed(2),
    'p99 ms': result.p99Ms.toFixed(2),
    'CPU µs/call': (result.cpuMsPerCall * 1000).toFixed(0),
    'peak RSS MiB': result.peakRssMiB.toFixed(0),
    'upstream calls/call': result.upstreamCallsPerCall.toFixed(2),
    failures: result.failures,
  };
}

/** Prints the run's header, the scenario table and the goals table. */
export function printReport(report) {
  const { meta, chosen, goals, bookkeeping, peer } = report;
  const pin = meta.pinning.on
    ? `pinning on: gateways and fake upstream on CPU ${meta.pinning.serverCpu}, load generator on CPU ${meta.pinning.loadCpu}`
    : `pinning off (${meta.pinning.why})`;
  console.log(
    `\nNode ${meta.node}, ${meta.timing.durationMs} ms per scenario after ${meta.timing.warmupMs} ms warm-up, c = ${meta.concurrencies.join(', ')}; ${pin}`,
  );
  console.log(`peer: ${peer.status}`);
  console.table(chosen.map(scenarioRow));
  const failed = chosen.filter((result) => result.failures > 0);
  for (const result of failed) {
    console.error(
      `FAILED requests in "${result.name}" at c=${result.concurrency} (${result.failures}); first: ${result.firstFailure}`,
    );
  }
  console.log(
    `Noisy set (bare floor / not recorded / twin recorded / recorded / /v1 chat / keyed) measured interleaved, ${meta.sliceMs} ms at a time, ${meta.noisyDurations}× the duration each. Gateway peak RSS is main.js's VmHWM after every scenario: ${report.gatewayPeakRss.toFixed(0)} MiB.`,
  );
  if (bookkeeping !== undefined) {
    const generate =
      report.results[`generate@${Math.max(...meta.concurrencies)}`];
    const share =
      generate === undefined
        ? ''
        : `, ${((bookkeeping.cpuMicrosecondsPerCall / 1000 / generate.cpuMsPerCall) * 100).toFixed(1)}% of a generate call's CPU`;
    console.log(
      `Metrics, traces and health bookkeeping (in-process, bench/observability-bookkeeping.mjs): ${bookkeeping.cpuMicrosecondsPerCall.toFixed(1)} µs CPU per call${share}.`,
    );
  }
  printGoals(goals);
  const passed = goals.filter((row) => row.result === 'PASS').length;
  console.log(`${passed} of ${goals.length} goals met.`);
}

/** Writes the whole report as JSON when BENCH_JSON names a file. */
export function writeJson(report, part) {
  const given = process.env.BENCH_JSON;
  if (given === undefined || given === '') return;
  // `pnpm bench` runs both benches: the replicas' goes beside the gateway's.
  const path =
    part === undefined ? given : given.replace(/(\.json)?$/, `.${part}.json`);
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`JSON written to ${path}`);
}

/** The goals table: each goal, what was measured, the bound, PASS or FAIL. */
export function printGoals(goals) {
  console.table(
    goals.map(({ goal, measured, bound, result }) => ({
      goal,
      measured,
      goal_is: bound,
      result,
    })),
  );
}

/** What every bench report starts with: when, on what Node and commit, plus `extra`. */
export function runMeta(extra) {
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], {
    encoding: 'utf8',
  }).stdout.trim();
  return {
    date: new Date().toISOString(),
    node: process.version,
    commit,
    ...extra,
  };
}
