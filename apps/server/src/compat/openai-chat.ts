import {
  randomId,
  textStreamInputSchema,
  type GenerateResult,
  type Usage,
} from '@switchyard/core';
import { openStream } from '../router-helpers';
import { jsonAnswer, openAIErrorBody, summaryOfResult } from './compat-answers';
import {
  definedOnly,
  generateThrough,
  parseWith,
  readJson,
  type CompatCall,
} from './compat-call';
import { sseEvent, streamAnswer, type StreamFormat } from './compat-stream';
import { routingFields } from './model-directory';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  OpenAIUsage,
} from './openai-answer-schemas';
import {
  CHAT_FIELD_NAMES,
  chatCompletionRequestSchema,
  chatTextRequest,
  openAIFinishReason,
  type ChatCompletionRequest,
} from './openai-chat-schema';

/**
 * `POST /v1/chat/completions`: a text call through `generate` (or, with
 * `stream: true`, `generateStream`'s stream as `chat.completion.chunk`
 * events ending in `data: [DONE]`).
 */
export async function chatCompletions(call: CompatCall): Promise<Response> {
  const body = parseWith(
    chatCompletionRequestSchema,
    await readJson(call.request),
  );
  const fields = definedOnly({
    type: 'text' as const,
    ...chatTextRequest(body),
    ...routingFields(call.directory.resolve(body.model, 'text'), 'text'),
    metadata: body.metadata ?? undefined,
  });
  if (body.stream === true) return streamChat(call, { body, fields });
  const result = await generateThrough(call, fields, CHAT_FIELD_NAMES);
  return jsonAnswer({
    body: chatCompletionBody(result),
    summary: summaryOfResult(result),
  });
}

/** `chat.completion`: one choice, usage in OpenAI's names. */
function chatCompletionBody(result: GenerateResult): ChatCompletion {
  if (result.type !== 'text') throw new Error('a text call answered no text');
  return {
    id: result.id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: result.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: result.text, refusal: null },
        finish_reason: openAIFinishReason(result.finishReason),
        logprobs: null,
      },
    ],
    usage: openAIUsage(result.usage),
  };
}

/** Usage in OpenAI's names; a count the provider did not give is 0. */
function openAIUsage(usage: Usage): OpenAIUsage {
  const prompt = usage.inputTokens ?? 0;
  const completion = usage.outputTokens ?? 0;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: usage.totalTokens ?? prompt + completion,
  };
}

/** The streamed answer: the stream `generateStream` would give, as chunks. */
async function streamChat(
  call: CompatCall,
  options: { body: ChatCompletionRequest; fields: Record<string, unknown> },
): Promise<Response> {
  const input = parseWith(
    textStreamInputSchema,
    options.fields,
    CHAT_FIELD_NAMES,
  );
  const upstream = new AbortController();
  const events = await openStream({
    ctx: call.ctx,
    input,
    signal: AbortSignal.any([call.signal, upstream.signal]),
  });
  return streamAnswer({
    events,
    format: chatChunks({
      includeUsage: options.body.stream_options?.include_usage === true,
    }),
    api: 'openai',
    requestId: call.ctx.requestId,
    abort: () => upstream.abort(),
  });
}

/** OpenAI's `chat.completion.chunk` events. */
function chatChunks(options: { includeUsage: boolean }): StreamFormat {
  const id = randomId('chatcmpl-', 12);
  const created = Math.floor(Date.now() / 1000);
  let model = '';
  type Choice = ChatCompletionChunk['choices'][number];
  const chunk = (
    choices: Choice[],
    extra: Pick<ChatCompletionChunk, 'usage'> = {},
  ): string =>
    sseEvent({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices,
      ...extra,
    } satisfies ChatCompletionChunk);
  const delta = (
    content: Choice['delta'],
    finish: Choice['finish_reason'],
  ): Choice => ({
    index: 0,
    delta: content,
    finish_reason: finish,
    logprobs: null,
  });
  return {
    start(head) {
      model = head.model;
      return [chunk([delta({ role: 'assistant', content: '' }, null)])];
    },
    text: (text) => [chunk([delta({ content: text }, null)])],
    end(event) {
      model = event.model;
      const frames = [
        chunk([delta({}, openAIFinishReason(event.finishReason))]),
      ];
      if (options.includeUsage) {
        frames.push(chunk([], { usage: openAIUsage(event.usage) }));
      }
      return [...frames, sseEvent('[DONE]')];
    },
    error: (failure) => [sseEvent(openAIErrorBody(failure))],
  };
}
