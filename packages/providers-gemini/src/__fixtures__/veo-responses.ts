// Fixtures: veo.predictLongRunning.json, veo.operation.pending.json,
// veo.operation.done.json and veo.operation.done-rai-filtered.json are
// RECONSTRUCTED from https://ai.google.dev/gemini-api/docs/video (shared
// fixtures, `gemini/`); failed operations are docs-shaped bodies written
// here (a google.rpc.Status). The MP4 is written by @switchyard/testing's
// mp4Bytes.
import {
  fixtureResponse,
  mp4Bytes,
  type FakeBinaryResponse,
  type FakeResponse,
  type FakeRoutes,
  type FakeUpstream,
} from '@switchyard/testing';
import { createGemini } from '../index';

export const KEY = 'AIza-test-key-0123456789';
export const OPERATION = 'models/veo-3.0-generate-001/operations/ld6i6vp968tt';
export const SUBMIT = 'POST /models/veo-3.0-generate-001:predictLongRunning';
export const POLL = `GET /${OPERATION}`;
export const DOWNLOAD = 'GET /files/zsmxt6ue9jk1:download';
/** The download as the fake upstream records it (with its query). */
export const DOWNLOADED = `${DOWNLOAD}?alt=media`;

/** An 8 s 720p MP4 with a sound track, as Veo 3 makes. */
export const MP4 = mp4Bytes({
  durationMs: 8_000,
  width: 1280,
  height: 720,
  fps: 24,
  withAudio: true,
});
export const MP4_BASE64 = Buffer.from(MP4).toString('base64');

export const mp4Answer: FakeBinaryResponse = {
  type: 'binary',
  headers: { 'content-type': 'video/mp4' },
  body: MP4,
};


/** The recorded done operation, its file URI moved to `origin` (the fake upstream). */
export function done(origin: string): FakeResponse {
  const response = fixtureResponse('gemini/veo.operation.done.json');
  return JSON.parse(
    JSON.stringify(response).replace(
      'https://generativelanguage.googleapis.com/v1beta',
      origin,
    ),
  ) as FakeResponse;
}

/** A finished operation that failed: a google.rpc.Status (docs-shaped, written here). */
export const failedOperation = (code: number, message: string): FakeResponse => ({
  type: 'json',
  body: { name: OPERATION, done: true, error: { code, message } },
});

/**
 * The fake Veo API of a whole run: the submit, a pending poll then the done
 * operation (its file URI on the fake upstream, whose address `url` gives
 * once it runs), the MP4.
 */
export function veoRoutes(url: () => string): FakeRoutes {
  return {
    [SUBMIT]: {
      response: fixtureResponse('gemini/veo.predictLongRunning.json'),
    },
    [POLL]: {
      response: ({ callNumber }) =>
        callNumber === 0
          ? fixtureResponse('gemini/veo.operation.pending.json')
          : done(url()),
    },
    [DOWNLOAD]: { response: mp4Answer },
  };
}

/** A Veo model of a Gemini provider on the fake upstream, polling at once. */
export const veoAt = (url: string, modelId = 'veo-3.0-generate-001') =>
  createGemini({ baseURL: url, apiKey: KEY, pollIntervalMs: 1 }).videoModel(
    modelId,
  );

/** The calls the fake upstream saw, as `METHOD /path?query`. */
export const callsOf = (upstream: FakeUpstream) =>
  upstream.calls.map((call) => `${call.method} ${call.url}`);
