// Issue 18's goals as rows, each a ratio of figures from the same run.
// `results` is keyed `<scenario key>@<concurrency>`; a goal whose figures
// were not measured says so (and never passes); one whose figures come from
// a scenario with failed requests fails.
import { STREAM_CHUNKS } from './scenarios.mjs';

const ms = (value) => `${value.toFixed(2)} ms`;
const percent = (value) => `${(value * 100).toFixed(1)}%`;
const times = (value) => `${value.toFixed(2)}×`;
const cpu = (key) => (get) => get(key).cpuMsPerCall;
const ratio = (top, bottom) => (get) => top(get) / bottom(get);
const addedP50 = (key) => (get) => get(key).p50Ms - get('direct').p50Ms;

/**
 * The goals. `at` is where each is judged: `upper` (the highest
 * concurrency), `both` (c=1 and the highest) or a number; `uses` are the
 * scenarios it needs.
 */
const GOALS = [
  {
    at: 'upper',
    goal: 'req/s: gateway ÷ peer',
    uses: ['generate', 'peer'],
    value: (get) =>
      get('generate').requestsPerSecond / get('peer').requestsPerSecond,
    show: times,
    pass: (value) => value >= 4,
    bound: '≥ 4',
  },
  {
    at: 'both',
    goal: 'CPU/call: gateway ÷ bare floor',
    uses: ['generate', 'bare'],
    value: ratio(cpu('generate'), cpu('bare')),
    show: times,
    pass: (value) => value <= 3,
    bound: '≤ 3',
  },
  {
    at: 1,
    goal: 'added p50 over direct',
    uses: ['generate', 'direct'],
    value: addedP50('generate'),
    show: ms,
    pass: (value) => value <= 1,
    bound: '≤ 1 ms',
  },
  {
    at: 1,
    goal: 'added p50: gateway − peer',
    uses: ['generate', 'peer', 'direct'],
    value: (get) => addedP50('generate')(get) - addedP50('peer')(get),
    show: ms,
    pass: (value) => value < 0,
    bound: '< 0 (below the peer)',
  },
  {
    at: 'upper',
    goal: 'gateway p99 ÷ p50',
    uses: ['generate'],
    value: (get) => get('generate').p99Ms / get('generate').p50Ms,
    show: times,
    pass: (value) => value <= 3,
    bound: '≤ 3',
    // The machine's own tail, for reading the row: the bare floor's ratio.
    note: (get) =>
      get('bare') === undefined
        ? 'bare floor not measured'
        : `bare floor ${times(get('bare').p99Ms / get('bare').p50Ms)}`,
  },
  {
    at: 'both',
    goal: 'recording a call: extra CPU',
    // The twins differ in recording only (main.js also runs start's set-up).
    uses: ['recordedTwin', 'unrecorded'],
    value: (get) => ratio(cpu('recordedTwin'), cpu('unrecorded'))(get) - 1,
    show: percent,
    pass: (value) => value <= 0.1,
    bound: '≤ 10%',
  },
  {
    at: 'both',
    goal: 'keyed CPU ÷ anonymous CPU',
    uses: ['keyed', 'generate'],
    value: ratio(cpu('keyed'), cpu('generate')),
    show: times,
    pass: (value) => value <= 1.3,
    bound: '≤ 1.3',
  },
  {
    at: 'upper',
    goal: 'fallback req/s ÷ peer fallback',
    uses: ['fallback', 'peerFallback'],
    value: (get) =>
      get('fallback').requestsPerSecond / get('peerFallback').requestsPerSecond,
    show: times,
    // An open breaker costs no call to the down target.
    pass: (value, get) => value >= 8 && get('fallback').failHits === 0,
    bound: '≥ 8, no call to down',
    note: (get) => `${get('fallback').failHits} calls to down while measured`,
  },
  {
    at: 'upper',
    goal: 'gateway peak RSS (VmHWM)',
    uses: ['generate'],
    value: (get) => get('gatewayPeakRss'),
    show: (value) => `${value.toFixed(0)} MiB`,
    pass: (value) => value <= 150,
    bound: '≤ 150 MiB',
    // The machine's own floor, for reading the row: the bare floor's peak
    // after its c=64 slices (it runs no streams; main.js's figure includes them).
    note: (get) =>
      get('bare') === undefined
        ? 'bare floor not measured'
        : `bare floor ${get('bare').peakRssMiB.toFixed(0)} MiB`,
  },
  {
    at: 'both',
    goal: '/v1/chat CPU ÷ tRPC generate CPU',
    uses: ['compat', 'generate'],
    value: ratio(cpu('compat'), cpu('generate')),
    show: times,
    pass: (value) => value <= 1,
    bound: '≤ 1.0',
  },
  {
    at: 'both',
    goal: 'streaming CPU per chunk',
    uses: ['stream', 'stream1'],
    value: (get) =>
      (cpu('stream')(get) - cpu('stream1')(get)) / (STREAM_CHUNKS - 1),
    show: (value) => `${value.toFixed(4)} ms`,
    pass: (value) => value <= 0.1,
    bound: '≤ 0.1 ms',
  },
];

/** Each goal at each concurrency it is judged at. */
function goalsAt(upper) {
  return GOALS.flatMap((spec) => {
    const levels =
      spec.at === 'upper'
        ? [upper]
        : spec.at === 'both'
          ? [...new Set([1, upper])]
          : [spec.at];
    return levels.map((c) => ({ ...spec, c, goal: `c=${c} ${spec.goal}` }));
  });
}

function judge({ spec, results, gatewayPeakRss }) {
  const get = (key) =>
    key === 'gatewayPeakRss' ? gatewayPeakRss : results[`${key}@${spec.c}`];
  const value = spec.value(get);
  const failed = spec.uses.filter((key) => get(key).failures > 0);
  const note = spec.note === undefined ? '' : ` (${spec.note(get)})`;
  const result =
    failed.length > 0
      ? `FAIL (requests failed: ${failed.join(', ')})`
      : spec.pass(value, get)
        ? 'PASS'
        : 'FAIL';
  return { value, measured: `${spec.show(value)}${note}`, result };
}

/** The goals table's rows: goal, measured, bound, result (PASS / FAIL / not measured). */
export function goalRows({ results, concurrencies, gatewayPeakRss }) {
  return goalsAt(Math.max(...concurrencies)).map((spec) => {
    const row = { goal: spec.goal, bound: spec.bound };
    const missing = spec.uses.filter(
      (key) => results[`${key}@${spec.c}`] === undefined,
    );
    if (missing.length > 0) {
      const what = concurrencies.includes(spec.c) ? missing.join(', ') : '';
      const measured = `(${what || `c=${spec.c}`} not measured)`;
      return { ...row, measured, result: 'not measured' };
    }
    return { ...row, ...judge({ spec, results, gatewayPeakRss }) };
  });
}
