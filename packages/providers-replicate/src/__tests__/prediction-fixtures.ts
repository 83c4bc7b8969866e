import { fixtureResponse } from '@switchyard/testing';
import type { FakeResponse } from '@switchyard/testing';

/**
 * A recorded prediction (or training) fixture of `replicate/` with some
 * fields replaced: the id (the recorded polls and creates belong to
 * different jobs), the output (pointed at the fake upstream, which serves
 * the file), the logs.
 */
export function predictionResponse(
  fixture: string,
  patch: Record<string, unknown>,
): FakeResponse {
  const response = fixtureResponse(`replicate/${fixture}`);
  if (response.type !== 'json') {
    throw new Error(`${fixture} is not a JSON prediction`);
  }
  const body = response.body as Record<string, unknown>;
  return { ...response, body: { ...body, ...patch } };
}
