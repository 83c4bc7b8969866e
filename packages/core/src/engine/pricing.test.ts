import { describe, expect, it } from 'vitest';
import {
  estimateImageCost,
  estimateTextCost,
  imageCost,
  textCost,
} from './cost';
import { applyMarkup, modelPricesSchema } from './pricing';

describe('applyMarkup', () => {
  it('should multiply every unit, and charges should not round float noise up', () => {
    const price = applyMarkup({ perImage: 1_000, perRequest: 10 }, 1.2);
    expect(price).toEqual({ perImage: 1_200, perRequest: 12 });
    const result = { images: [{ mimeType: 'image/png' }], warnings: [] };
    expect(imageCost(applyMarkup({ perImage: 1_000 }, 1.2), result)).toBe(
      1_200,
    );
    expect(imageCost({ perImage: 0.1 * 3 }, result)).toBe(1);
  });
});

describe('text costs', () => {
  it('should charge perCharacter on the input characters, in the estimate and the charge alike', () => {
    const request = { prompt: 'héllo' };
    const cost = { perCharacter: 2, perRequest: 1 };
    expect(
      estimateTextCost(cost, request, { inputTokens: 0, maxOutputTokens: 0 }),
    ).toBe(11);
    expect(
      textCost(
        cost,
        { text: '', finishReason: 'stop', usage: {}, warnings: [] },
        request,
      ),
    ).toBe(11);
  });

  it('should hold input tokens and the output bound it is given', () => {
    expect(
      estimateTextCost(
        { perInputToken: 1, perOutputToken: 2 },
        { prompt: 'hi' },
        { inputTokens: 30, maxOutputTokens: 100 },
      ),
    ).toBe(230);
    expect(estimateImageCost({ perImage: 5 }, { prompt: 'x', n: 4 })).toBe(20);
  });
});

describe('modelPricesSchema', () => {
  it('should refuse a unit it does not know and a negative price', () => {
    expect(
      modelPricesSchema.safeParse({ 'dall-e-3': { perImages: 1 } }).success,
    ).toBe(false);
    expect(
      modelPricesSchema.safeParse({ 'dall-e-3': { perImage: -1 } }).success,
    ).toBe(false);
    expect(
      modelPricesSchema.safeParse({ 'dall-e-3': { perImage: 1.5 } }).success,
    ).toBe(true);
  });
});
