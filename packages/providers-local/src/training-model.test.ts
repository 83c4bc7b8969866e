import { describeModelConformance } from '@switchyard/testing/conformance';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { createLocal } from './local-provider';

/** A PNG of one colour, as base64. */
function solid(color: [number, number, number]): string {
  const image = new PNG({ width: 32, height: 32 });
  for (let offset = 0; offset < image.data.length; offset += 4) {
    image.data.set([...color, 255], offset);
  }
  return PNG.sync.write(image).toString('base64');
}

/** The average colour of a PNG given as base64. */
function averageColor(base64: string): [number, number, number] {
  const image = PNG.sync.read(Buffer.from(base64, 'base64'));
  const sum = [0, 0, 0];
  for (let offset = 0; offset < image.data.length; offset += 4) {
    for (const channel of [0, 1, 2]) {
      sum[channel] = (sum[channel] ?? 0) + (image.data[offset + channel] ?? 0);
    }
  }
  const pixels = image.data.length / 4;
  return sum.map((total) => total / pixels) as [number, number, number];
}

const distance = (a: number[], b: number[]) =>
  Math.hypot(...a.map((value, index) => value - (b[index] ?? 0)));

const photos = (color: [number, number, number]) => [
  { base64: solid(color), mimeType: 'image/png' as const },
  {
    base64: solid(
      color.map((c) => Math.min(255, c + 20)) as [number, number, number],
    ),
    mimeType: 'image/png' as const,
  },
];

async function train(color: [number, number, number], triggerWord = 'TOK') {
  const local = createLocal();
  const trainer = local.trainingModel?.('style');
  if (trainer === undefined) throw new Error('no local trainer');
  return trainer.generate(
    { images: photos(color), triggerWord, name: 'my style' },
    {},
  );
}

describe('local training', () => {
  it('should name a trained model whose pictures carry the photos’ colours', async () => {
    const trained = await train([200, 30, 30]);
    const local = createLocal();
    const prompt = 'a lighthouse at dusk';
    const styled = await local
      .imageModel(trained.trainedModel.modelId)
      .generate({ prompt, seed: 7, width: 64, height: 64 }, {});
    const plain = await local
      .imageModel('procedural')
      .generate({ prompt, seed: 7, width: 64, height: 64 }, {});
    const red: [number, number, number] = [200, 30, 30];
    const styledColor = averageColor(styled.images[0]?.base64 ?? '');
    // The trained model's picture sits near the photos' colour, far nearer
    // than the untrained model's picture of the same prompt and seed.
    expect(distance(styledColor, red)).toBeLessThan(60);
    expect(
      distance(averageColor(plain.images[0]?.base64 ?? ''), red),
    ).toBeGreaterThan(distance(styledColor, red) + 40);
    expect(styled.modelId).toBe(trained.trainedModel.modelId);
  });

  it('should give other photos another model, and the same photos the same one', async () => {
    const red = await train([200, 30, 30]);
    const blue = await train([20, 40, 210]);
    expect(blue.trainedModel.modelId).not.toBe(red.trainedModel.modelId);
    expect((await train([200, 30, 30])).trainedModel.modelId).toBe(
      red.trainedModel.modelId,
    );
    expect(red.steps).toBe(100);
  });

  it('should refuse a training image it cannot read, and a URL (it is offline)', async () => {
    const trainer = createLocal().trainingModel?.('style');
    await expect(
      trainer?.generate(
        {
          images: [
            {
              // A PNG cut off after its header.
              base64: Buffer.from(solid([1, 2, 3]), 'base64')
                .subarray(0, 40)
                .toString('base64'),
              mimeType: 'image/png',
            },
          ],
          triggerWord: 'TOK',
          name: 'x',
        },
        {},
      ),
    ).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(
      trainer?.generate(
        {
          images: [{ url: 'https://example.com/a.png' }],
          triggerWord: 'TOK',
          name: 'x',
        },
        {},
      ),
    ).rejects.toMatchObject({ code: 'unsupported' });
  });

  it('should not serve a trained-looking id it did not make up to the form', () => {
    expect(() => createLocal().imageModel('trained-zzz')).toThrow(/no model/);
  });
});

describeModelConformance({
  name: 'local training',
  kind: 'training',
  modelId: 'style',
  model: () => createLocal().trainingModel('style'),
  request: { images: photos([10, 200, 10]), triggerWord: 'TOK', name: 'green' },
  listModels: () => createLocal().listModels(),
});
