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
 * Warms up, then drives one scenario at one concurrency and measures it.
 * `target` is `{ url, pid }` of the process under test; CPU and RSS are its own.
 */
export async function measure({
  scenario,
  target,
  concurrency,
  timing,
  upstreamUrl,
}) {
  const pool = new Pool(target.url, {
    connections: concurrency,
    pipelining: 1,
  });
  try {
    const request = scenario.request;
    await drive({ pool, request, concurrency, ms: timing.warmupMs });
    const statsBefore = await upstreamStats(upstreamUrl);
    const cpuBefore = cpuSeconds(target.pid);
    const startedAt = performance.now();
    const run = await drive({
      pool,
      request,
      concurrency,
      ms: timing.durationMs,
    });
    const seconds = (performance.now() - startedAt) / 1000;
    const cpu = cpuSeconds(target.pid) - cpuBefore;
    const statsAfter = await upstreamStats(upstreamUrl);
    const { latencies } = run;
    latencies.sort((a, b) => a - b);
    const calls = latencies.length;
    return {
      key: scenario.key,
      name: scenario.name,
      concurrency,
      requests: calls,
      failures: run.failures,
      firstFailure: run.firstFailure,
      requestsPerSecond: calls / seconds,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      cpuMsPerCall: (cpu * 1000) / calls,
      peakRssMiB: peakRssMiB(target.pid),
      upstreamCallsPerCall:
        (statsAfter.requests - statsBefore.requests) / calls,
      failHits: statsAfter.failHits - statsBefore.failHits,
    };
  } finally {
    await pool.close();
  }
}
