import type { AppRouter } from '@switchyard/server';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

/** Every procedure's input, by path: `RouterInputs['generate']`. */
export type RouterInputs = inferRouterInputs<AppRouter>;

/** Every procedure's output, by path: `RouterOutputs['providers']['list']`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;

/** What `client.generate.mutate()` takes: a union discriminated by `type`. */
export type GenerateInput = RouterInputs['generate'];

/** A `generate` input for `type: 'image'`. */
export type ImageGenerateInput = Extract<GenerateInput, { type: 'image' }>;

/** A `generate` input for `type: 'text'`. */
export type TextGenerateInput = Extract<GenerateInput, { type: 'text' }>;

/**
 * What `generate` can resolve to: a union discriminated by `type`.
 * `client.generate.mutate()` narrows it to the member of the input's `type`
 * ({@link GenerateResultFor}); a result typed as the union (a batch item's,
 * a job's) narrows on `result.type`.
 */
export type GenerateResult = RouterOutputs['generate'];

/**
 * The `generate` result for an input `type`: `GenerateResultFor<'image'>` is
 * {@link ImageResult}. A union of types gives the union of their results.
 */
export type GenerateResultFor<TType extends GenerateInput['type']> = Extract<
  GenerateResult,
  { type: TType }
>;

/** The result of an image `generate`: `images`, plus the routing report. */
export type ImageResult = Extract<GenerateResult, { type: 'image' }>;

/** The result of a text `generate`: `text`, `finishReason`, `usage`, plus the routing report. */
export type TextResult = Extract<GenerateResult, { type: 'text' }>;

/** A `generate` input for `type: 'speech'` (text to speech). */
export type SpeechGenerateInput = Extract<GenerateInput, { type: 'speech' }>;

/** A `generate` input for `type: 'music'`. */
export type MusicGenerateInput = Extract<GenerateInput, { type: 'music' }>;

/** The result of a speech `generate`: `audio` (`base64` or `url`, `format`, `mimeType`, `durationMs`, `sampleRate`), `characters`, plus the routing report. */
export type SpeechResult = Extract<GenerateResult, { type: 'speech' }>;

/** The result of a music `generate`: `audio`, plus the routing report. */
export type MusicResult = Extract<GenerateResult, { type: 'music' }>;

/** A `generate` input for `type: 'video'` (text- or image-to-video; usually sent through `jobs.submit`). */
export type VideoGenerateInput = Extract<GenerateInput, { type: 'video' }>;

/** The result of a video `generate`: `video` (`url`, `base64` or the gateway's `artifact`; `format`, `durationMs`, `width`, `height`, `fps`, `hasAudio`, `poster`), plus the routing report. */
export type VideoResult = Extract<GenerateResult, { type: 'video' }>;

/** A training input (`type: 'training'`: images, triggerWord, name, baseModel?, steps?), sent through `jobs.submit`. */
export type TrainingGenerateInput = Extract<
  GenerateInput,
  { type: 'training' }
>;

/** The result of a training run: `trainedModel.model` (`instance:model-id`) is what later calls name as `model`. */
export type TrainingResult = Extract<GenerateResult, { type: 'training' }>;

/** One attempt at one target (provider + model), as the gateway reports it. */
export type Attempt = GenerateResult['attempts'][number];

/** A configured provider instance, as `client.providers.list.query()` lists it. */
export type ProviderListing = RouterOutputs['providers']['list'][number];

/**
 * What `client.providers.health.query({ provider?, detailed? })` answers:
 * the system's `status` (`healthy`, `degraded`, `critical`), `checkedAt` and
 * every target's health (`targets`).
 */
export type ProvidersHealth = RouterOutputs['providers']['health'];

/** The health of one target (`state`: `healthy`, `degraded` or `down`), as `providers.health` reports it. */
export type TargetHealthReport = ProvidersHealth['targets'][number];

type StreamOutput = RouterOutputs['generateStream'];

type StreamItem =
  StreamOutput extends AsyncIterable<infer TItem> ? TItem : StreamOutput;

/**
 * One event of `client.generateStream.subscribe()`, which `onData` receives
 * as `{ id, data: event }` (the id lets a reconnect be told apart, and
 * refused): `attempt-start`, `fallback`, `text-delta`, then `end` or `error`
 * (with `incomplete` and `delivered` when text had already come). Check
 * `event.type` to narrow it.
 */
export type TextStreamEvent = StreamItem extends {
  id: string;
  data: infer TEvent;
}
  ? TEvent
  : StreamItem;

/** What `client.generateBatch.mutate()` resolves to: one outcome per item, in input order. */
export type GenerateBatchResult = RouterOutputs['generateBatch'];

/** A job as `client.jobs.get.query()` and webhooks show it. */
export type Job = RouterOutputs['jobs']['get'];

/** What `tokens.mint` takes: the end user (`subject`), `ttlSeconds`, `maxCredits`, `routes`, `types`, `providers`, `rateLimit`, `singleUse`, `session`. */
export type MintTokenInput = RouterInputs['tokens']['mint'];

/** A minted token: `token` (send it as `Authorization: Bearer`), `tokenId`, `expiresAt` (epoch ms). */
export type MintedToken = RouterOutputs['tokens']['mint'];
