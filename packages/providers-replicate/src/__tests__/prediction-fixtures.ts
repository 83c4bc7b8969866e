import { fileURLToPath } from 'node:url';
import { fixtureResponse } from '@switchyard/testing';
import type { FakeResponse } from '@switchyard/testing';

/** Fixtures this package keeps (see `__fixtures__/README.md`); the rest are `@switchyard/testing`'s. */
const LOCAL_FIXTURES = new Set([
  'predictions.create.mochi-video.prefer-wait.json',
  'predictions.get.mochi-video.succeeded.json',
  'predictions.get.mochi-video.failed.json',
  'trainings.create.json',
  'trainings.get.processing.json',
  'trainings.get.succeeded.json',
  'trainings.cancel.json',
  'error-404.training-destination.json',
]);

/** The path `fixtureResponse` and `describeRecordedErrors` take for a Replicate fixture. */
export function replicateFixture(fixture: string): string {
  return LOCAL_FIXTURES.has(fixture)
    ? fileURLToPath(new URL(`../__fixtures__/${fixture}`, import.meta.url))
    : `replicate/${fixture}`;
}

/**
 * A recorded prediction (or training) fixture with some fields replaced:
 * the id (the recorded polls and creates belong to different jobs), the
 * output (pointed at the fake upstream, which serves the file), the logs.
 */
export function predictionResponse(
  fixture: string,
  patch: Record<string, unknown>,
): FakeResponse {
  const response = fixtureResponse(replicateFixture(fixture));
  if (response.type !== 'json') {
    throw new Error(`${fixture} is not a JSON prediction`);
  }
  const body = response.body as Record<string, unknown>;
  return { ...response, body: { ...body, ...patch } };
}
