import { createSqlStore } from '@switchyard/store-sql';
import type { SwitchyardStore, TextStreamEvent } from '@switchyard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromYaml } from '../__tests__/test-server';
import { createLogger } from '../logger';
import { createGateway, type Gateway } from './gateway';

/** A clock far from the real one: whatever it times was timed by `now`. */
const FROZEN_AT = 1_000_000;

describe('createGateway', () => {
  let store: SwitchyardStore;
  let gateway: Gateway;

  beforeAll(async () => {
    store = await createSqlStore({ url: 'sqlite::memory:' });
    gateway = await createGateway({
      config: configFromYaml(`
providers: { local: {} }
routes:
  text: { targets: ["local:echo"] }
  cached: { type: text, targets: ["local:echo"], cache: { ttlMs: 60000 } }
`),
      logger: createLogger({ level: 'silent' }),
      now: () => FROZEN_AT,
    });
  });

  afterAll(async () => {
    await store.close();
  });

  describe('now', () => {
    it('should time a generated call and date its record by the now option', async () => {
      const result = await gateway.generate({
        input: { type: 'text', prompt: 'hi' },
        generations: store.generations,
      });
      expect(result.latencyMs).toBe(0);
      expect(await store.generations.get(result.id)).toMatchObject({
        status: 'succeeded',
        createdAt: FROZEN_AT,
      });
    });

    it('should time a cached answer and date its record by the now option', async () => {
      const input = { type: 'text', prompt: 'again', route: 'cached' } as const;
      await gateway.generate({ input });
      const cached = await gateway.generate({
        input,
        generations: store.generations,
      });
      expect(cached).toMatchObject({ cached: true, latencyMs: 0 });
      expect(await store.generations.get(cached.id)).toMatchObject({
        createdAt: FROZEN_AT,
      });
    });

    it('should time a stream and date its record by the now option', async () => {
      const events: TextStreamEvent[] = [];
      for await (const event of gateway.streamText({
        input: { type: 'text', prompt: 'hi' },
        generations: store.generations,
      })) {
        events.push(event);
      }
      const end = events.at(-1);
      expect(end).toMatchObject({ type: 'end', latencyMs: 0 });
      const id = end?.type === 'end' ? end.id : '';
      expect(await store.generations.get(id)).toMatchObject({
        createdAt: FROZEN_AT,
      });
    });
  });
});
