// The load generator: `concurrency` loops of one request at a time over an
// undici Pool (one connection per loop, no pipelining), bounded in time, and
// the measurement around it (req/s, p50/p99, CPU per call and peak RSS of the
// process under test, upstream calls per call).
import { Pool } from 'undici';
import { cpuSeconds, peakRssMiB } from './processes.mjs';

/** Latency at `quantile` of an ascending array. */
export function percentile(sorted, quantile) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[
    Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))
  ];
}

/**
 * Runs one loop per entry of `loops` (`{ pool, request }`: each loop's own
 * pool and request) until `ms` have passed, one request at a time; a request
 * fails unless it answers 200 and `verify(text)` (when given) is true.
 */
export async function driveLoops({ loops, ms }) {
  const latencies = [];
  const state = { failures: 0, firstFailure: undefined };
  const endAt = performance.now() + ms;
  const fail = (why) => {
    state.failures += 1;
    state.firstFailure ??= why;
  };
  async function loop({ pool, request }) {
    const { path, body, headers = {}, verify } = request;
    const payload = JSON.stringify(body);
    while (performance.now() < endAt) {
      const startedAt = performance.now();
      try {
        const response = await pool.request({
          method: 'POST',
          path,
          headers: { 'content-type': 'application/json', ...headers },
          body: payload,
        });
        const text = await response.body.text();
        if (response.statusCode !== 200) {
          fail(`${response.statusCode} ${text.slice(0, 300)}`);
        } else if (verify !== undefined && !verify(text)) {
          fail(`200 with an unexpected body: ${text.slice(0, 300)}`);
        }
      } catch (error) {
        fail(String(error));
      }
      latencies.push(performance.now() - startedAt);
    }
  }
  await Promise.all(loops.map(loop));
  return { latencies, ...state };
}

/** Sends `request` from `concurrency` loops over one pool until `ms` have passed. */
function drive({ pool, request, concurrency, ms }) {
  const loops = Array.from({ length: concurrency }, () => ({ pool, request }));
  return driveLoops({ loops, ms });
}

/**
 * Sends one scenario's requests for `ms` at `concurrency` and keeps nothing
 * but the failure count: primes a process's code paths (JIT, caches, the
 * fallback route's breaker) before anything is measured.
 */
export async function prime({ scenario, target, concurrency, ms }) {
  const pool = new Pool(target.url, {
    connections: concurrency,
    pipelining: 1,
  });
  try {
    const run = await drive({
      pool,
      request: scenario.request,
      concurrency,
      ms,
    });
    return { failures: run.failures, firstFailure: run.firstFailure };
  } finally {
    await pool.close();
  }
}

async function upstreamStats(upstreamUrl) {
  const response = await fetch(`${upstreamUrl}/__bench/stats`);
  return response.json();
}

/**
 * Measures several scenarios over the same stretch of time: after one
 * warm-up each, drives them in turn for `timing.sliceMs` at a time, round
 * after round (each round starting one scenario later), until each has been
 * driven for `timing.durationMs`, and sums each one's slices. The machine's
 * speed swings over tens of seconds to minutes; slices of a few seconds put
 * each swing on every scenario alike, so their ratios hold where whole runs
 * minutes apart did not (slices under a second cost more in their starts
 * than they gained). One entry with `sliceMs` equal to `durationMs` is
 * one plain run. `target` is `{ url, pid }` of the process under test; CPU
 * and RSS are its own.
 */
export async function measureInterleaved({
  entries,
  concurrency,
  timing,
  upstreamUrl,
}) {
  const pools = entries.map(
    ({ target }) =>
      new Pool(target.url, { connections: concurrency, pipelining: 1 }),
  );
  try {
    for (const [at, { scenario }] of entries.entries()) {
      const request = scenario.request;
      await drive({
        pool: pools[at],
        request,
        concurrency,
        ms: timing.warmupMs,
      });
    }
    const sums = entries.map(() => ({
      latencies: [],
      failures: 0,
      firstFailure: undefined,
      seconds: 0,
      cpu: 0,
      upstreamCalls: 0,
      failHits: 0,
    }));
    const rounds = Math.max(1, Math.round(timing.durationMs / timing.sliceMs));
    for (let round = 0; round < rounds; round += 1) {
      for (let step = 0; step < entries.length; step += 1) {
        const at = (round + step) % entries.length;
        await driveSlice({
          entry: entries[at],
          pool: pools[at],
          sum: sums[at],
          concurrency,
          ms: timing.durationMs / rounds,
          upstreamUrl,
        });
      }
    }
    return entries.map(({ scenario, target }, at) =>
      summary({ scenario, target, concurrency, sum: sums[at] }),
    );
  } finally {
    await Promise.all(pools.map((pool) => pool.close()));
  }
}

/**
 * Unmeasured lead-in of each slice: a process idle while the others ran has
 * let its connections go (keep-alive ends after 4 to 5 s), and all callers
 * reconnecting at once is no part of the steady state measured.
 */
const LEAD_IN_MS = 250;

/** Drives one slice of one scenario and adds what it measured to `sum`. */
async function driveSlice({ entry, pool, sum, concurrency, ms, upstreamUrl }) {
  if (ms > LEAD_IN_MS) {
    const request = entry.scenario.request;
    await drive({ pool, request, concurrency, ms: LEAD_IN_MS });
  }
  const statsBefore = await upstreamStats(upstreamUrl);
  const cpuBefore = cpuSeconds(entry.target.pid);
  const startedAt = performance.now();
  const run = await drive({
    pool,
    request: entry.scenario.request,
    concurrency,
    ms,
  });
  sum.seconds += (performance.now() - startedAt) / 1000;
  sum.cpu += cpuSeconds(entry.target.pid) - cpuBefore;
  const statsAfter = await upstreamStats(upstreamUrl);
  sum.upstreamCalls += statsAfter.requests - statsBefore.requests;
  sum.failHits += statsAfter.failHits - statsBefore.failHits;
  sum.failures += run.failures;
  sum.firstFailure ??= run.firstFailure;
  for (const latency of run.latencies) sum.latencies.push(latency);
}

/** One scenario's figures from its summed slices. */
function summary({ scenario, target, concurrency, sum }) {
  const latencies = sum.latencies.sort((a, b) => a - b);
  const calls = latencies.length;
  return {
    key: scenario.key,
    name: scenario.name,
    concurrency,
    requests: calls,
    failures: sum.failures,
    firstFailure: sum.firstFailure,
    requestsPerSecond: calls / sum.seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    cpuMsPerCall: (sum.cpu * 1000) / calls,
    peakRssMiB: peakRssMiB(target.pid),
    upstreamCallsPerCall: sum.upstreamCalls / calls,
    failHits: sum.failHits,
  };
}
