import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientError,
  configFromYaml,
  createKeyedClient,
  startTestServer,
  type TestServer,
} from './__tests__/test-server';

// Two local instances: `first` leads the image route, `studio` holds the
// trainer. A trained model lives on `studio` only.
const CONFIG = `
auth: { required: true }
providers:
  first: { use: local }
  studio: { use: local }
routes:
  image: { targets: ['first:procedural', 'studio:procedural'] }
  training: { targets: ['studio:style'] }
  styled: { type: image, targets: ['first:procedural'] }
`;

/** A 1×1 PNG. */
const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP438AAAAQBAYDFKhhdAAAAAElFTkSuQmCC';

const TRAINING = {
  type: 'training' as const,
  images: [{ base64: PNG_BASE64, mimeType: 'image/png' as const }],
  triggerWord: 'TOK',
  name: 'red style',
};

describe('trained models', () => {
  let harness: TestServer;
  beforeAll(async () => {
    harness = await startTestServer({ config: configFromYaml(CONFIG) });
  });
  afterAll(() => harness.close());

  it('should send a call naming a trained model to its instance only, for its key only', async () => {
    const owner = await createKeyedClient(harness, { credits: 1_000 });
    const trained = await owner.client.generate.mutate(TRAINING);
    if (trained.type !== 'training') throw new Error('not a training result');
    expect(trained.trainedModel).toMatchObject({
      instance: 'studio',
      name: 'red style',
      triggerWord: 'TOK',
      kind: 'image',
    });
    expect(trained.trainedModel.model).toBe(
      `studio:${trained.trainedModel.modelId}`,
    );

    const image = await owner.client.generate.mutate({
      type: 'image',
      prompt: 'TOK in the snow',
      model: trained.trainedModel.model,
      width: 32,
      height: 32,
    });
    // Not the route's first target: the instance that holds the model, alone.
    expect(image).toMatchObject({
      provider: 'studio',
      model: trained.trainedModel.modelId,
      fallbackUsed: false,
    });
    expect(image.attempts.map((attempt) => attempt.provider)).toEqual([
      'studio',
    ]);

    const stranger = await createKeyedClient(harness, { credits: 1_000 });
    const refused = await clientError(
      stranger.client.generate.mutate({
        type: 'image',
        prompt: 'TOK',
        model: trained.trainedModel.model,
      }),
    );
    expect(refused.data?.code).toBe('not_found');
  });

  it('should serve any other instance:model as that target, never the route’s first', async () => {
    const caller = await createKeyedClient(harness, { credits: 1_000 });
    const image = await caller.client.generate.mutate({
      type: 'image',
      prompt: 'a kite',
      model: 'studio:procedural',
      width: 32,
      height: 32,
    });
    expect(image).toMatchObject({ provider: 'studio', model: 'procedural' });
    const missing = await clientError(
      caller.client.generate.mutate({
        type: 'image',
        prompt: 'a kite',
        model: 'studio:trained-000000-000000-000000-deadbeef0',
      }),
    );
    expect(missing.data?.code).toBe('not_found');
  });

  it('should list the training call in the key’s history like any call', async () => {
    const owner = await createKeyedClient(harness, { credits: 1_000 });
    const trained = await owner.client.generate.mutate(TRAINING);
    const history = await owner.client.generations.list.query({});
    expect(history.items.map((item) => item.id)).toContain(trained.id);
  });
});
