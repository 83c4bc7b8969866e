import { fixtureResponse, type FakeResponseSource } from '@switchyard/testing';

/**
 * A presigned-upload answer (init image or dataset image) whose S3 URL
 * points back at the fake upstream that serves it (`/s3-bucket/`), so the
 * upload lands there too.
 */
export function presignedAnswer(
  response: ReturnType<typeof fixtureResponse>,
  key: 'uploadInitImage' | 'uploadDatasetImage',
): FakeResponseSource {
  return ({ request }) => {
    if (response.type !== 'json') throw new Error('expected a JSON fixture');
    const body = response.body as Record<string, object>;
    return {
      ...response,
      body: {
        [key]: {
          ...body[key],
          url: `http://${request.headers.host}/s3-bucket/`,
        },
      },
    };
  };
}

/**
 * The smallest bytes core's image check takes for a PNG: the signature, an
 * IHDR header (2x2) and the IEND chunk; there are no pixels.
 */
export function tinyPng(): Uint8Array {
  const ihdr = [0, 0, 0, 13, ...ascii('IHDR'), 0, 0, 0, 2, 0, 0, 0, 2];
  return Uint8Array.from([
    ...[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    ...ihdr,
    ...[8, 2, 0, 0, 0, 0, 0, 0, 0],
    ...[0, 0, 0, 0, ...ascii('IEND'), 0xae, 0x42, 0x60, 0x82],
  ]);
}

function ascii(text: string): number[] {
  return [...text].map((character) => character.charCodeAt(0));
}
