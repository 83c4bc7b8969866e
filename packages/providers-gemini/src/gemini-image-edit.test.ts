import type { ImageRequest } from '@switchyard/core';
import { fixtureResponse } from '@switchyard/testing';
import { useFakeUpstream } from '@switchyard/testing/conformance';
import { describe, expect, it } from 'vitest';
import { createGemini } from './index';

// generateContent.image-edit.json: the response is a recorded
// gemini-2.5-flash-image answer (image replaced by a 1×1 PNG); the request
// form it documents (text + inlineData) is RECONSTRUCTED from the docs.
const IMAGE = 'POST /models/gemini-2.5-flash-image:generateContent';
const IMAGEN = 'POST /models/imagen-4.0-generate-001:predict';
const CAT_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVQYV2NgAAIAAAUAAarVyFEAAAAASUVORK5CYII=';
const SCARF_JPEG = '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAP8=';

describe('GeminiImageModel edits', () => {
  const upstream = useFakeUpstream({
    [IMAGE]: {
      response: fixtureResponse('gemini/generateContent.image-edit.json'),
    },
    [IMAGEN]: {
      response: fixtureResponse('gemini/imagen-predict.success.json'),
    },
  });
  const gemini = () => createGemini({ baseURL: upstream.url, apiKey: 'k' });
  const edit = (request: Partial<ImageRequest>) =>
    gemini()
      .imageModel('gemini-2.5-flash-image')
      .generate(
        {
          prompt: 'Add a small red scarf to the animal in this picture.',
          ...request,
        },
        {},
      );

  it('should send every reference image inline beside the instruction', async () => {
    const result = await edit({
      referenceImages: [
        { base64: CAT_PNG, mimeType: 'image/png' },
        { base64: SCARF_JPEG, mimeType: 'image/jpeg' },
      ],
    });
    expect(upstream.calls[0]?.bodyJson).toEqual({
      contents: [
        {
          role: 'user',
          parts: [
            { text: 'Add a small red scarf to the animal in this picture.' },
            { inlineData: { mimeType: 'image/png', data: CAT_PNG } },
            { inlineData: { mimeType: 'image/jpeg', data: SCARF_JPEG } },
          ],
        },
      ],
      generationConfig: { responseModalities: ['TEXT', 'IMAGE'] },
    });
    expect(result.images).toEqual([
      expect.objectContaining({
        mimeType: 'image/png',
        base64: expect.stringMatching(/^iVBORw0KGgo/),
      }),
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('should refuse a reference given by URL with unsupported, before any call', async () => {
    await expect(
      edit({ referenceImages: [{ url: 'https://example.com/cat.png' }] }),
    ).rejects.toMatchObject({
      code: 'unsupported',
      message: expect.stringContaining('send the image as base64'),
    });
    expect(upstream.calls).toHaveLength(0);
  });

  it('should refuse a mask with unsupported, before any call', async () => {
    await expect(
      edit({
        referenceImages: [{ base64: CAT_PNG, mimeType: 'image/png' }],
        mask: { base64: CAT_PNG, mimeType: 'image/png' },
      }),
    ).rejects.toMatchObject({ code: 'unsupported' });
    expect(upstream.calls).toHaveLength(0);
  });

  it('should refuse an edit on Imagen rather than ignore the reference', async () => {
    await expect(
      gemini()
        .imageModel('imagen-4.0-generate-001')
        .generate(
          {
            prompt: 'a cat',
            referenceImages: [{ base64: CAT_PNG, mimeType: 'image/png' }],
          },
          {},
        ),
    ).rejects.toMatchObject({ code: 'unsupported' });
    expect(upstream.calls).toHaveLength(0);
  });

  it('should say which models edit, and how many images they take', () => {
    const capabilities = Object.fromEntries(
      gemini()
        .listModels()
        .filter((info) => info.kind === 'image')
        .map((info) => [info.id, info.capabilities]),
    );
    expect(capabilities['gemini-2.5-flash-image']).toMatchObject({
      referenceImages: true,
      maxReferenceImages: 3,
      mask: false,
    });
    expect(
      capabilities['imagen-4.0-generate-001'] as { referenceImages?: boolean },
    ).not.toHaveProperty('referenceImages', true);
  });
});
