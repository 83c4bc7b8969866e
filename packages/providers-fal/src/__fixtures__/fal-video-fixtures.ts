import { fixtureResponse } from '@switchyard/testing';
import { createFal } from '../index';

// Shared by the video tests. The queue answers are the shared fixtures for a
// Kling video task (`fal/queue.video.*`, rebuilt from fal's queue docs; the
// result body is the recorded fal-ai/ltx-video output). This folder's error
// bodies (`own`) are RECONSTRUCTED from fal's error reference (README.md).
export const own = (name: string) =>
  new URL(`./${name}`, import.meta.url).pathname;
export const ID = 'ad8fd5ba-4c1b-4a6e-9c2b-7f3f0c6b2d11';
export const KLING_T2V = 'fal-ai/kling-video/v2.1/standard/text-to-video';
export const KLING_I2V = 'fal-ai/kling-video/v2.1/standard/image-to-video';
export const SUBMIT = `POST /queue/${KLING_T2V}`;
export const SUBMIT_I2V = `POST /queue/${KLING_I2V}`;
export const APP = '/queue/fal-ai/kling-video/requests';
export const STATUS = `GET ${APP}/${ID}/status`;
export const RESULT = `GET ${APP}/${ID}`;
export const CANCEL = `PUT ${APP}/${ID}/cancel`;
export const INITIATE = 'POST /storage/storage/upload/initiate';
export const PUT_FRAME = 'PUT /upload/first-frame';
export const VIDEO_URL =
  'https://v3.fal.media/files/kangaroo/IZn0hEJxd5OoapfNX6rSq_tmpfperp_j6.mp4';
export const PNG_BASE64 = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3,
]).toString('base64');

export const fal = (url: string, extra: Parameters<typeof createFal>[0] = {}) =>
  createFal({
    baseURL: `${url}/run`,
    queueURL: `${url}/queue`,
    storageURL: `${url}/storage`,
    pollIntervalMs: 1,
    apiKey: 'fal-secret-key',
    ...extra,
  });

export const calls = (upstream: { calls: { method: string; url: string }[] }) =>
  upstream.calls.map((call) => `${call.method} ${call.url}`);

/** The recorded status polls of a queue job: in queue, in progress, completed. */
export const queueStatuses = () => [
  fixtureResponse('fal/queue.2-status.in-queue.json'),
  fixtureResponse('fal/queue.3-status.in-progress.json'),
  fixtureResponse('fal/queue.4-status.completed.json'),
];

export const queueRoutes = () => ({
  [SUBMIT]: { response: fixtureResponse('fal/queue.video.1-submit.json') },
  [SUBMIT_I2V]: {
    response: fixtureResponse('fal/queue.video.1-submit.json'),
  },
  [STATUS]: {
    response: [
      fixtureResponse('fal/queue.2-status.in-queue.json'),
      fixtureResponse('fal/queue.video.2-status.in-progress.json'),
      fixtureResponse('fal/queue.video.3-status.completed.json'),
    ],
  },
  [RESULT]: { response: fixtureResponse('fal/queue.video.4-result.json') },
  [CANCEL]: {
    response: { type: 'json' as const, status: 202, body: { status: 'OK' } },
  },
});

