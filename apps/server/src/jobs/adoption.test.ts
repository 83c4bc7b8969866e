import { fileURLToPath } from 'node:url';
import {
  generateInputSchema,
  SwitchyardError,
  type CreditLedger,
  type GenerationStore,
  type RouteTarget,
  type SwitchyardStore,
} from '@switchyard/core';
import { createSqlStore } from '@switchyard/store-sql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configFromYaml } from '../__tests__/test-server';
import { createCallQueue } from '../__tests__/call-queue';
import { deferred, type Deferred } from '../__tests__/deferred';
import { statusPolls, taskCancels } from '../__tests__/waiting-task-provider';
import { createGateway } from '../gateway/gateway';
import { createLogger } from '../logger';
import { runAdoptingLateTasks } from './adoption';

const PROVIDER = fileURLToPath(
  new URL('../__tests__/waiting-task-provider.ts', import.meta.url),
);
const PRICES = { slow: 3_000, backup: 5_000 };
const CREDITS = 100_000;

// `image` abandons slow's task and falls back to backup; `solo` has no fallback.
const config = configFromYaml(`
providers:
  slow: { use: "${PROVIDER}", price: ${PRICES.slow} }
  backup: { use: "${PROVIDER}", price: ${PRICES.backup} }
routes:
  image: { targets: ["slow:m", "backup:m"], retry: { maxAttempts: 1 } }
  solo: { type: image, targets: ["slow:m"], retry: { maxAttempts: 1 } }
`);

type Recorded = Parameters<GenerationStore['record']>[0];

let store: SwitchyardStore;
beforeEach(async () => {
  statusPolls.clear();
  taskCancels.clear();
  store = await createSqlStore({ url: 'sqlite::memory:' });
});
afterEach(() => store.close());

/**
 * Starts a job's call through the real gateway and store, on a key with
 * {@link CREDITS}. With `holdFirstCharge`, the first charge waits in
 * `charges` until the test lets it through: the run that claimed is held
 * there, after its claim, while the other run gets its result too.
 * `records` gets each call recorded, once written.
 */
async function startRun(
  options: {
    route?: string;
    mayAdopt?: () => boolean;
    holdFirstCharge?: boolean;
  } = {},
) {
  const gateway = await createGateway({
    config,
    logger: createLogger({ level: 'silent' }),
  });
  const { record: key } = await store.apiKeys.create({
    name: 'test',
    credits: CREDITS,
  });
  const charges = createCallQueue<Deferred<void>>();
  let holdCharge = options.holdFirstCharge === true;
  const ledger: CreditLedger = {
    ...store.ledger,
    capture: async (capture) => {
      if (holdCharge) {
        holdCharge = false;
        const release = deferred();
        charges.push(release);
        await release.promise;
      }
      return store.ledger.capture(capture);
    },
  };
  const records = createCallQueue<Recorded>();
  const generations: GenerationStore = {
    ...store.generations,
    record: async (recorded) => {
      await store.generations.record(recorded);
      records.push(recorded);
    },
  };
  const abandoned: string[] = [];
  const adopted: string[] = [];
  const result = runAdoptingLateTasks({
    gateway,
    call: {
      input: generateInputSchema.parse({
        type: 'image',
        prompt: 'a fox',
        route: options.route,
      }),
      signal: new AbortController().signal,
      payer: { keyId: key.id, ledger },
      generations,
    },
    taskHooks: () => ({}),
    mayAdopt: options.mayAdopt ?? (() => true),
    onAbandoned: (target, taskId) => abandoned.push(taskName(target, taskId)),
    onAdopted: (target, taskId) => {
      adopted.push(taskName(target, taskId));
      return Promise.resolve();
    },
  });
  return {
    result,
    charges,
    records,
    abandoned,
    adopted,
    balance: () => store.ledger.balance(key.id),
    succeeded: async () =>
      (await store.generations.list({ keyId: key.id, limit: 10 }))
        .filter((generation) => generation.status === 'succeeded')
        .map((generation) => generation.provider),
  };
}

function taskName(target: RouteTarget, taskId: string): string {
  return `${target.instance}:${target.model} ${taskId}`;
}

/** The next status poll of an instance's task. */
const pollOf = (instance: string) =>
  statusPolls.next((poll) => poll.instance === instance);

/** Fails the route's poll of slow's task: the attempt ends, its task is abandoned. */
async function abandonSlowTask(): Promise<void> {
  const poll = await pollOf('slow');
  poll.answer.reject(
    new SwitchyardError({
      code: 'timeout',
      provider: 'slow',
      message: 'slow did not answer in time.',
    }),
  );
}

describe('runAdoptingLateTasks', () => {
  it.each([
    { first: 'backup' as const, second: 'slow' as const },
    { first: 'slow' as const, second: 'backup' as const },
  ])(
    'should let exactly one run claim when both have a result ($first first)',
    async ({ first, second }) => {
      const run = await startRun({ holdFirstCharge: true });
      await abandonSlowTask();
      // The watcher polls slow's abandoned task; the route polls backup's.
      const polls = {
        slow: await pollOf('slow'),
        backup: await pollOf('backup'),
      };
      polls[first].answer.resolve({ state: 'succeeded' });
      // `first` claimed and is being charged; now `second` finishes too.
      const charge = await run.charges.next();
      polls[second].answer.resolve({ state: 'succeeded' });
      // The first call recorded: `first` is held before its record.
      const dropped = await run.records.next();
      charge.resolve();

      const result = await run.result;
      expect(result.provider).toBe(first);
      // `second` had its result, lost the claim: dropped, not charged.
      expect(dropped).toMatchObject({
        status: 'failed',
        errorCode: 'cancelled',
        attempts: expect.arrayContaining([
          expect.objectContaining({ provider: second, outcome: 'success' }),
        ]) as unknown,
      });
      expect(await run.succeeded()).toEqual([first]);
      expect(await run.balance()).toMatchObject({
        balance: CREDITS - PRICES[first],
        reserved: 0,
      });
    },
  );

  it("should adopt the abandoned task when it finishes first, keeping the route's attempts", async () => {
    const run = await startRun();
    await abandonSlowTask();
    const late = await pollOf('slow');
    // The route is on its fallback, whose task is still running.
    await pollOf('backup');
    late.answer.resolve({ state: 'succeeded' });

    const result = await run.result;
    expect(result.provider).toBe('slow');
    expect(result.attempts).toMatchObject([
      { provider: 'slow', outcome: 'error', code: 'timeout' },
      { provider: 'backup', outcome: 'error', code: 'cancelled' },
      {
        provider: 'slow',
        outcome: 'success',
        message: expect.stringMatching(/^Adopted/) as unknown,
      },
    ]);
    expect(run.abandoned).toEqual(['slow:m slow-task']);
    expect(run.adopted).toEqual(['slow:m slow-task']);
    // The stopped fallback's task is cancelled at its provider.
    await taskCancels.next((taskId) => taskId === 'backup-task');
    expect(await run.succeeded()).toEqual(['slow']);
    expect(await run.balance()).toMatchObject({
      balance: CREDITS - PRICES.slow,
      reserved: 0,
    });
  });

  it('should still adopt a late success when the route itself fails', async () => {
    const run = await startRun({ route: 'solo' });
    await abandonSlowTask();
    const late = await pollOf('slow');
    // The route has failed (and said so) before the watched task finishes.
    await run.records.next((recorded) => recorded.status === 'failed');
    late.answer.resolve({ state: 'succeeded' });

    const result = await run.result;
    expect(result.provider).toBe('slow');
    expect(result.attempts.map((attempt) => attempt.outcome)).toEqual([
      'error',
      'success',
    ]);
    expect(await run.balance()).toMatchObject({
      balance: CREDITS - PRICES.slow,
      reserved: 0,
    });
  });

  it('should watch nothing once the job is being cancelled or stopped', async () => {
    const run = await startRun({ route: 'solo', mayAdopt: () => false });
    await abandonSlowTask();
    // A watcher would poll slow's task, and the run would wait for it.
    const outcome = await Promise.race([
      run.result.then(
        () => 'succeeded',
        (error: unknown) => error,
      ),
      pollOf('slow').then(() => 'watched'),
    ]);
    expect(outcome).toMatchObject({ reason: 'all-targets-failed' });
    expect(run.abandoned).toEqual([]);
  });
});
