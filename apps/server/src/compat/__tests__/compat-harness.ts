import type { ApiKeyLimits } from '@switchyard/core';
import type { TestServer } from '../../__tests__/test-server';

/** A fetch to the test server's `/v1` routes, JSON in, with a key as Bearer (or `x-api-key`). */
export function compatClient(harness: () => TestServer) {
  const url = (path: string) => `${harness().server.url}${path}`;
  return {
    post(
      path: string,
      body: unknown,
      options: {
        key?: string;
        apiKeyHeader?: boolean;
        headers?: Record<string, string>;
      } = {},
    ): Promise<Response> {
      return fetch(url(path), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...credential(options),
          ...options.headers,
        },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    },
    get(
      path: string,
      options: { key?: string; headers?: Record<string, string> } = {},
    ): Promise<Response> {
      return fetch(url(path), {
        headers: { ...credential(options), ...options.headers },
      });
    },
    async newKey(
      options: { credits?: number; limits?: ApiKeyLimits } = {},
    ): Promise<{ key: string; id: string }> {
      const { key, record } = await harness().store.apiKeys.create({
        name: 'compat',
        credits: options.credits ?? 1_000_000,
        limits: options.limits,
      });
      return { key, id: record.id };
    },
  };
}

function credential(options: {
  key?: string;
  apiKeyHeader?: boolean;
}): Record<string, string> {
  if (options.key === undefined) return {};
  return options.apiKeyHeader === true
    ? { 'x-api-key': options.key }
    : { authorization: `Bearer ${options.key}` };
}

/** The `data:` payloads of a server-sent event stream, with each event's name. */
export async function readEvents(
  response: Response,
): Promise<Array<{ event?: string; data: string }>> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines
        .find((line) => line.startsWith('event: '))
        ?.slice('event: '.length);
      const data = lines
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice('data: '.length))
        .join('\n');
      return { event, data };
    });
}

/** The `x-switchyard-*` headers of an answer. */
export function switchyardHeadersOf(
  response: Response,
): Record<string, string | null> {
  return {
    provider: response.headers.get('x-switchyard-provider'),
    fallback: response.headers.get('x-switchyard-fallback'),
    attempts: response.headers.get('x-switchyard-attempts'),
    cost: response.headers.get('x-switchyard-cost'),
  };
}
