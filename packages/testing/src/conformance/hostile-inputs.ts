import { SwitchyardError, type Model } from '@switchyard/core';
import { expect, it } from 'vitest';
import type {
  FakeResponse,
  FakeRoutes,
  FakeUpstream,
} from '../fake-upstream-types';

/** Model ids that try to leave the path they are put in. */
export const HOSTILE_MODEL_IDS = [
  '../../admin/secret?x=',
  'a/../../admin',
  '..',
  '.',
  '%2e%2e/admin',
  'model?x=1',
  'model#fragment',
  'model name',
  '/leading-slash',
  'a//b',
  'ok\r\nhost: evil.example',
  'fal-ai/flux/../../../admin',
] as const;

/** What the hostile-input checks need from the conformance suite. */
export interface HostileInputContext {
  modelId: string;
  routes: FakeRoutes | undefined;
  firstRoute: string;
  apiKey: string;
  upstream(): FakeUpstream;
  /** The model under test, or the same provider's model with another id. */
  modelOf(modelId?: string): Model;
  generate(model: Model): Promise<unknown>;
  failWith(response: FakeResponse): void;
}

function pathOf(url: string): string {
  return url.split('?')[0] ?? url;
}

/**
 * A model id never changes the path of a request: where the id is part of the
 * path (the first route names it), a hostile id is refused with
 * `invalid_request` before any request; where it is not, requests go to the
 * usual paths only. And a key echoed back in a long error body, at the cut
 * of the message, leaves no part of itself in the error.
 */
export function describeHostileInputs(context: HostileInputContext): void {
  const { modelId, firstRoute } = context;
  const idInPath = firstRoute.includes(modelId);
  const usualPaths = new Set(
    Object.keys(context.routes ?? {}).map((route) =>
      pathOf(route.replace(/^[A-Z]+ /, '')),
    ),
  );

  it('should keep a hostile model id out of the request path', async () => {
    for (const hostile of HOSTILE_MODEL_IDS) {
      context.upstream().reset();
      const outcome: unknown = await Promise.resolve()
        .then(() => context.generate(context.modelOf(hostile)))
        .catch((error: unknown) => error);
      const calls = context.upstream().calls.map((call) => pathOf(call.url));
      if (idInPath) {
        expect(SwitchyardError.isInstance(outcome), hostile).toBe(true);
        expect((outcome as SwitchyardError).code, hostile).toBe(
          'invalid_request',
        );
        expect((outcome as SwitchyardError).message, hostile).toContain(
          'a model id is',
        );
        expect(calls, hostile).toEqual([]);
      } else {
        for (const path of calls) expect(usualPaths, hostile).toContain(path);
      }
    }
  });

  it('should leave no part of a key echoed at the cut of a long error', async () => {
    const key = context.apiKey;
    for (const offset of [470, 490, 2_000, 2_030]) {
      const echo = `${'x '.repeat(offset / 2)}bad key ${key} / ${encodeURIComponent(key)} / Bearer ${key}`;
      const text = `${echo}${' y'.repeat(1_500)}`;
      for (const body of [text, { error: { message: text }, message: text }]) {
        context.failWith({ type: 'error', status: 401, body });
        const error: unknown = await context
          .generate(context.modelOf())
          .catch((caught: unknown) => caught);
        expect(SwitchyardError.isInstance(error)).toBe(true);
        const seen = JSON.stringify({
          error,
          message: (error as Error).message,
          body: (error as SwitchyardError).responseBody,
          headers: (error as SwitchyardError).responseHeaders,
        });
        for (let start = 0; start + 8 <= key.length; start += 1) {
          expect(seen).not.toContain(key.slice(start, start + 8));
        }
      }
    }
  });
}
