import { randomUUID } from 'node:crypto';
import {
  createFakeUpstream,
  fixtureResponse,
  type FakeCall,
  type FakeJsonResponse,
  type FakeResponse,
  type FakeUpstream,
} from '@switchyard/testing';

// Fixtures, from the provider packages' own copies (their READMEs say what
// each is): fal's video queue (submit, IN_PROGRESS with logs, COMPLETED,
// rebuilt from fal's queue docs), its 500 model failure (rebuilt from fal's
// error reference), the flux-lora-fast-training result (a captured body) and
// the shared queue fixtures of @switchyard/testing (IN_QUEUE at position 2,
// submit, an image result); Replicate's Mochi prediction (created with
// `Prefer: wait` and still processing, then succeeded: derived from a
// recording). Ids and URLs are rewritten to the fake's; the MP4s are made
// by core's test writer (a real container; see video-samples.ts).

const fal = (name: string) => fixtureResponse(`fal/${name}`);
const replicate = (name: string) => fixtureResponse(`replicate/${name}`);

/** The fal models the fake queue serves. */
export const MODELS = {
  klingText: 'fal-ai/kling-video/v2.1/standard/text-to-video',
  klingImage: 'fal-ai/kling-video/v2.1/standard/image-to-video',
  trainer: 'fal-ai/flux-lora-fast-training',
  lora: 'fal-ai/flux-lora',
  schnell: 'fal-ai/flux/schnell',
  mochi: 'genmoai/mochi-1',
} as const;

/** Where each fake host lives under the one fake server. */
export const PREFIX = {
  falQueue: '/fal-queue',
  /** The second fal instance (`fal-eu`), which must never be called by a pinned call. */
  falEuQueue: '/fal-eu-queue',
  falStorage: '/fal-storage',
  replicate: '/replicate/v1',
} as const;

/** Hosted files, as `GET path`. */
export const MEDIA = {
  klingText: '/fal-media/kling-text.mp4',
  klingImage: '/fal-media/kling-image.mp4',
  mochi: '/replicate-delivery/mochi/output.mp4',
} as const;

/** The weights URL of the training fixture: what `loras[0].path` must be. */
export const WEIGHTS_URL =
  'https://storage.googleapis.com/fal-flux-lora/728f7b04bf3a4736a10d3c6a6329a8f2_pytorch_lora_weights.safetensors';

/** Where the Kling text-to-video task stands, as the test moves it. */
export type KlingStep = 'queued' | 'running' | 'completed';

/** One task submitted to the fake fal queue. */
export interface FalTask {
  id: string;
  model: string;
  body: unknown;
  /** Status polls so far. */
  polls: number;
}

/** The fake upstreams of one gateway, steered by the test. */
export interface VideoUpstream {
  upstream: FakeUpstream;
  /** `METHOD path` of every call so far. */
  calls(): string[];
  /** The calls to one `METHOD path`. */
  callsTo(route: string): FakeCall[];
  /** Calls whose path starts with `prefix`. */
  callsUnder(prefix: string): FakeCall[];
  /** Tasks submitted to fal's queue (`fal` instance), in order. */
  falTasks: FalTask[];
  /** Resolves at the first status poll of a task of `model` submitted after the first `since` tasks. */
  polled(model: string, since?: number): Promise<FalTask>;
  /** Moves the Kling text-to-video task(s) on. */
  setKling(step: KlingStep): void;
  /** Whether fetching a Kling text-to-video result fails (fal's 500 model failure) from now on. */
  failKling(fails: boolean): void;
  /** The bytes served at a media path. */
  mediaBytes(path: string): Uint8Array;
  /** From now on the host answers 404 for `path` (the provider deleted it). */
  deleteMedia(path: string): void;
}

const json = (body: unknown, status = 200): FakeJsonResponse => ({
  type: 'json',
  status,
  body,
});

/** A fixture's JSON body with some fields replaced. */
function withBody(
  response: FakeResponse,
  fields: Record<string, unknown>,
): FakeResponse {
  if (response.type !== 'json') throw new Error('not a JSON fixture');
  return { ...response, body: { ...(response.body as object), ...fields } };
}

const routeOf = (call: FakeCall) =>
  `${call.method} ${new URL(call.url, 'http://fake').pathname}`;

/** fal's status and result of one task, by model. */
type FalBehaviour = (task: FalTask) => {
  status: () => FakeResponse;
  result: () => FakeResponse;
};

/**
 * One fake server for the fal queue (two instances' hosts), fal's storage
 * and media host, and Replicate's predictions. Kling text-to-video waits
 * in the queue until the test moves it on ({@link VideoUpstream.setKling});
 * its result is fal's 500 model failure (the default) or an MP4.
 */
export async function createVideoUpstream(options: {
  videos: { mp4: Uint8Array; mochiMp4: Uint8Array };
}): Promise<VideoUpstream> {
  const upstream = await createFakeUpstream({});
  const { url, routes } = upstream;
  const media = new Map<string, Uint8Array>([
    [MEDIA.klingText, options.videos.mp4],
    [MEDIA.klingImage, options.videos.mp4],
    [MEDIA.mochi, options.videos.mochiMp4],
  ]);
  for (const [path, bytes] of media) {
    routes[`GET ${path}`] = {
      response: {
        type: 'binary',
        headers: { 'content-type': 'application/octet-stream' },
        body: bytes,
      },
    };
  }
  let kling: KlingStep = 'queued';
  let klingFails = true;
  const falTasks: FalTask[] = [];
  const pollWaiters: Array<{
    model: string;
    since: number;
    resolve(task: FalTask): void;
  }> = [];
  const videoFile = (path: string) => ({
    video: {
      url: `${url}${path}`,
      content_type: 'application/octet-stream',
      file_name: path.split('/').at(-1),
      file_size: media.get(path)?.byteLength,
    },
    seed: 176,
  });
  // Status answers by poll: the last one repeats.
  const byPoll = (task: FalTask, list: FakeResponse[]) => () =>
    list[Math.min(task.polls - 1, list.length - 1)] ?? json({});
  const behaviours: Record<string, FalBehaviour> = {
    [MODELS.klingText]: () => ({
      status: () =>
        kling === 'queued'
          ? fixtureResponse('fal/queue.2-status.in-queue.json')
          : kling === 'running'
            ? fal('queue.video.2-status.in-progress.json')
            : fal('queue.video.3-status.completed.json'),
      result: () =>
        klingFails
          ? fixtureResponse(
              // Written from fal's error docs: it lives with the fal package's own.
              new URL(
                '../../providers-fal/src/__fixtures__/error-500.runner-failed.json',
                import.meta.url,
              ),
            )
          : json(videoFile(MEDIA.klingText)),
    }),
    [MODELS.klingImage]: (task) => ({
      status: byPoll(task, [
        fal('queue.video.2-status.in-progress.json'),
        fal('queue.video.3-status.completed.json'),
      ]),
      result: () => json(videoFile(MEDIA.klingImage)),
    }),
    [MODELS.trainer]: (task) => ({
      // Docs-shaped (fal's status with `?logs=1`): a trainer logging its steps.
      status: byPoll(task, [
        json(
          {
            status: 'IN_PROGRESS',
            logs: [{ message: 'Training step 250/500: 50%' }],
          },
          202,
        ),
        fal('queue.video.3-status.completed.json'),
      ]),
      result: () => fal('queue.flux-lora-training.result.json'),
    }),
    [MODELS.lora]: () => ({
      status: () => fixtureResponse('fal/queue.4-status.completed.json'),
      result: () => fixtureResponse('fal/queue.5-result.json'),
    }),
  };

  const submitFal = (model: string) => ({
    response: ({ request }: { request: FakeCall }) => {
      const task: FalTask = {
        id: randomUUID(),
        model,
        body: request.bodyJson,
        polls: 0,
      };
      falTasks.push(task);
      const behaviour = behaviours[model]?.(task);
      if (behaviour === undefined) throw new Error(`no fake for ${model}`);
      const app = model.split('/').slice(0, 2).join('/');
      const base = `${PREFIX.falQueue}/${app}/requests/${task.id}`;
      routes[`GET ${base}/status`] = {
        response: () => {
          task.polls += 1;
          const index = falTasks.indexOf(task);
          const waiting = pollWaiters.filter(
            (waiter) => waiter.model === model && index >= waiter.since,
          );
          for (const waiter of waiting) {
            pollWaiters.splice(pollWaiters.indexOf(waiter), 1);
            waiter.resolve(task);
          }
          return behaviour.status();
        },
      };
      routes[`GET ${base}`] = { response: () => behaviour.result() };
      routes[`PUT ${base}/cancel`] = { response: json({ status: 'OK' }, 202) };
      return withBody(fal('queue.video.1-submit.json'), {
        request_id: task.id,
        response_url: `${url}${base}`,
        status_url: `${url}${base}/status`,
        cancel_url: `${url}${base}/cancel`,
      });
    },
  });
  for (const model of Object.keys(behaviours)) {
    routes[`POST ${PREFIX.falQueue}/${model}`] = submitFal(model);
  }
  // The other fal instance would serve schnell; it must never be called.
  routes[`POST ${PREFIX.falEuQueue}/${MODELS.schnell}`] = {
    response: fixtureResponse('fal/queue.1-submit.json'),
  };
  addStorage(upstream);
  addReplicate(upstream, `${url}${MEDIA.mochi}`);

  return {
    upstream,
    calls: () => upstream.calls.map(routeOf),
    callsTo: (route) =>
      upstream.calls.filter((call) => routeOf(call) === route),
    callsUnder: (prefix) =>
      upstream.calls.filter((call) => call.url.startsWith(prefix)),
    falTasks,
    polled(model, since = 0) {
      const seen = falTasks
        .slice(since)
        .find((task) => task.model === model && task.polls > 0);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve) =>
        pollWaiters.push({ model, since, resolve }),
      );
    },
    setKling(step) {
      kling = step;
    },
    failKling(fails) {
      klingFails = fails;
    },
    mediaBytes(path) {
      const bytes = media.get(path);
      if (bytes === undefined) throw new Error(`no media at ${path}`);
      return bytes;
    },
    deleteMedia(path) {
      routes[`GET ${path}`] = {
        response: json({ detail: 'Not Found' }, 404),
      };
    },
  };
}

/** fal's storage: initiate answers a signed upload URL and the CDN URL; the PUT is taken as is. */
function addStorage(upstream: FakeUpstream): void {
  const { url, routes } = upstream;
  routes[`POST ${PREFIX.falStorage}/storage/upload/initiate`] = {
    response: json({
      upload_url: `${url}/fal-upload/training-images.zip?signature=fake`,
      file_url: `${url}/fal-cdn/training-images.zip`,
    }),
  };
  routes['PUT /fal-upload/training-images.zip'] = {
    response: { type: 'empty', status: 200 },
  };
}

/**
 * Replicate's Mochi predictions: created (with `Prefer: wait`) still
 * processing, then read back succeeded with the MP4 at `videoURL`; both
 * echo the input the gateway sent, as Replicate does.
 */
function addReplicate(upstream: FakeUpstream, videoURL: string): void {
  const { routes } = upstream;
  routes[`POST ${PREFIX.replicate}/predictions`] = {
    response: ({ request }) => {
      const id = `e2e${randomUUID().replaceAll('-', '').slice(0, 23)}`;
      const { input } = request.bodyJson as { input: unknown };
      routes[`GET ${PREFIX.replicate}/predictions/${id}`] = {
        response: withBody(
          replicate('predictions.get.mochi-video.succeeded.json'),
          { id, input, output: videoURL },
        ),
      };
      return withBody(
        replicate('predictions.create.mochi-video.prefer-wait.json'),
        { id, input, output: null },
      );
    },
  };
}
