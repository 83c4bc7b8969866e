import Anthropic, { AuthenticationError } from '@anthropic-ai/sdk';
import type { Gateway } from './openai-consumer.js';

function client(gateway: Gateway): Anthropic {
  // The key goes as `x-api-key`, as the SDK sends it to Anthropic.
  return new Anthropic({
    apiKey: gateway.apiKey,
    baseURL: gateway.url,
    maxRetries: 0,
  });
}

/** `messages.create`, not streamed. */
export async function message(gateway: Gateway) {
  const answer = await client(gateway).messages.create({
    model: 'route:text',
    max_tokens: 64,
    system: 'Be brief.',
    messages: [{ role: 'user', content: 'Say hello.' }],
  });
  return {
    type: answer.type,
    role: answer.role,
    model: answer.model,
    text: answer.content
      .map((block) => (block.type === 'text' ? block.text : ''))
      .join(''),
    stopReason: answer.stop_reason,
    usage: answer.usage,
  };
}

/** `messages.stream`: the text events, then the final message. */
export async function messageStream(gateway: Gateway) {
  const deltas: string[] = [];
  const stream = client(gateway)
    .messages.stream({
      model: 'route:text',
      max_tokens: 64,
      messages: [
        { role: 'user', content: 'Count the words in this sentence.' },
      ],
    })
    .on('text', (text) => deltas.push(text));
  const final = await stream.finalMessage();
  return {
    deltas,
    text: final.content
      .map((block) => (block.type === 'text' ? block.text : ''))
      .join(''),
    stopReason: final.stop_reason,
    outputTokens: final.usage.output_tokens,
  };
}

/** `models.list` in Anthropic's shape (text models only). */
export async function models(gateway: Gateway) {
  const ids: string[] = [];
  for await (const model of client(gateway).models.list()) ids.push(model.id);
  return ids;
}

/** A key the gateway does not know: the SDK's typed error. */
export async function badKey(gateway: Gateway) {
  return client({ ...gateway, apiKey: 'sy_live_unknown' })
    .messages.create({
      model: 'route:text',
      max_tokens: 16,
      messages: [{ role: 'user', content: 'hi' }],
    })
    .then(
      () => undefined,
      (error: unknown) => ({
        authentication: error instanceof AuthenticationError,
        status: error instanceof Anthropic.APIError ? error.status : undefined,
        type:
          error instanceof Anthropic.APIError
            ? (error.error as { error?: { type?: string } }).error?.type
            : undefined,
      }),
    );
}
