import { fixtureResponse } from '@switchyard/testing';
import type { FakeResponse } from '@switchyard/testing';

/**
 * A recorded prediction fixture with some fields replaced: the id (the
 * recorded polls and creates belong to different predictions) and the output
 * URL (pointed at the fake upstream, which serves the file).
 */
export function predictionResponse(
  fixture: string,
  patch: { id?: string; output?: string | null; status?: string },
): FakeResponse {
  const response = fixtureResponse(`replicate/${fixture}`);
  if (response.type !== 'json') {
    throw new Error(`${fixture} is not a JSON prediction`);
  }
  const body = response.body as Record<string, unknown>;
  return { ...response, body: { ...body, ...patch } };
}
