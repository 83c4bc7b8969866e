import { describe, expect, it } from 'vitest';
import type { FakeCall } from '../fake-upstream-types';
import * as acme from './__fixtures__/acme-media-provider';
import { checkModelAudio } from './audio-checks';
import { describeProviderConformance } from './provider-conformance';
import { resultProblem } from './kind-checks';
import { referencesNotSent } from './reference-checks';

/** A WAV file: 16-bit mono silence at 8 kHz, `seconds` long (built here; fixtures hold no audio). */
function wav(seconds: number): Buffer {
  const data = Buffer.alloc(Math.round(seconds * 8_000) * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8_000, 24);
  header.writeUInt32LE(16_000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz, 417 bytes each) of silence. */
function mp3(frames: number): Buffer {
  const frame = Buffer.alloc(417);
  frame.writeUInt32BE(0xfffb9064, 0);
  return Buffer.concat(Array.from({ length: frames }, () => frame));
}

const PNG_1X1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const binary = (body: Buffer) => ({
  response: {
    type: 'binary' as const,
    headers: { 'content-type': 'audio/wav' },
    body,
  },
});

// The kit run on a provider written for it: every media kind, over HTTP.
describeProviderConformance({
  packageName: 'acme (the kit on a media provider)',
  exports: {
    createAcme: acme.createAcme,
    VERSION: acme.VERSION,
    switchyardProvider: acme.switchyardProvider,
  },
  create: (settings) => acme.createAcme(settings),
  apiKeyVariable: 'ACME_API_KEY',
  speech: {
    modelId: 'voice-1',
    request: { text: 'Hello', format: 'wav' },
    routes: { 'POST /speech': binary(wav(0.5)) },
    firstRoute: 'POST /speech',
  },
  music: {
    modelId: 'tune-1',
    request: { prompt: 'a tune' },
    routes: { 'POST /music': binary(wav(2)) },
    firstRoute: 'POST /music',
  },
  imageEdit: {
    modelId: 'edit-1',
    request: {
      prompt: 'make it red',
      referenceImages: [{ base64: PNG_1X1, mimeType: 'image/png' }],
      mask: {
        base64: PNG_1X1.replace('AAAADUlEQVR42mNk', 'AAAADUlEQVR42mNl'),
        mimeType: 'image/png',
      },
    },
    routes: {
      'POST /edits': {
        response: {
          type: 'json',
          body: [
            { base64: PNG_1X1, mimeType: 'image/png', width: 1, height: 1 },
          ],
        },
      },
    },
    firstRoute: 'POST /edits',
  },
});

describe('checkModelAudio', () => {
  it('should decode WAV and MP3 and measure them', async () => {
    const checks = await Promise.all([
      checkModelAudio({ base64: wav(1.5).toString('base64'), format: 'wav' }),
      checkModelAudio({ base64: mp3(40).toString('base64'), format: 'mp3' }),
    ]);
    expect(checks[0]).toMatchObject({
      ok: true,
      durationMs: 1_500,
      sampleRate: 8_000,
    });
    expect(checks[1]).toMatchObject({ ok: true, sampleRate: 44_100 });
    if (!checks[1]?.ok) throw new Error('mp3 should decode');
    expect(checks[1].durationMs).toBeCloseTo((40 * 1152 * 1000) / 44_100, -1);
  });

  it('should name what is wrong with audio that is not what it says', async () => {
    const wavBase64 = wav(1).toString('base64');
    const checks = await Promise.all([
      checkModelAudio({ base64: wavBase64, format: 'mp3' }),
      checkModelAudio({ base64: '', format: 'wav' }),
      checkModelAudio({ base64: wav(0).toString('base64'), format: 'wav' }),
      checkModelAudio({ base64: 'AAAB', format: 'pcm' }),
      checkModelAudio({ base64: 'AAAAAA==', format: 'pcm', sampleRate: 8_000 }),
      checkModelAudio({ url: 'https://cdn.example/a.mp3', format: 'mp3' }),
      checkModelAudio({
        url: 'https://cdn.example/a.mp3',
        format: 'mp3',
        durationMs: 900,
      }),
      checkModelAudio({ base64: wavBase64 }),
    ]);
    expect(checks.map((check) => check.ok)).toEqual([
      false,
      false,
      false,
      false,
      true,
      false,
      true,
      false,
    ]);
  });
});

describe('resultProblem', () => {
  const audio = (fields: Record<string, unknown>) => ({
    kind: 'speech' as const,
    result: {
      audio: { base64: wav(1).toString('base64'), format: 'wav', ...fields },
      warnings: [],
    },
    request: { text: 'hi' },
  });

  it('should accept audio that decodes as it says, and a duration that matches its bytes', async () => {
    expect(await resultProblem(audio({ durationMs: 1_020 }))).toBeUndefined();
  });

  it('should catch a duration the bytes do not have, and a format not asked for', async () => {
    expect(await resultProblem(audio({ durationMs: 3_000 }))).toContain(
      '3000 ms',
    );
    expect(
      await resultProblem({
        ...audio({}),
        request: { text: 'hi', format: 'mp3' },
      }),
    ).toContain('mp3');
  });
});

describe('referencesNotSent', () => {
  const call = (fields: Partial<FakeCall>): FakeCall => ({
    method: 'POST',
    url: '/edits',
    headers: {},
    bodyText: '',
    bodyBytes: new Uint8Array(),
    bodyJson: undefined,
    remotePort: 1,
    ended: Promise.resolve('completed'),
    ...fields,
  });
  const request = {
    prompt: 'edit',
    referenceImages: [{ base64: PNG_1X1, mimeType: 'image/png' as const }],
    mask: { url: 'https://cdn.example/mask.png' },
  };

  it('should find a reference as raw bytes of a multipart part and a mask by its URL', () => {
    const multipart = Buffer.concat([
      Buffer.from('--b\r\ncontent-type: image/png\r\n\r\n'),
      Buffer.from(PNG_1X1, 'base64'),
      Buffer.from('\r\n--b--'),
    ]);
    const calls = [
      call({ bodyBytes: multipart, bodyText: multipart.toString('utf8') }),
      call({ bodyText: JSON.stringify({ mask_url: request.mask.url }) }),
    ];
    expect(referencesNotSent(calls, request)).toEqual([]);
  });

  it('should name each image that reached no call', () => {
    const calls = [call({ bodyText: JSON.stringify({ prompt: 'edit' }) })];
    expect(referencesNotSent(calls, request)).toEqual([
      'referenceImages[0]',
      'mask',
    ]);
  });
});
