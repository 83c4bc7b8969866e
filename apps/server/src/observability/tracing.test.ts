import { trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import {
  createFakeUpstream,
  fixtureResponse,
  type FakeSseResponse,
  type FakeUpstream,
} from '@switchyard/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  clientError,
  collectStream,
  configFromYaml,
  startTestServer,
  subscriptionClient,
  type TestServer,
} from '../__tests__/test-server';
import { ATTEMPT_SPAN, CALL_SPAN } from './tracing';

/** Resolves once a span named `name` has ended. */
function spanEnded(
  waiters: Array<(span: ReadableSpan) => void>,
  name: string,
): Promise<ReadableSpan> {
  return new Promise((resolve) => {
    waiters.push((span) => {
      if (span.name === name) resolve(span);
    });
  });
}

describe('OpenTelemetry traces', () => {
  const exporter = new InMemorySpanExporter();
  const waiters: Array<(span: ReadableSpan) => void> = [];
  const notifier: SpanProcessor = {
    onStart: () => undefined,
    onEnd: (span) => waiters.forEach((waiter) => waiter(span)),
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
  let upstream: FakeUpstream;
  let harness: TestServer;

  const spansNamed = (name: string) =>
    exporter.getFinishedSpans().filter((span) => span.name === name);
  const childrenOf = (parent: ReadableSpan) =>
    spansNamed(ATTEMPT_SPAN).filter(
      (span) =>
        span.parentSpanContext?.spanId === parent.spanContext().spanId &&
        span.spanContext().traceId === parent.spanContext().traceId,
    );

  beforeAll(async () => {
    trace.setGlobalTracerProvider(
      new BasicTracerProvider({
        spanProcessors: [new SimpleSpanProcessor(exporter), notifier],
      }),
    );
    upstream = await createFakeUpstream({
      'POST /good/v1/chat/completions': {
        response: ({ request }) =>
          (request.bodyJson as { stream?: boolean }).stream === true
            ? fixtureResponse('openai/chat-completions.stream.txt')
            : fixtureResponse('openai/chat-completions.success.json'),
      },
      'POST /bad/v1/chat/completions': {
        response: fixtureResponse('openai/error-500.server-error.json'),
      },
      // A few parts, then nothing for longer than any test runs.
      'POST /stalled/v1/chat/completions': {
        response: {
          ...(fixtureResponse(
            'openai/chat-completions.stream.txt',
          ) as FakeSseResponse),
          stall: { afterChunks: 3, ms: 600_000 },
        },
      },
    });
    harness = await startTestServer({
      config: configFromYaml(`
providers:
  good: { use: openai, apiKey: sk-good-test, baseURL: "${upstream.url}/good/v1" }
  bad: { use: openai, apiKey: sk-bad-test, baseURL: "${upstream.url}/bad/v1" }
  stalled: { use: openai, apiKey: sk-stalled-test, baseURL: "${upstream.url}/stalled/v1" }
routes:
  text:
    targets: ["bad:gpt-4o-mini", "good:gpt-4o-mini"]
    retry: { maxAttempts: 1 }
    breaker: { failureThreshold: 100 }
  broken:
    type: text
    targets: ["bad:gpt-4o-mini"]
    retry: { maxAttempts: 1 }
    breaker: { failureThreshold: 100 }
  stalled: { type: text, targets: ["stalled:gpt-4o-mini"] }
`),
    });
  });
  afterAll(async () => {
    await harness.close();
    await upstream.close();
    trace.disable();
  });
  beforeEach(() => exporter.reset());

  it('should trace a call that fell back as one call span with an attempt span per target', async () => {
    const result = await harness.client.generate.mutate({
      type: 'text',
      prompt: 'fall back, please',
    });
    expect(result.fallbackUsed).toBe(true);
    const calls = spansNamed(CALL_SPAN);
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.attributes).toMatchObject({
      'switchyard.call_id': result.id,
      'switchyard.route': 'text',
      'switchyard.type': 'text',
      'switchyard.outcome': 'success',
      'switchyard.provider': 'good',
      'switchyard.model': 'gpt-4o-mini',
      'switchyard.cost_micro_credits': 0,
    });
    const attempts = call === undefined ? [] : childrenOf(call);
    expect(attempts.map((span) => span.attributes)).toEqual([
      expect.objectContaining({
        'switchyard.provider': 'bad',
        'switchyard.model': 'gpt-4o-mini',
        'switchyard.attempt': 1,
        'switchyard.outcome': 'error',
        'switchyard.error_code': 'server_error',
        'switchyard.fallback_reason': 'server_error',
        'http.response.status_code': 500,
      }),
      expect.objectContaining({
        'switchyard.provider': 'good',
        'switchyard.model': 'gpt-4o-mini',
        'switchyard.attempt': 1,
        'switchyard.outcome': 'success',
        'switchyard.cost_micro_credits': 0,
      }),
    ]);
    expect(attempts[1]?.attributes).not.toHaveProperty('switchyard.error_code');
    expect(spansNamed(ATTEMPT_SPAN)).toHaveLength(2);
  });

  it('should end the call span of a failed call with its error code', async () => {
    const error = await clientError(
      harness.client.generate.mutate({
        type: 'text',
        prompt: 'this fails',
        route: 'broken',
      }),
    );
    expect(error.data?.code).toBe('server_error');
    const [call] = spansNamed(CALL_SPAN);
    expect(call?.attributes).toMatchObject({
      'switchyard.route': 'broken',
      'switchyard.outcome': 'error',
      'switchyard.error_code': 'server_error',
    });
    expect(call?.status).toMatchObject({ code: 2, message: 'server_error' });
    expect(call === undefined ? [] : childrenOf(call)).toHaveLength(1);
  });

  it('should end a stream’s call span when the stream ends, with its first token', async () => {
    const ended = spanEnded(waiters, CALL_SPAN);
    const events = await collectStream(harness.server.url, {
      type: 'text',
      prompt: 'stream it',
    });
    expect(events.at(-1)?.type).toBe('end');
    const call = await ended;
    expect(call.attributes).toMatchObject({
      'switchyard.stream': true,
      'switchyard.outcome': 'success',
      'switchyard.provider': 'good',
    });
    expect(call.events.map((event) => event.name)).toEqual([
      'fallback',
      'first-token',
    ]);
    expect(childrenOf(call)).toHaveLength(2);
  });

  it('should end a stream’s call span, as cancelled, when its caller goes away mid-stream', async () => {
    const ended = spanEnded(waiters, CALL_SPAN);
    const client = subscriptionClient(harness.server.url);
    await new Promise<void>((resolve, reject) => {
      const subscription = client.generateStream.subscribe(
        { type: 'text', prompt: 'stream then stall', route: 'stalled' },
        {
          onData({ data: event }) {
            if (event.type !== 'text-delta') return;
            subscription.unsubscribe();
            resolve();
          },
          onError: reject,
        },
      );
    });
    const call = await ended;
    expect(call.attributes).toMatchObject({
      'switchyard.route': 'stalled',
      'switchyard.stream': true,
      'switchyard.outcome': 'error',
      'switchyard.error_code': 'cancelled',
    });
    expect(childrenOf(call).map((span) => span.attributes)).toEqual([
      expect.objectContaining({
        'switchyard.provider': 'stalled',
        'switchyard.outcome': 'success',
      }),
    ]);
  });
});
