import type { SwitchyardStore } from '@switchyard/core';
import { createSqlStore } from '@switchyard/store-sql';
import {
  createFakeUpstream,
  fixtureResponse,
  type FakeUpstream,
} from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMetrics, type ParsedMetrics } from '../__tests__/prometheus-text';
import {
  configFromYaml,
  createKeyedClient,
  startTestServer,
  type TestServer,
} from '../__tests__/test-server';

const METRICS_TOKEN = 'scrape-token-0123456789';
const PROVIDER_KEYS = ['sk-good-secret-1111', 'sk-bad-secret-2222'];
const PROMPTS = {
  plain: 'the plain prompt about otters',
  fallback: 'the fallback prompt about herons',
  cached: 'the cached prompt about badgers',
  forced: 'the forced prompt about voles',
};
const FORCED_MODEL = 'my-private-finetune-42';
const text = (route: string) => ({ route, type: 'text' as const });

describe('GET /metrics', () => {
  let upstream: FakeUpstream;
  let harness: TestServer;
  let store: SwitchyardStore;
  let clock = 1_700_000_000_000;
  const jobCounts = { calls: 0 };
  let keyId: string;
  let apiKey: string;
  let scraped: ParsedMetrics;
  let scrapedText: string;

  const scrape = async (token?: string) =>
    fetch(`${harness.server.url}/metrics`, {
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });
  const scrapeParsed = async () => {
    const response = await scrape(METRICS_TOKEN);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const body = await response.text();
    return { body, parsed: await parseMetrics(body) };
  };

  beforeAll(async () => {
    upstream = await createFakeUpstream({
      'POST /good/v1/chat/completions': {
        response: fixtureResponse('openai/chat-completions.success.json'),
      },
      'POST /bad/v1/chat/completions': {
        response: fixtureResponse('openai/error-500.server-error.json'),
      },
    });
    // Counts the store's job-count queries, to see scrapes share them.
    const sql = await createSqlStore({ url: 'sqlite::memory:' });
    store = {
      ...sql,
      jobs: {
        ...sql.jobs,
        countByStatus: () => {
          jobCounts.calls += 1;
          return sql.jobs.countByStatus();
        },
      },
    };
    harness = await startTestServer({
      store,
      now: () => clock,
      config: configFromYaml(`
auth: { required: true }
metrics: { token: "${METRICS_TOKEN}" }
pricing: { unknown: free }
providers:
  good:
    use: openai
    apiKey: ${PROVIDER_KEYS[0]}
    baseURL: "${upstream.url}/good/v1"
    prices: { gpt-4o-mini: { perRequest: 7 } }
  bad:
    use: openai
    apiKey: ${PROVIDER_KEYS[1]}
    baseURL: "${upstream.url}/bad/v1"
    prices: { gpt-4o-mini: { perRequest: 7 } }
routes:
  text: { targets: ["good:gpt-4o-mini"], retry: { maxAttempts: 1 } }
  fallback:
    type: text
    targets: ["bad:gpt-4o-mini", "good:gpt-4o-mini"]
    retry: { maxAttempts: 1 }
    breaker: { failureThreshold: 1 }
  cached:
    type: text
    targets: ["good:gpt-4o-mini"]
    cache: { ttlMs: 60000 }
`),
    });
    const keyed = await createKeyedClient(harness, { credits: 1_000 });
    keyId = keyed.id;
    apiKey = keyed.key;
    const { client } = keyed;
    await client.generate.mutate({ ...text('text'), prompt: PROMPTS.plain });
    const fellBack = await client.generate.mutate({
      ...text('fallback'),
      prompt: PROMPTS.fallback,
    });
    expect(fellBack.fallbackUsed).toBe(true);
    await client.generate.mutate({ ...text('cached'), prompt: PROMPTS.cached });
    const hit = await client.generate.mutate({
      ...text('cached'),
      prompt: PROMPTS.cached,
    });
    expect(hit.cached).toBe(true);
    await client.generate.mutate({
      ...text('text'),
      prompt: PROMPTS.forced,
      provider: 'good',
      model: FORCED_MODEL,
    });
    ({ body: scrapedText, parsed: scraped } = await scrapeParsed());
  });
  afterAll(async () => {
    await harness.close();
    await store.close();
    await upstream.close();
  });

  it('should count calls by route, type, provider, model and outcome', () => {
    const calls = (labels: Record<string, string>) =>
      scraped.value('switchyard_calls_total', {
        type: 'text',
        provider: 'good',
        model: 'gpt-4o-mini',
        ...labels,
      });
    expect(scraped.typeOf('switchyard_calls_total')).toBe('counter');
    expect(calls({ route: 'text', outcome: 'success' })).toBe(1);
    expect(calls({ route: 'fallback', outcome: 'success' })).toBe(1);
    expect(calls({ route: 'cached', outcome: 'success' })).toBe(1);
    expect(calls({ route: 'cached', outcome: 'cached' })).toBe(1);
    expect(scraped.labelsOf('switchyard_calls_total')).toHaveLength(5);
  });

  it('should label a model id neither the config nor the catalog names as other', () => {
    expect(
      scraped.value('switchyard_calls_total', {
        route: 'text',
        type: 'text',
        provider: 'good',
        model: 'other',
        outcome: 'success',
      }),
    ).toBe(1);
    expect(scrapedText).not.toContain(FORCED_MODEL);
  });

  it('should count the fallback by its reason, and time both of its attempts', () => {
    expect(
      scraped.value('switchyard_fallbacks_total', {
        route: 'fallback',
        reason: 'server_error',
      }),
    ).toBe(1);
    const attempts = (labels: Record<string, string>) =>
      scraped.histogram('switchyard_attempt_duration_seconds', {
        model: 'gpt-4o-mini',
        type: 'text',
        ...labels,
      })?.count;
    expect(scraped.typeOf('switchyard_attempt_duration_seconds')).toBe(
      'histogram',
    );
    expect(attempts({ provider: 'bad', outcome: 'error' })).toBe(1);
    // text, the fallback's second attempt, and the cache's miss.
    expect(attempts({ provider: 'good', outcome: 'success' })).toBe(3);
  });

  it('should count cache hits and misses, and the credits charged to keys', () => {
    const cache = (result: string) =>
      scraped.value('switchyard_cache_requests_total', {
        route: 'cached',
        result,
      });
    expect([cache('hit'), cache('miss')]).toEqual([1, 1]);
    const cost = (route: string) =>
      scraped.value('switchyard_cost_micro_credits_total', {
        route,
        type: 'text',
        provider: 'good',
      });
    // The forced model is free (pricing.unknown), the cache hit too.
    expect([cost('text'), cost('fallback'), cost('cached')]).toEqual([7, 7, 7]);
  });

  it('should time the gateway’s overhead per call, and show no call in flight', () => {
    const overhead = (route: string) =>
      scraped.histogram('switchyard_gateway_overhead_seconds', {
        route,
        type: 'text',
      })?.count;
    expect([
      overhead('text'),
      overhead('fallback'),
      overhead('cached'),
    ]).toEqual([2, 1, 2]);
    expect(scraped.value('switchyard_in_flight_calls', { type: 'text' })).toBe(
      0,
    );
  });

  it('should show each configured target’s breaker (the failed one open), and the process’s default metrics', () => {
    expect(
      scraped.value('switchyard_breaker_state', { target: 'bad:gpt-4o-mini' }),
    ).toBe(2);
    expect(
      scraped.value('switchyard_breaker_state', { target: 'good:gpt-4o-mini' }),
    ).toBe(0);
    expect(scraped.typeOf('process_cpu_user_seconds_total')).toBe('counter');
  });

  it('should never show a key, a key id, a prompt or a provider credential', () => {
    for (const secret of [
      apiKey,
      keyId,
      ...PROVIDER_KEYS,
      ...Object.values(PROMPTS),
    ]) {
      expect(scrapedText).not.toContain(secret);
    }
  });

  it('should show jobs by status and the queue depth, read from the store at most once a second', async () => {
    const counted = jobCounts.calls;
    const before = (await scrapeParsed()).parsed;
    expect(jobCounts.calls).toBe(counted);
    expect(
      before.labelsOf('switchyard_jobs').map((labels) => labels.status),
    ).toEqual(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
    await store.jobs.create({
      id: 'job_metrics_1',
      keyId,
      input: { type: 'text', prompt: 'queued' },
    });
    clock += 1_000;
    const after = (await scrapeParsed()).parsed;
    expect(jobCounts.calls).toBe(counted + 1);
    expect(after.value('switchyard_jobs', { status: 'queued' })).toBe(
      (before.value('switchyard_jobs', { status: 'queued' }) ?? 0) + 1,
    );
    expect(after.value('switchyard_job_queue_depth')).toBe(
      after.value('switchyard_jobs', { status: 'queued' }),
    );
  });

  it('should show the health states its reader reports (the server wires its monitor)', async () => {
    // The server's own monitor reports from the start.
    expect(scraped.typeOf('switchyard_system_health_state')).toBe('gauge');
    harness.server.metrics?.observeHealth(() => ({
      system: 'degraded',
      targets: [
        { target: 'good:gpt-4o-mini', state: 'healthy' },
        { target: 'bad:gpt-4o-mini', state: 'down' },
        { target: `good:${FORCED_MODEL}`, state: 'degraded' },
      ],
    }));
    const { parsed, body } = await scrapeParsed();
    expect(parsed.value('switchyard_system_health_state')).toBe(1);
    const health = (target: string) =>
      parsed.value('switchyard_health_state', { target });
    expect([
      health('good:gpt-4o-mini'),
      health('bad:gpt-4o-mini'),
      health('good:other'),
    ]).toEqual([0, 2, 1]);
    expect(body).not.toContain(FORCED_MODEL);
  });

  it('should answer 401 without the metrics token or with another one', async () => {
    const missing = await scrape();
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({
      error: expect.stringContaining('metrics.token') as string,
    });
    expect((await scrape('not-the-token')).status).toBe(401);
    // An API key is not the metrics token.
    expect((await scrape(apiKey)).status).toBe(401);
  });
});

describe('GET /metrics with metrics: { enabled: false }', () => {
  it('should not be served', async () => {
    const harness = await startTestServer({
      config: configFromYaml(`
metrics: { enabled: false }
providers: { local: {} }
routes: { text: { targets: ["local:echo"] } }
`),
    });
    try {
      expect((await fetch(`${harness.server.url}/metrics`)).status).toBe(404);
      expect(harness.server.metrics).toBeUndefined();
    } finally {
      await harness.close();
    }
  });
});
