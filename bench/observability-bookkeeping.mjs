// The CPU time the gateway's metrics, traces and health bookkeeping take per
// call, measured in this process on the built server's own observers: what a
// call with one attempt tells them (start, two engine events, end), with
// `/metrics` on, no OpenTelemetry SDK registered (traces opt-in) and the
// health monitor recording and judging the call (probes not running). Bounded in count; prints
// one JSON line: { cpuMicrosecondsPerCall, calls }. `bench/run.mjs` runs it.
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const {
  combineObservers,
  createGatewayMetrics,
  createLogger,
  createHealthMonitor,
  createTracingObserver,
  parseConfig,
} = await import(join(root, 'apps/server/dist/index.js'));
const { createRoute } = await import(join(root, 'packages/core/dist/index.js'));

const config = parseConfig({
  text: JSON.stringify({
    providers: { upstream: { use: 'openai' } },
    routes: { text: { targets: ['upstream:gpt-4o-mini'] } },
  }),
  file: join(root, 'bench', 'switchyard.json'),
  environment: {},
});
const metrics = createGatewayMetrics({ config });
let engineListener = () => undefined;
metrics.attach({
  gateway: {
    listProviders: () => [
      { name: 'upstream', models: [{ id: 'gpt-4o-mini', kind: 'text' }] },
    ],
    onEvent: (listener) => {
      engineListener = listener;
      return () => undefined;
    },
  },
  logger: createLogger({ level: 'silent' }),
});
const observer = combineObservers([metrics.observer, createTracingObserver()]);
// The health monitor, on an engine whose events this script sends.
let healthListener = () => undefined;
const monitor = createHealthMonitor({
  engine: {
    onEvent: (listener) => {
      healthListener = listener;
      return () => undefined;
    },
    breakerState: () => 'closed',
  },
  routes: new Map([
    [
      'text',
      createRoute({
        name: 'text',
        settings: { targets: ['upstream:gpt-4o-mini'] },
      }),
    ],
  ]),
  instances: new Map(),
  logger: createLogger({ level: 'silent' }),
  redact: (text) => text,
  scheduler: { setTimeout: () => undefined, clearTimeout: () => undefined },
});
await monitor.start();
const target = { instance: 'upstream', model: 'gpt-4o-mini' };
const attempt = {
  provider: 'upstream',
  model: 'gpt-4o-mini',
  outcome: 'success',
  latencyMs: 12,
};

/** What one routed call with one successful attempt tells the observers. */
function observeOneCall(index) {
  const watch = observer.callStarted({
    id: `gen_${index}`,
    route: 'text',
    type: 'text',
    stream: false,
  });
  const start = { type: 'attempt-start', route: 'text', target, attempt: 1 };
  engineListener(start);
  healthListener(start);
  watch?.engineEvent?.(start);
  const end = { ...start, type: 'attempt-end', outcome: 'success' };
  engineListener({ ...end, latencyMs: 12 });
  healthListener({ ...end, latencyMs: 12 });
  watch?.engineEvent?.({ ...end, latencyMs: 12 });
  watch?.callEnded?.({
    route: 'text',
    type: 'text',
    provider: 'upstream',
    model: 'gpt-4o-mini',
    outcome: 'success',
    latencyMs: 13,
    upstreamMs: 12,
    microCredits: 10,
    cached: false,
    attempts: [attempt],
  });
}

const calls = 200_000;
for (let index = 0; index < 20_000; index += 1) observeOneCall(index);
const before = process.cpuUsage();
for (let index = 0; index < calls; index += 1) observeOneCall(index);
const used = process.cpuUsage(before);
// A scrape must still parse: the bookkeeping kept every series it counted.
if (!(await metrics.scrape()).includes('switchyard_calls_total{')) {
  throw new Error('the bookkeeping counted no call');
}
const health = await monitor.report({ detailed: true });
if (!(health.targets[0]?.recentCalls > 0)) {
  throw new Error('the health monitor recorded no call');
}
monitor.stop();
console.log(
  JSON.stringify({
    cpuMicrosecondsPerCall: (used.user + used.system) / calls,
    calls,
  }),
);
