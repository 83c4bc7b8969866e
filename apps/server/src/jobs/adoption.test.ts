import { setTimeout as sleep } from 'node:timers/promises';
import {
  RouteFailedError,
  SwitchyardError,
  type GenerateResult,
} from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import type { Gateway, GenerateOptions } from '../gateway/gateway';
import { runAdoptingLateTasks } from './adoption';

const FIRST = { instance: 'slow', model: 'm' };
const SECOND = { instance: 'backup', model: 'm' };

function resultFrom(provider: string): GenerateResult {
  return {
    type: 'image',
    images: [{ url: 'https://cdn.example/1.png', mimeType: 'image/png' }],
    id: `gen_${provider}`,
    provider,
    model: 'm',
    fallbackUsed: false,
    attempts: [{ provider, model: 'm', outcome: 'success', latencyMs: 1 }],
    cost: { microCredits: 10 },
    cached: false,
    warnings: [],
    latencyMs: 1,
  };
}

/**
 * A gateway whose route abandons FIRST's task then ends after `routeMs`
 * (with a result, or failing), and whose resumed FIRST task ends after
 * `lateMs`. Each run asks to claim its result the way the real one does.
 */
function fakeGateway(options: {
  routeMs: number;
  routeSucceeds: boolean;
  lateMs: number;
}) {
  const claims: Array<{ run: string; won: boolean }> = [];
  const settle = async (
    run: string,
    call: GenerateOptions,
    delayMs: number,
  ): Promise<GenerateResult> => {
    await sleep(delayMs, undefined, { signal: call.signal });
    const won = call.claimResult?.() ?? true;
    claims.push({ run, won });
    if (!won) throw new SwitchyardError({ code: 'cancelled', message: 'lost' });
    return resultFrom(run === 'route' ? SECOND.instance : FIRST.instance);
  };
  const gateway = {
    routeDeadlineMsFor: () => 5_000,
    redact: (text: string) => text,
    async generate(call: GenerateOptions) {
      call.taskHooks?.(FIRST)?.onAbandoned?.('task-1');
      if (options.routeSucceeds) return settle('route', call, options.routeMs);
      await sleep(options.routeMs);
      throw new RouteFailedError({
        reason: 'all-targets-failed',
        attempts: [
          {
            provider: 'slow',
            model: 'm',
            outcome: 'error',
            code: 'timeout',
            latencyMs: 1,
          },
        ],
        errors: [],
      });
    },
    resumeTask: (call: GenerateOptions) => settle('late', call, options.lateMs),
  } as unknown as Gateway;
  return { gateway, claims };
}

const run = (gateway: Gateway, mayAdopt = () => true) =>
  runAdoptingLateTasks({
    gateway,
    call: {
      input: { type: 'image', prompt: 'a fox' },
      signal: new AbortController().signal,
    },
    taskHooks: () => ({}),
    mayAdopt,
    onAdopted: () => Promise.resolve(),
  });

describe('runAdoptingLateTasks', () => {
  it('should let exactly one run claim when both finish at once', async () => {
    for (let round = 0; round < 20; round += 1) {
      const { gateway, claims } = fakeGateway({
        routeMs: 5,
        routeSucceeds: true,
        lateMs: 5,
      });
      const result = await run(gateway);
      await sleep(20);
      const winners = claims.filter((claim) => claim.won);
      expect(winners).toHaveLength(1);
      expect(result.provider).toBe(
        winners[0]?.run === 'route' ? 'backup' : 'slow',
      );
    }
  });

  it("should adopt the abandoned task when it finishes first, keeping the route's attempts", async () => {
    const { gateway, claims } = fakeGateway({
      routeMs: 200,
      routeSucceeds: true,
      lateMs: 10,
    });
    const result = await run(gateway);
    expect(result.provider).toBe('slow');
    expect(claims).toEqual([{ run: 'late', won: true }]);
  });

  it('should still adopt a late success when the route itself fails', async () => {
    const { gateway } = fakeGateway({
      routeMs: 10,
      routeSucceeds: false,
      lateMs: 60,
    });
    const result = await run(gateway);
    expect(result.provider).toBe('slow');
    expect(result.attempts.map((attempt) => attempt.outcome)).toEqual([
      'error',
      'success',
    ]);
  });

  it('should watch nothing once the job is being cancelled or stopped', async () => {
    const { gateway, claims } = fakeGateway({
      routeMs: 10,
      routeSucceeds: false,
      lateMs: 1,
    });
    await expect(run(gateway, () => false)).rejects.toMatchObject({
      reason: 'all-targets-failed',
    });
    expect(claims).toEqual([]);
  });
});
