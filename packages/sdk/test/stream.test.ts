import { startGateway } from './start-gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSwitchyardClient, type TextStreamEvent } from '../src/index';

/** The SDK's `generateStream` against a real server streaming local:echo. */
describe('client.generateStream', () => {
  let gateway: Awaited<ReturnType<typeof startGateway>>;

  beforeAll(async () => {
    gateway = await startGateway(`
auth: { required: false }
store: { url: "sqlite::memory:" }
providers: { local: {} }
routes: { text: { targets: ["local:echo"] } }
`);
  });
  afterAll(() => gateway.close());

  it('should deliver the stream’s typed events with no EventSource given (the fetch-based default)', async () => {
    const client = createSwitchyardClient({ url: gateway.server.url });
    const events = await new Promise<TextStreamEvent[]>((resolve, reject) => {
      const seen: TextStreamEvent[] = [];
      const subscription = client.generateStream.subscribe(
        { type: 'text', prompt: 'stream this please' },
        {
          onData({ data: event }) {
            seen.push(event);
            if (event.type === 'end' || event.type === 'error') {
              subscription.unsubscribe();
              resolve(seen);
            }
          },
          onError: reject,
        },
      );
    });
    expect(events[0]).toMatchObject({
      type: 'attempt-start',
      provider: 'local',
    });
    expect(
      events
        .map((event) => (event.type === 'text-delta' ? event.text : ''))
        .join(''),
    ).toBe('echo: stream this please');
    expect(events.at(-1)).toMatchObject({
      type: 'end',
      provider: 'local',
      model: 'echo',
      finishReason: 'stop',
    });
  });
});
