import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, httpLink } from '@trpc/client';
import { createFakeUpstream, type FakeUpstream } from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMain } from '../__tests__/server-process';
import type { AppRouter } from '../router';
import { tracingRequested } from './start-tracing';

describe('tracingRequested', () => {
  it('should ask for traces when an exporter or an OTLP endpoint is set', () => {
    expect(tracingRequested({})).toBe(false);
    expect(tracingRequested({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe(true);
    expect(tracingRequested({ OTEL_TRACES_EXPORTER: 'console' })).toBe(true);
    expect(
      tracingRequested({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
      }),
    ).toBe(true);
    expect(
      tracingRequested({
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces',
      }),
    ).toBe(true);
  });

  it('should not when traces are turned off, whatever else is set', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' };
    expect(tracingRequested({ ...endpoint, OTEL_SDK_DISABLED: 'true' })).toBe(
      false,
    );
    expect(
      tracingRequested({ ...endpoint, OTEL_TRACES_EXPORTER: 'none' }),
    ).toBe(false);
    expect(tracingRequested({ OTEL_TRACES_EXPORTER: ' ' })).toBe(false);
  });
});

describe('main with OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  let directory: string;
  let collector: FakeUpstream;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'switchyard-otel-'));
    collector = await createFakeUpstream({
      'POST /v1/traces': { response: { type: 'json', body: {} } },
    });
  });
  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await collector.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('should send a call’s spans to the collector, flushed when it shuts down', async () => {
    const file = join(directory, 'local.yaml');
    await writeFile(
      file,
      `
auth: { required: false }
providers: { local: {} }
routes: { text: { targets: ["local:echo"] } }
`,
    );
    const main = startMain({
      SWITCHYARD_CONFIG: file,
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    });
    children.push(main.child);
    await main.waitFor((line) => line.msg === 'OpenTelemetry tracing started');
    const listening = await main.waitFor(
      (line) => typeof line.url === 'string',
    );
    const client = createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${listening.url as string}/trpc` })],
    });
    const result = await client.generate.mutate({
      type: 'text',
      prompt: 'trace me',
    });
    main.child.kill('SIGTERM');
    expect(await main.exited).toBe(0);

    const exported = collector.calls.map((call) => call.bodyText).join('\n');
    expect(exported).toContain('switchyard.generate');
    expect(exported).toContain('switchyard.attempt');
    expect(exported).toContain(result.id);
    expect(exported).toContain('"switchyard"');
    expect(exported).not.toContain('trace me');
  }, 30_000);
});
