// What `pnpm bench:replicas` prints: the scenario table, the ledger checks
// and issue 19's goals, each a ratio of figures from the same run. A goal
// whose figures come from a scenario with failed requests fails.
import { printGoals } from '../report.mjs';
import { SCENARIOS } from './measure.mjs';

const times = (value) => `${value.toFixed(2)}×`;
const fixed = (digits) => (value) =>
  Number.isFinite(value) ? value.toFixed(digits) : '–';
const rps = (setup, scenario) => (get) =>
  get(setup, scenario).requestsPerSecond;

/** One line on stderr as each measurement ends, so a long run shows progress. */
export function printProgress(result) {
  const failures = result.failures > 0 ? `, ${result.failures} FAILED` : '';
  const trips = Number.isFinite(result.roundTripsPerCall)
    ? `, ${result.roundTripsPerCall.toFixed(2)} round trips/call`
    : '';
  console.error(
    `  ${result.name}: ${Math.round(result.requestsPerSecond)} req/s, p50 ${result.p50Ms.toFixed(2)} ms, ${(result.cpuMsPerCall * 1000).toFixed(0)} µs CPU/call${trips}${failures}`,
  );
}

function scenarioRow(result) {
  return {
    setup: result.setup,
    scenario: SCENARIOS[result.scenario],
    c: result.concurrency,
    'req/s': Math.round(result.requestsPerSecond),
    'p50 ms': result.p50Ms.toFixed(2),
    'p99 ms': result.p99Ms.toFixed(2),
    'CPU µs/call': (result.cpuMsPerCall * 1000).toFixed(0),
    'DB round trips/call': fixed(2)(result.roundTripsPerCall),
    'xacts/call (≈)': fixed(2)(result.xactsPerCall),
    failures: result.failures + result.warmupFailures,
  };
}

const ratioGoal = ({ goal, top, bottom, bound, least }) => ({
  goal,
  uses: [top, bottom],
  value: (get) => rps(...top)(get) / rps(...bottom)(get),
  show: times,
  pass: least === undefined ? undefined : (value) => value >= least,
  bound,
});

const GOALS = [
  ratioGoal({
    goal: 'replicas: hot ÷ spread req/s',
    top: ['replicas', 'hot'],
    bottom: ['replicas', 'spread'],
    bound: '≥ 0.8',
    least: 0.8,
  }),
  ratioGoal({
    goal: 'replicas spread ÷ single spread req/s',
    top: ['replicas', 'spread'],
    bottom: ['single', 'spread'],
    bound: '≥ 0.9',
    least: 0.9,
  }),
  ratioGoal({
    goal: 'replicas hot ÷ single spread req/s',
    top: ['replicas', 'hot'],
    bottom: ['single', 'spread'],
    bound: '≥ 0.9',
    least: 0.9,
  }),
  ...['hot', 'spread'].map((scenario) => ({
    goal: `DB round trips per keyed call (replicas, ${scenario})`,
    uses: [['replicas', scenario]],
    value: (get) => get('replicas', scenario).roundTripsPerCall,
    show: fixed(2),
    bound: 'measured',
  })),
  ratioGoal({
    goal: 'single: hot ÷ spread req/s',
    top: ['single', 'hot'],
    bottom: ['single', 'spread'],
    bound: 'measured',
  }),
];

function judge(spec, get) {
  const value = spec.value(get);
  const failed = spec.uses.filter(
    (use) => get(...use).failures + get(...use).warmupFailures > 0,
  );
  const result =
    failed.length > 0
      ? `FAIL (requests failed: ${failed.map((use) => use.join(' ')).join(', ')})`
      : spec.pass === undefined
        ? 'measured'
        : spec.pass(value)
          ? 'PASS'
          : 'FAIL';
  return { value, measured: spec.show(value), result };
}

/** The goals table's rows; `results` is keyed `<setup>/<scenario>`, `ledgers` by setup. */
export function goalRows({ results, ledgers }) {
  const get = (setup, scenario) => results[`${setup}/${scenario}`];
  const rows = GOALS.map((spec) => {
    const row = { goal: spec.goal, bound: spec.bound };
    if (spec.uses.some((use) => get(...use) === undefined)) {
      return { ...row, measured: '(not measured)', result: 'not measured' };
    }
    return { ...row, ...judge(spec, get) };
  });
  for (const setup of ['single', 'replicas']) {
    const ledger = ledgers[setup];
    rows.push({
      goal: `ledger exact (${setup})`,
      bound: 'exact',
      measured:
        ledger === undefined
          ? '(not checked)'
          : `${ledger.keys} keys, ${ledger.captures} captures`,
      result: ledger?.pass === true ? 'PASS' : 'FAIL',
    });
  }
  return rows;
}

function printLedger(setup, ledger) {
  const verdict = ledger.pass ? 'PASS' : 'FAIL';
  console.log(
    `ledger exact (${setup}): ${verdict} — ${ledger.keys} keys; ${ledger.answered} calls answered (${ledger.failedCalls} failed), ${ledger.captures} captures, ${ledger.succeeded} generations succeeded, ${ledger.inFlight} in flight; gateways stopped: ${ledger.stopped}`,
  );
  for (const problem of ledger.problems) console.log(`  ${problem}`);
}

/** Prints the run's header, the scenario table, the ledger checks and the goals. */
export function printReport(report) {
  const { meta, chosen, goals, ledgers } = report;
  const pin = meta.pinning.on
    ? `pinning on: gateways and fake upstream on CPU ${meta.pinning.serverCpu}, load generator and PostgreSQL proxy on CPU ${meta.pinning.loadCpu}, PostgreSQL and Redis unpinned`
    : `pinning off (${meta.pinning.why})`;
  console.log(
    `\nNode ${meta.node}, commit ${meta.commit}, c=${meta.concurrency}, ${meta.timing.durationMs} ms per scenario after ${meta.timing.warmupMs} ms warm-up (each primed ${meta.timing.primeMs} ms before the first); hot/spread alternated ${meta.rounds} times, the better req/s of each shown; ${pin}`,
  );
  console.table(chosen.map(scenarioRow));
  for (const result of chosen.filter((run) => run.firstFailure)) {
    console.error(
      `FAILED requests in "${result.name}"; first: ${result.firstFailure}`,
    );
  }
  console.log(
    `DB round trips: Q and S messages through the proxy per call, background queries included (${meta.proxy}). xacts/call: pg_stat_database xact_commit of database "test" (flushed by backends about once a second; other clients of "test" count too).`,
  );
  for (const [setup, ledger] of Object.entries(ledgers)) {
    printLedger(setup, ledger);
  }
  printGoals(goals);
  const judged = goals.filter((row) => row.bound !== 'measured');
  const passed = judged.filter((row) => row.result === 'PASS').length;
  console.log(`${passed} of ${judged.length} goals met.`);
}
