import { isValidModelId, trainedModelSchema } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import {
  falLoraModelId,
  falLoraWeightsUrl,
  isFalLoraModelId,
} from './fal-lora';

const WEIGHTS =
  'https://storage.googleapis.com/fal-flux-lora/728f7b04bf3a4736a10d3c6a6329a8f2_pytorch_lora_weights.safetensors';

describe('fal LoRA model ids', () => {
  it('should name weights by a valid model id under 256 characters that decodes back to the URL', () => {
    for (const url of [
      WEIGHTS,
      'https://v3.fal.media/files/kangaroo/IZn0hEJxd5OoapfNX6rSq_pytorch_lora_weights.safetensors',
    ]) {
      const modelId = falLoraModelId(url, 'fal');
      expect(modelId.startsWith('fal-ai/flux-lora@')).toBe(true);
      expect(modelId.length).toBeLessThanOrEqual(256);
      expect(isValidModelId(modelId)).toBe(true);
      expect(isFalLoraModelId(modelId)).toBe(true);
      expect(falLoraWeightsUrl(modelId, 'fal')).toBe(url);
      // What the gateway names it: `instance:model-id`.
      const named = trainedModelSchema.safeParse({
        model: `fal:${modelId}`,
        instance: 'fal',
        modelId,
        kind: 'image',
        name: 'dog',
        triggerWord: 'sks',
        weightsUrl: url,
      });
      expect(named.success).toBe(true);
    }
  });

  it('should refuse weights it cannot name: not https, or too long for a model id', () => {
    expect(() =>
      falLoraModelId('http://x.example/w.safetensors', 'fal'),
    ).toThrow(expect.objectContaining({ code: 'invalid_response' }));
    const long = `https://v3.fal.media/files/${'a'.repeat(160)}.safetensors`;
    expect(() => falLoraModelId(long, 'fal')).toThrow(
      expect.objectContaining({ code: 'invalid_response' }),
    );
  });

  it('should refuse ids that are not base64url of an https URL', () => {
    for (const modelId of [
      'fal-ai/flux-lora@',
      'fal-ai/flux-lora@a=b',
      `fal-ai/flux-lora@${Buffer.from('ftp://x/y').toString('base64url')}`,
      `fal-ai/flux-lora@${Buffer.from(WEIGHTS).toString('base64')}==`,
    ]) {
      expect(() => falLoraWeightsUrl(modelId, 'fal')).toThrow(
        expect.objectContaining({ code: 'invalid_request' }),
      );
    }
    expect(isFalLoraModelId('fal-ai/flux-lora')).toBe(false);
  });
});
