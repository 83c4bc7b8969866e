import { audioFormatSchema } from '@switchyard/core';
import { z } from 'zod';
import { summaryOfResult, switchyardHeaders } from './compat-answers';
import {
  definedOnly,
  generateThrough,
  parseWith,
  readJson,
  type CompatCall,
} from './compat-call';
import { routingFields } from './model-directory';
import { modelFieldSchema } from './openai-chat-schema';

/** The `POST /v1/audio/speech` fields this gateway honours (others are ignored). */
export const speechRequestSchema = z.object({
  model: modelFieldSchema,
  input: z.string().min(1),
  voice: z.string().min(1).optional(),
  /** Default: the serving model's first format (OpenAI's default is mp3). */
  response_format: audioFormatSchema.optional(),
  speed: z.number().optional(),
  instructions: z.string().optional(),
});

/**
 * `POST /v1/audio/speech`: a speech call through `generate`, answered with
 * the audio's bytes and content type (or, for audio the provider only
 * hosts, a redirect to it).
 */
export async function audioSpeech(call: CompatCall): Promise<Response> {
  const body = parseWith(speechRequestSchema, await readJson(call.request));
  const result = await generateThrough(
    call,
    definedOnly({
      type: 'speech' as const,
      text: body.input,
      voice: body.voice,
      format: body.response_format,
      speed: body.speed,
      instructions: body.instructions,
      ...routingFields(call.directory.resolve(body.model, 'speech'), 'speech'),
    }),
    { text: 'input', format: 'response_format' },
  );
  if (result.type !== 'speech')
    throw new Error('a speech call answered no audio');
  const headers = switchyardHeaders(summaryOfResult(result));
  const { audio } = result;
  if (audio.base64 === undefined) {
    return new Response(null, {
      status: 302,
      headers: { ...headers, location: audio.url ?? '' },
    });
  }
  return new Response(Buffer.from(audio.base64, 'base64'), {
    headers: { ...headers, 'content-type': audio.mimeType },
  });
}
