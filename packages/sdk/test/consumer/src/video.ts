// Video and training as an outside project calls them through the packed
// SDK. test/outside-video-training.test.ts type-checks this file with the
// project's own TypeScript and runs each function against a built gateway
// (one `node` process per call; events are handed to `onEvent` as they come).
import {
  createSwitchyardClient,
  isSwitchyardError,
  type ImageGenerateInput,
  type Job,
  type TrainingGenerateInput,
  type VideoGenerateInput,
  type VideoResult,
} from '@switchyard/sdk';

/** Where the gateway is and the key to call it with (none when its auth is off). */
export interface Gateway {
  url: string;
  apiKey?: string;
}

const clientFor = ({ url, apiKey }: Gateway) =>
  createSwitchyardClient({ url, ...(apiKey === undefined ? {} : { apiKey }) });

/** A `jobs.events` event, trimmed to what shows progress. */
export interface ProgressEvent {
  type: string;
  status: Job['status'];
  target?: string;
  attempt?: number;
  queuePosition?: number;
  progress?: number;
  logs?: string[];
}

function progressOf(type: string, job: Job): ProgressEvent {
  const { status, target, attempt, queuePosition, progress, logs } = job;
  return JSON.parse(
    JSON.stringify({ type, status, target, attempt, queuePosition, progress, logs }), // prettier-ignore
  ) as ProgressEvent;
}

/** Submits a video or training job; resolves at once with the queued job. */
export function submitJob(
  gateway: Gateway,
  input: VideoGenerateInput | TrainingGenerateInput,
): Promise<Job> {
  return clientFor(gateway).jobs.submit.mutate(input);
}

/**
 * Follows a job's events until it ends, handing each to `onEvent`;
 * resolves with every event and the final job.
 */
export function followJob(
  gateway: Gateway,
  id: string,
  onEvent: (event: ProgressEvent) => void = () => undefined,
): Promise<{ events: ProgressEvent[]; job: Job }> {
  const events: ProgressEvent[] = [];
  return new Promise((resolve, reject) => {
    const subscription = clientFor(gateway).jobs.events.subscribe(
      { id },
      {
        onData({ type, job }) {
          const event = progressOf(type, job);
          events.push(event);
          onEvent(event);
          if (
            type === 'succeeded' ||
            type === 'failed' ||
            type === 'cancelled'
          ) {
            subscription.unsubscribe();
            resolve({ events, job });
          }
        },
        onError: reject,
      },
    );
  });
}

/** Submits a job and follows it to its end. */
export async function runJob(
  gateway: Gateway,
  input: VideoGenerateInput | TrainingGenerateInput,
  onEvent?: (event: ProgressEvent) => void,
): Promise<{ events: ProgressEvent[]; job: Job }> {
  const job = await submitJob(gateway, input);
  return followJob(gateway, job.id, onEvent);
}

/** A video through `generate`: it waits for the video within the route's deadline. */
export async function generateVideo(
  gateway: Gateway,
  input: Omit<VideoGenerateInput, 'type'>,
): Promise<VideoResult> {
  const result = await clientFor(gateway).generate.mutate({
    type: 'video',
    ...input,
  });
  if (result.type !== 'video') throw new Error(`got a ${result.type} result`);
  // @ts-expect-error — a video result has a video, not images.
  void result.images;
  return result;
}

/** An image (a trained model's, say); resolves with the result, or the error's code. */
export async function generateImage(
  gateway: Gateway,
  input: Omit<ImageGenerateInput, 'type'>,
) {
  try {
    const result = await clientFor(gateway).generate.mutate({
      type: 'image',
      ...input,
    });
    if (result.type !== 'image') throw new Error(`got a ${result.type}`);
    return { ok: true as const, result };
  } catch (error) {
    if (!isSwitchyardError(error)) throw error;
    return { ok: false as const, code: error.data.code };
  }
}

/**
 * Reads a kept output at `path` (`result.video.artifact.path`) with the
 * gateway's key, as a browser or a download would; resolves with the
 * status, the type and the SHA-256 of the bytes.
 */
export async function fetchArtifact(gateway: Gateway, path: string) {
  const response = await fetch(new URL(path, gateway.url), {
    headers:
      gateway.apiKey === undefined
        ? {}
        : { authorization: `Bearer ${gateway.apiKey}` },
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    bytes: bytes.byteLength,
    sha256: Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join(''), // prettier-ignore
  };
}

/** The key's credits, its calls with their costs, and its generations with their attempts. */
export async function account(gateway: Gateway) {
  const client = clientFor(gateway);
  const { balance, reserved } = await client.usage.balance.query();
  const history = await client.usage.history.query({ limit: 50 });
  const generations = await client.generations.list.query({ limit: 50 });
  return {
    balance,
    reserved,
    history: history.items.map(
      ({ id, route, status, provider, model, costMicroCredits }) => ({
        id,
        route,
        status,
        provider,
        model,
        costMicroCredits,
      }),
    ),
    generations: generations.items.map(
      ({ id, route, status, provider, model, costMicroCredits, attempts }) => ({
        id,
        route,
        status,
        provider,
        model,
        costMicroCredits,
        attempts: (attempts ?? []).map(({ provider: name, outcome }) => ({
          provider: name,
          outcome,
        })),
      }),
    ),
  };
}

/** One generation's stored result type (`generations.get`). */
export async function generationType(
  gateway: Gateway,
  id: string,
): Promise<string | undefined> {
  const record = await clientFor(gateway).generations.get.query({ id });
  const result = record.result as { type?: string } | undefined;
  return result?.type;
}
