import {
  createFakeUpstream,
  type FakeResponse,
  type FakeUpstream,
} from '@switchyard/testing';
import {
  afterAll,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  vi,
} from 'vitest';
import {
  clientError,
  configFromYaml,
  createKeyedClient,
  startTestServer,
  type TestServer,
} from './__tests__/test-server';
import { hashRequest } from './gateway/idempotency';

/** A whole 16×16 PNG. */
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAF0lEQVR4nGP4z8BAEiJN9aiGUQ1DSgMAkPn/Afnh+ngAAAAASUVORK5CYII=';
const CREDITS = 10_000_000;

/** An OpenAI-style images answer. */
const imagesAnswer = (data: unknown[]): FakeResponse => ({
  type: 'json',
  body: { created: 1_700_000_000, data },
});
/** 200 with an image that has neither `b64_json` nor `url`. */
const EMPTY_IMAGE = imagesAnswer([{ revised_prompt: 'a fox' }]);
const VALID_IMAGE = imagesAnswer([{ b64_json: PNG }]);
/** 200 with a PNG cut after its header. */
const CUT_IMAGE = imagesAnswer([{ b64_json: PNG.slice(0, 60) }]);

describe('the result check, through the server', () => {
  let upstream: FakeUpstream;
  let harness: TestServer;
  let answers: { primary: FakeResponse; backup: FakeResponse };

  beforeAll(async () => {
    upstream = await createFakeUpstream({
      'POST /primary/v1/images/generations': {
        response: () => answers.primary,
      },
      'POST /backup/v1/images/generations': { response: () => answers.backup },
    });
    harness = await startTestServer({
      config: configFromYaml(`
auth: { required: true }
providers:
  openai: { apiKey: sk-primary-test, baseURL: "${upstream.url}/primary/v1" }
  backup: { use: openai, apiKey: sk-backup-test, baseURL: "${upstream.url}/backup/v1" }
routes:
  image:
    targets: ["openai:dall-e-3", "backup:dall-e-3"]
    retry: { maxAttempts: 1 }
    breaker: { failureThreshold: 100 }
  solo:
    type: image
    targets: ["openai:dall-e-3"]
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 }
    breaker: { failureThreshold: 100 }
`),
    });
  });
  afterAll(async () => {
    await harness.close();
    await upstream.close();
  });
  beforeEach(() => {
    upstream.reset();
    answers = { primary: EMPTY_IMAGE, backup: VALID_IMAGE };
  });

  it('should fall back when a 200 carries an image without data, and say why in the attempts', async () => {
    const { client } = await createKeyedClient(harness, { credits: CREDITS });
    const result = await client.generate.mutate({
      type: 'image',
      prompt: 'a fox',
    });
    expect(result).toMatchObject({
      type: 'image',
      provider: 'backup',
      fallbackUsed: true,
      attempts: [
        { provider: 'openai', outcome: 'error', code: 'invalid_response' },
        { provider: 'backup', outcome: 'success' },
      ],
    });
    expect(result.type === 'image' && result.images).toEqual([
      expect.objectContaining({
        base64: PNG,
        mimeType: 'image/png',
        width: 16,
        height: 16,
      }),
    ]);
  });

  it('should answer invalid_response (502, not a 500), retried, charging and storing nothing, when nothing can fall back', async () => {
    const { id, client } = await createKeyedClient(harness, {
      credits: CREDITS,
    });
    const error = await clientError(
      client.generate.mutate({
        type: 'image',
        prompt: 'a fox',
        route: 'solo',
        idempotencyKey: 'fox-1',
      }),
    );
    expect(error.data).toMatchObject({
      code: 'invalid_response',
      trpcCode: 'BAD_GATEWAY',
      httpStatus: 502,
      attempts: [
        expect.objectContaining({ code: 'invalid_response' }),
        expect.objectContaining({ code: 'invalid_response' }),
      ],
    });
    expect(error.message).toMatch(/neither base64 data nor a URL/);
    expect(await harness.store.ledger.balance(id)).toMatchObject({
      balance: CREDITS,
      reserved: 0,
    });
    const recorded = await harness.store.generations.list({
      keyId: id,
      limit: 10,
    });
    expect(recorded.map((entry) => [entry.status, entry.errorCode])).toEqual([
      ['failed', 'invalid_response'],
    ]);

    // The key was not burned: once the upstream answers properly, the same
    // key runs the call and charges it once.
    answers.primary = VALID_IMAGE;
    const retried = await client.generate.mutate({
      type: 'image',
      prompt: 'a fox',
      route: 'solo',
      idempotencyKey: 'fox-1',
    });
    expect(retried).toMatchObject({ provider: 'openai', fallbackUsed: false });
    expect(retried.cost.microCredits).toBeGreaterThan(0);
    expect((await harness.store.ledger.balance(id)).balance).toBe(
      CREDITS - retried.cost.microCredits,
    );
  });

  it('should refuse a cut inline image like a missing one', async () => {
    const { client } = await createKeyedClient(harness, { credits: CREDITS });
    answers.primary = CUT_IMAGE;
    const error = await clientError(
      client.generate.mutate({ type: 'image', prompt: 'a fox', route: 'solo' }),
    );
    expect(error.data?.code).toBe('invalid_response');
    expect(error.message).toMatch(/cut short/);
  });

  it('should fail only the batch item whose result is invalid', async () => {
    const { client } = await createKeyedClient(harness, { credits: CREDITS });
    answers.primary = CUT_IMAGE;
    const batch = await client.generateBatch.mutate({
      items: [
        { type: 'image', prompt: 'a fox' },
        { type: 'image', prompt: 'a fox', route: 'solo' },
      ],
      continueOnError: true,
    });
    expect(batch).toMatchObject({ succeeded: 1, failed: 1 });
    expect(batch.items[0]).toMatchObject({
      ok: true,
      result: { provider: 'backup' },
    });
    expect(batch.items[1]).toMatchObject({
      ok: false,
      error: { code: 'invalid_response' },
    });
  });

  it('should fail a job whose result is invalid, and keep jobs.list working', async () => {
    const { id, client } = await createKeyedClient(harness, {
      credits: CREDITS,
    });
    const job = await client.jobs.submit.mutate({
      type: 'image',
      prompt: 'a fox',
      route: 'solo',
    });
    const failed = await vi.waitFor(
      async () => {
        const current = await client.jobs.get.query({ id: job.id });
        expect(current.status).toBe('failed');
        return current;
      },
      { timeout: 10_000 },
    );
    expect(failed.error?.code).toBe('invalid_response');
    expect(failed.result).toBeUndefined();

    // A job stored `succeeded` with a result that is not one (as before the
    // result check) is listed without it, and does not break the list.
    await harness.store.jobs.create({
      id: 'job_stored_before_the_check',
      keyId: id,
      input: { type: 'image', prompt: 'a fox' },
    });
    await harness.store.jobs.claim({
      id: 'job_stored_before_the_check',
      owner: 'test',
      leaseMs: 60_000,
    });
    await harness.store.jobs.update({
      id: 'job_stored_before_the_check',
      owner: 'test',
      changes: {
        status: 'succeeded',
        result: { type: 'image', images: [], provider: 'openai' },
      },
    });
    const listed = await client.jobs.list.query({ limit: 10 });
    expect(listed.items.map((item) => [item.id, item.status])).toEqual(
      expect.arrayContaining([
        [job.id, 'failed'],
        ['job_stored_before_the_check', 'succeeded'],
      ]),
    );
    const stored = listed.items.find(
      (item) => item.id === 'job_stored_before_the_check',
    );
    expect(stored?.error?.code).toBe('invalid_response');
    expect(stored?.result).toBeUndefined();
  });

  it('should answer a repeat of an idempotency key whose stored result is not one with invalid_response, not a 500', async () => {
    const { id, client } = await createKeyedClient(harness, {
      credits: CREDITS,
    });
    const input = {
      type: 'image' as const,
      prompt: 'a fox',
      idempotencyKey: 'stored-before-the-check',
    };
    // A call recorded `succeeded` with an empty result, as before the check.
    const begun = await harness.store.generations.begin({
      id: 'gen_stored_before_the_check',
      keyId: id,
      idempotencyKey: input.idempotencyKey,
      requestHash: hashRequest(input),
      route: 'image',
      owner: 'an-older-gateway',
      ttlMs: 60_000,
    });
    expect(begun).toEqual({ created: true });
    await harness.store.generations.finish('gen_stored_before_the_check', {
      status: 'succeeded',
      provider: 'openai',
      model: 'dall-e-3',
      costMicroCredits: 0,
      result: { type: 'image', images: [], provider: 'openai' },
      attempts: [],
    });
    const error = await clientError(client.generate.mutate(input));
    expect(error.data).toMatchObject({
      code: 'invalid_response',
      httpStatus: 502,
    });
    expect(error.message).toContain('new key');
    expect(upstream.calls).toHaveLength(0);
  });
});
