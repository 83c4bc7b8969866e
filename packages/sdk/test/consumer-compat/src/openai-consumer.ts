import OpenAI, {
  APIError,
  NotFoundError,
  RateLimitError,
  toFile,
} from 'openai';

/** Where the gateway is and the key to send (as `Authorization: Bearer`). */
export interface Gateway {
  url: string;
  apiKey: string;
}

function client(gateway: Gateway): OpenAI {
  // The SDK never reaches the internet: its base URL is the gateway on 127.0.0.1.
  return new OpenAI({
    apiKey: gateway.apiKey,
    baseURL: `${gateway.url}/v1`,
    maxRetries: 0,
  });
}

/** The first bytes of base64 data, in hex (a PNG starts 89504e47…). */
function leadingHex(base64: string, count = 8): string {
  return Array.from(atob(base64).slice(0, count), (char) =>
    char.charCodeAt(0).toString(16).padStart(2, '0'),
  ).join('');
}

/** A chat completion, not streamed. */
export async function chat(gateway: Gateway) {
  const completion = await client(gateway).chat.completions.create({
    model: 'route:text',
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Say hello.' },
    ],
    max_completion_tokens: 32,
  });
  const [choice] = completion.choices;
  return {
    object: completion.object,
    model: completion.model,
    text: choice?.message.content,
    finishReason: choice?.finish_reason,
    usage: completion.usage,
  };
}

/** A streamed chat completion: its deltas, collected. */
export async function chatStream(gateway: Gateway) {
  const stream = await client(gateway).chat.completions.create({
    model: 'route:text',
    messages: [{ role: 'user', content: 'Count the words in this sentence.' }],
    stream: true,
    stream_options: { include_usage: true },
  });
  const deltas: string[] = [];
  let finishReason: string | null | undefined;
  let usage: OpenAI.CompletionUsage | null | undefined;
  for await (const chunk of stream) {
    const [choice] = chunk.choices;
    if (choice?.delta.content) deltas.push(choice.delta.content);
    finishReason = choice?.finish_reason ?? finishReason;
    usage = chunk.usage ?? usage;
  }
  return { deltas, finishReason, usage };
}

/**
 * A chat answered after a fallback (the config maps the bare name
 * `gpt-4o-mini` to a route whose first target fails): what the headers say.
 */
export async function chatWithFallback(gateway: Gateway) {
  const { data, response } = await client(gateway)
    .chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Who answers?' }],
    })
    .withResponse();
  return {
    text: data.choices[0]?.message.content,
    provider: response.headers.get('x-switchyard-provider'),
    fallback: response.headers.get('x-switchyard-fallback'),
    attempts: response.headers.get('x-switchyard-attempts'),
    cost: response.headers.get('x-switchyard-cost'),
  };
}

/** An image as base64: its first bytes, and how many images came. */
export async function image(gateway: Gateway) {
  const images = await client(gateway).images.generate({
    model: 'route:image',
    prompt: 'a lighthouse at dusk',
    size: '256x256',
    response_format: 'b64_json',
  });
  const base64 = images.data?.[0]?.b64_json ?? '';
  return { count: images.data?.length, signature: leadingHex(base64) };
}

/** An edit of an image the gateway drew, uploaded as a file. */
export async function imageEdit(gateway: Gateway) {
  const openai = client(gateway);
  const source = await openai.images.generate({
    prompt: 'a red square',
    size: '256x256',
    response_format: 'b64_json',
  });
  const bytes = Uint8Array.from(
    atob(source.data?.[0]?.b64_json ?? ''),
    (char) => char.charCodeAt(0),
  );
  const edited = await openai.images.edit({
    image: await toFile(bytes, 'source.png', { type: 'image/png' }),
    prompt: 'make it stormy',
    response_format: 'b64_json',
  });
  return { signature: leadingHex(edited.data?.[0]?.b64_json ?? '') };
}

/** Speech: the audio's first bytes (`RIFF….WAVE`) and content type. */
export async function speech(gateway: Gateway) {
  const response = await client(gateway).audio.speech.create({
    model: 'route:speech',
    input: 'Hello from the gateway.',
    voice: 'en-us',
    response_format: 'wav',
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  return {
    contentType: response.headers.get('content-type'),
    header: String.fromCharCode(
      ...bytes.subarray(0, 4),
      ...bytes.subarray(8, 12),
    ),
  };
}

/** The model ids `models.list` pages through. */
export async function models(gateway: Gateway) {
  const ids: string[] = [];
  for await (const model of client(gateway).models.list()) ids.push(model.id);
  return ids;
}

/** The typed errors the SDK throws: an unknown model, and a rate-limited route. */
export async function errors(gateway: Gateway) {
  const openai = client(gateway);
  const describe = (error: unknown) => ({
    notFound: error instanceof NotFoundError,
    rateLimit: error instanceof RateLimitError,
    apiError: error instanceof APIError,
    status: error instanceof APIError ? error.status : undefined,
    code: error instanceof APIError ? error.code : undefined,
    type: error instanceof APIError ? error.type : undefined,
    retryAfter:
      error instanceof APIError ? error.headers?.get('retry-after') : undefined,
  });
  const missing = await openai.chat.completions
    .create({
      model: 'gpt-no-such-model',
      messages: [{ role: 'user', content: 'hi' }],
    })
    .then(() => undefined, describe);
  const limited = await openai.chat.completions
    .create({
      model: 'route:limited',
      messages: [{ role: 'user', content: 'hi' }],
    })
    .then(() => undefined, describe);
  return { missing, limited };
}
