import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  configFromYaml,
  createKeyedClient,
  startTestServer,
  type TestServer,
} from './__tests__/test-server';

describe('listings called with no input', { timeout: 30_000 }, () => {
  let harness: TestServer;
  let client: Awaited<ReturnType<typeof createKeyedClient>>['client'];

  beforeAll(async () => {
    harness = await startTestServer({
      config: configFromYaml(`
auth: { required: true }
providers: { local: {} }
routes:
  text: { targets: ['local:echo'] }
  image: { targets: ['local:procedural'] }
`),
    });
    ({ client } = await createKeyedClient(harness, { credits: 1_000_000 }));
    await client.generate.mutate({ type: 'text', prompt: 'hello' });
    await client.jobs.submit.mutate({ type: 'text', prompt: 'later' });
  });
  afterAll(() => harness.close());

  it('should answer generations.list.query() with the first page', async () => {
    const page = await client.generations.list.query();
    expect(page.items.length).toBeGreaterThanOrEqual(1);
    expect(page.items[0]).toMatchObject({ status: 'succeeded' });
  });

  it('should answer usage.history.query() with the first page', async () => {
    const page = await client.usage.history.query();
    expect(page.items.length).toBeGreaterThanOrEqual(1);
  });

  it('should answer jobs.list.query() with the first page', async () => {
    const page = await client.jobs.list.query();
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).toBeUndefined();
  });

  it('should still take a limit, and default to 20', async () => {
    for (let index = 0; index < 21; index += 1) {
      await client.generate.mutate({ type: 'text', prompt: `call ${index}` });
    }
    expect((await client.generations.list.query()).items).toHaveLength(20);
    expect(
      (await client.generations.list.query({ limit: 2 })).items,
    ).toHaveLength(2);
  });
});
