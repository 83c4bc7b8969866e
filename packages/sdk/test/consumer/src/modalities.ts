// Speech, music and image edits as an outside project calls them through the
// packed SDK. test/outside-modalities.test.ts type-checks this file with
// the project's own TypeScript and runs each function against a built
// gateway (one `node` process per call, its answer printed as JSON).
import {
  createSwitchyardClient,
  type GenerateResult,
  type Job,
  type MusicGenerateInput,
  type SpeechGenerateInput,
} from '@switchyard/sdk';

/** Where the gateway is and the key to call it with (none when its auth is off). */
export interface Gateway {
  url: string;
  apiKey?: string;
}

const clientFor = ({ url, apiKey }: Gateway) =>
  createSwitchyardClient({ url, ...(apiKey === undefined ? {} : { apiKey }) });

/** The routing report every result carries. */
function report(result: GenerateResult) {
  return {
    id: result.id,
    provider: result.provider,
    model: result.model,
    fallbackUsed: result.fallbackUsed,
    cost: result.cost,
    attempts: result.attempts.map(
      ({ provider, model, outcome, code, reason }) => ({
        provider,
        model,
        outcome,
        ...(code === undefined ? {} : { code }),
        ...(reason === undefined ? {} : { reason }),
      }),
    ),
  };
}

/** Speaks `input.text`; resolves with the audio and the routing report. */
export async function speak(
  gateway: Gateway,
  input: Omit<SpeechGenerateInput, 'type'>,
) {
  const result = await clientFor(gateway).generate.mutate({
    type: 'speech',
    ...input,
  });
  if (result.type !== 'speech') throw new Error(`got a ${result.type} result`);
  // @ts-expect-error — a speech result has audio, not images.
  void result.images;
  const { audio, characters } = result;
  return { type: result.type, audio, characters, ...report(result) };
}

/** Composes a piece of music; resolves with the audio and the routing report. */
export async function compose(
  gateway: Gateway,
  input: Omit<MusicGenerateInput, 'type'>,
) {
  const result = await clientFor(gateway).generate.mutate({
    type: 'music',
    ...input,
  });
  if (result.type !== 'music') throw new Error(`got a ${result.type} result`);
  // @ts-expect-error — music has no `characters`: it is priced by the second.
  void result.characters;
  return { type: result.type, audio: result.audio, ...report(result) };
}

/** Edits an inline PNG (a mask says where) on the route `route`. */
export async function editImage(
  gateway: Gateway,
  input: {
    route: string;
    prompt: string;
    imageBase64: string;
    maskBase64: string;
  },
) {
  const result = await clientFor(gateway).generate.mutate({
    type: 'image',
    route: input.route,
    prompt: input.prompt,
    referenceImages: [{ base64: input.imageBase64, mimeType: 'image/png' }],
    mask: { base64: input.maskBase64, mimeType: 'image/png' },
  });
  if (result.type !== 'image') throw new Error(`got a ${result.type} result`);
  return { type: result.type, images: result.images, ...report(result) };
}

/** Submits a music job; resolves at once with the queued job. */
export function submitMusicJob(
  gateway: Gateway,
  input: Omit<MusicGenerateInput, 'type'>,
): Promise<Job> {
  return clientFor(gateway).jobs.submit.mutate({ type: 'music', ...input });
}

/** The job as it stands. */
export function getJob(gateway: Gateway, id: string): Promise<Job> {
  return clientFor(gateway).jobs.get.query({ id });
}

/** Follows a job's events (`jobs.events`) until it ends; resolves with the event types seen and the final job. */
export function followJob(
  gateway: Gateway,
  id: string,
): Promise<{ types: string[]; job: Job }> {
  const types: string[] = [];
  return new Promise((resolve, reject) => {
    const subscription = clientFor(gateway).jobs.events.subscribe(
      { id },
      {
        onData({ type, job }) {
          types.push(type);
          if (
            type === 'succeeded' ||
            type === 'failed' ||
            type === 'cancelled'
          ) {
            subscription.unsubscribe();
            resolve({ types, job });
          }
        },
        onError: reject,
      },
    );
  });
}

/**
 * The original designs' batch: a picture, its narration and a caption, plus
 * a narration asking OpenAI for a voice it does not have, which fails alone.
 */
export async function illustratedStory(gateway: Gateway) {
  const batch = await clientFor(gateway).generateBatch.mutate({
    items: [
      { type: 'image', prompt: 'a fox in the snow', width: 64, height: 64 },
      { type: 'speech', text: 'A fox crossed the snow.' },
      { type: 'text', prompt: 'A caption for the fox.' },
      {
        type: 'speech',
        text: 'Never spoken.',
        voice: 'no-such-voice',
        provider: 'openai',
      },
    ],
    concurrency: 2,
    continueOnError: true,
  });
  return batch.items.map((item) =>
    item.ok
      ? {
          index: item.index,
          ok: true as const,
          type: item.result.type,
          provider: item.result.provider,
        }
      : { index: item.index, ok: false as const, code: item.error.code },
  );
}

/** The key's credits and its calls (newest first) with what each cost. */
export async function credits(gateway: Gateway) {
  const client = clientFor(gateway);
  const { balance, reserved } = await client.usage.balance.query();
  const history = await client.usage.history.query({ limit: 50 });
  return {
    balance,
    reserved,
    history: history.items.map(
      ({ id, route, status, provider, costMicroCredits }) => ({
        id,
        route,
        status,
        provider,
        costMicroCredits,
      }),
    ),
  };
}
