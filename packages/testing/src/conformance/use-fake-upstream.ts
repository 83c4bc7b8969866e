import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createFakeUpstream } from '../fake-upstream';
import type { FakeRoutes, FakeUpstream } from '../fake-upstream-types';

/**
 * A fake upstream for the enclosing `describe`: started before its tests,
 * reset (calls, call counts and routes) before each test, closed after them.
 * Read it inside a test; before `beforeAll` has run it throws.
 *
 * @example
 * ```ts
 * describe('createAcme', () => {
 *   const upstream = useFakeUpstream({ 'POST /v1/images': { response } });
 *   it('should …', async () => {
 *     await createAcme({ baseURL: upstream.url, apiKey: 'k' }) …;
 *     expect(upstream.calls).toHaveLength(1);
 *   });
 * });
 * ```
 */
export function useFakeUpstream(routes: FakeRoutes = {}): FakeUpstream {
  let started: FakeUpstream | undefined;
  const current = (): FakeUpstream => {
    if (started === undefined) {
      throw new Error(
        'The fake upstream starts in beforeAll: read it in a test.',
      );
    }
    return started;
  };
  beforeAll(async () => {
    started = await createFakeUpstream(routes);
  });
  beforeEach(() => current().reset());
  afterAll(() => current().close());
  return {
    get url() {
      return current().url;
    },
    get calls() {
      return current().calls;
    },
    get routes() {
      return current().routes;
    },
    reset: () => current().reset(),
    close: () => current().close(),
    [Symbol.asyncDispose]: () => current().close(),
  };
}
