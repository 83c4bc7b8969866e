import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createLogger,
  createServer,
  type SwitchyardServer,
} from '@switchyard/server';
import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSwitchyardClient, type TextStreamEvent } from '../src/index';

/** A local echo that takes a minute to answer: the stream is open when the server stops. */
const SLOW = `
auth: { required: false }
store: { url: "sqlite::memory:" }
providers: { slow: { use: local, faults: { rate: 0, latencyMs: 60000 } } }
routes: { text: { targets: ["slow:echo"], retry: { maxAttempts: 1 } } }
`;

/** The replacement answers at once: a stream run again on it would end. */
const FAST = `
auth: { required: false }
store: { url: "sqlite::memory:" }
providers: { local: {} }
routes: { text: { targets: ["local:echo"] } }
`;

/** Issue 11: a stream whose server stops is told so, and is not run again by the next server. */
describe('client.generateStream when its server stops', () => {
  let directory: string;
  const servers: SwitchyardServer[] = [];
  let attemptStarts = 0;

  const start = async (options: { yaml: string; port: number }) => {
    const file = join(directory, `switchyard-${servers.length}.yaml`);
    await writeFile(file, options.yaml);
    const server = await createServer({
      port: options.port,
      environment: { SWITCHYARD_CONFIG: file },
      logger: createLogger({ level: 'silent' }),
    });
    server.gateway.onEvent((event) => {
      if (event.type === 'attempt-start') attemptStarts += 1;
    });
    servers.push(server);
    return server;
  };

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'switchyard-sdk-'));
  });
  afterAll(async () => {
    for (const server of servers) await server.close({ graceMs: 0 });
    await rm(directory, { recursive: true, force: true });
  });

  it('should end the stream with a cancelled error event and stop, not run it again on the server that takes over', async () => {
    const first = await start({ yaml: SLOW, port: 0 });
    // The `EventSource` option, given explicitly: the same class as the default.
    const client = createSwitchyardClient({ url: first.url, EventSource });
    const events: TextStreamEvent[] = [];
    let started: () => void = () => undefined;
    const attemptStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    const stopped = new Promise<void>((resolve, reject) => {
      client.generateStream.subscribe(
        { type: 'text', prompt: 'goodbye' },
        {
          onData({ data: event }) {
            events.push(event);
            if (event.type === 'attempt-start') started();
          },
          // The consumer never unsubscribes: the stream must stop by itself.
          onComplete: resolve,
          onError: reject,
        },
      );
    });
    await attemptStarted;

    await first.close({ graceMs: 0 });
    // Another server comes up at the same address, as a restart would.
    await start({ yaml: FAST, port: first.port });
    await stopped;

    expect(events.map((event) => event.type)).toEqual([
      'attempt-start',
      'error',
    ]);
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      code: 'cancelled',
      message: expect.stringMatching(/server is shutting down/),
      incomplete: false,
      delivered: '',
    });
    expect(attemptStarts).toBe(1);
  }, 15_000);
});
