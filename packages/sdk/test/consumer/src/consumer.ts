import {
  createSwitchyardClient,
  isSwitchyardError,
  type GenerateInput,
  type GenerateResult,
  type ImageResult,
  type SwitchyardErrorCode,
  type TextStreamEvent,
} from '@switchyard/sdk';

/** What the test reads back: enough to show the call went through. */
export interface ImageSummary {
  type: 'image';
  provider: string;
  model: string;
  fallbackUsed: boolean;
  attempts: Array<{ provider: string; outcome: string }>;
  mimeType: string;
  base64: string;
}

function describe(result: GenerateResult): string {
  switch (result.type) {
    case 'image':
      return `${result.images.length} image(s) from ${result.provider}`;
    case 'text':
      return `${result.text.length} characters from ${result.provider}`;
    case 'speech':
      return `${result.characters} characters spoken by ${result.provider}`;
    case 'music':
      return `${result.audio.durationMs} ms of music from ${result.provider}`;
    case 'video':
      return `${result.video.durationMs} ms of video from ${result.provider}`;
    case 'training':
      return `the trained model ${result.trainedModel.model}`;
  }
}

/** Generates one image through the gateway at `url`. */
export async function generateImage(url: string): Promise<ImageSummary> {
  const client = createSwitchyardClient({ url });
  const result = await client.generate.mutate({
    type: 'image',
    prompt: 'a lighthouse at dusk',
  });
  if (result.type !== 'image') {
    throw new Error(`expected an image, got ${describe(result)}`);
  }
  // Narrowed: `images` exists on the image result only.
  const image: ImageResult['images'][number] | undefined = result.images[0];
  if (image?.base64 === undefined) throw new Error('no inline image');

  // @ts-expect-error — a text result's field is not on an image result.
  void result.text;

  return {
    type: result.type,
    provider: result.provider,
    model: result.model,
    fallbackUsed: result.fallbackUsed,
    attempts: result.attempts.map(({ provider, outcome }) => ({
      provider,
      outcome,
    })),
    mimeType: image.mimeType,
    base64: image.base64,
  };
}

/** Sends an invalid request and returns the error code the gateway gives. */
export async function invalidRequestCode(
  url: string,
): Promise<SwitchyardErrorCode | 'not-a-switchyard-error'> {
  const client = createSwitchyardClient({ url });
  const input: GenerateInput = { type: 'text' }; // neither prompt nor messages
  try {
    await client.generate.mutate(input);
    return 'not-a-switchyard-error';
  } catch (error) {
    return isSwitchyardError(error)
      ? error.data.code
      : 'not-a-switchyard-error';
  }
}

// @ts-expect-error — `type` is 'image', 'text', 'speech', 'music', 'video' or 'training'.
export const badInput: GenerateInput = { type: 'hologram', prompt: 'x' };

/**
 * Streams a text answer, handing each piece of text to `onText`; resolves
 * with the last event. Type-checked here; the SDK's own tests run a stream.
 */
export function streamText(
  url: string,
  onText: (text: string) => void,
): Promise<Extract<TextStreamEvent, { type: 'end' | 'error' }>> {
  const client = createSwitchyardClient({ url });
  return new Promise((resolve, reject) => {
    const subscription = client.generateStream.subscribe(
      { type: 'text', prompt: 'hello' },
      {
        onData({ data: event }) {
          if (event.type === 'text-delta') onText(event.text);
          if (event.type === 'end' || event.type === 'error') {
            subscription.unsubscribe();
            resolve(event);
          }
        },
        onError: reject,
      },
    );
  });
}
