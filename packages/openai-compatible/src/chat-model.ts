import {
  HttpModel,
  midStreamError,
  omitUndefined,
  parseProviderOptions,
  postForSse,
  postJson,
  textStreamParts,
  toMessages,
  unsupportedSetting,
  type CallOptions,
  type CostMetadata,
  type ModelHttpConfig,
  type MapError,
  type SseEvent,
  type TextCapabilities,
  type TextModel,
  type TextModelResult,
  type TextRequest,
  type TextStreamPart,
  type TextStreamResult,
  type Warning,
} from '@switchyard/core';
import type { z } from 'zod';
import {
  chatCompletionChunkSchema,
  chatCompletionSchema,
  type ChatCompletionBody,
  type ChatRequestBody,
} from './chat-api';
import { mapFinishReason, mapUsage } from './chat-mapping';

/** How an API's own options (under `providerOptions.<key>`) join the request body. */
export interface ChatProviderOptions<TOptions> {
  /** The key under `providerOptions` (`openai`, `mistral`, …). */
  key: string;
  schema: z.ZodType<TOptions>;
  /** The request-body fields the options stand for. */
  toBody(options: TOptions): Record<string, unknown>;
}

/** Everything an {@link OpenAICompatibleChatModel} needs to know about its API. */
export interface OpenAICompatibleChatConfig<
  TOptions = unknown,
> extends ModelHttpConfig {
  /** The API's special error cases on top of core's status mapping. */
  mapError?: MapError;
  capabilities: TextCapabilities;
  cost?: CostMetadata;
  /** The body field for `maxTokens`; OpenAI's own API wants `max_completion_tokens`. */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
  /** Ask for token usage at the end of a stream (`stream_options.include_usage`). */
  streamUsage?: boolean;
  /**
   * The server ends each stream with `data: [DONE]` (default true): one that
   * closes without it was cut. When false, a `finish_reason` is the end marker.
   */
  streamEndsWithDone?: boolean;
  providerOptions?: ChatProviderOptions<TOptions>;
}

/**
 * A text model over an OpenAI-style `POST /chat/completions`, with `generate`
 * and `stream`. Provider packages configure it with their URL, headers and
 * error cases; it holds no provider's name.
 */
export class OpenAICompatibleChatModel<TOptions = unknown>
  extends HttpModel<OpenAICompatibleChatConfig<TOptions>>
  implements TextModel
{
  readonly kind = 'text';
  readonly capabilities: TextCapabilities = this.config.capabilities;
  protected override readonly mapError = this.config.mapError;

  async generate(
    request: TextRequest,
    options: CallOptions,
  ): Promise<TextModelResult> {
    const { body, warnings } = this.getArgs(request);
    const { value, responseHeaders } = await postJson({
      ...this.callOptions(options),
      body,
      parse: chatCompletionSchema,
    });
    const choice = value.choices[0];
    const refusal = choice?.message.refusal;
    return {
      text: choice?.message.content ?? refusal ?? '',
      finishReason:
        refusal != null && choice?.message.content == null
          ? 'content-filter'
          : mapFinishReason(choice?.finish_reason),
      usage: mapUsage(value.usage),
      warnings,
      modelId: value.model ?? undefined,
      responseHeaders,
    };
  }

  async stream(
    request: TextRequest,
    options: CallOptions,
  ): Promise<TextStreamResult> {
    const { body, warnings } = this.getArgs(request);
    const { value: events, responseHeaders } = await postForSse({
      ...this.callOptions(options),
      endsWithDone: this.config.streamEndsWithDone !== false,
      body: {
        ...body,
        stream: true,
        ...(this.config.streamUsage === false
          ? {}
          : { stream_options: { include_usage: true } }),
      },
    });
    return {
      parts: this.toParts(events),
      warnings,
      responseHeaders,
    };
  }

  /**
   * The stream's parts. It must end with `data: [DONE]` (core checks it), or
   * with a `finish_reason` for a server that sends no [DONE]; an `error`
   * chunk fails the stream with its code.
   */
  private toParts(
    events: AsyncIterable<SseEvent>,
  ): AsyncIterable<TextStreamPart> {
    const { provider } = this;
    return textStreamParts({
      events,
      schema: chatCompletionChunkSchema,
      provider,
      read: (chunk) => {
        if (chunk.error != null) {
          const { code, type, message } = chunk.error;
          throw midStreamError({
            provider,
            status: typeof code === 'number' ? code : undefined,
            type: type ?? (typeof code === 'string' ? code : undefined),
            message,
          });
        }
        const choices = chunk.choices ?? [];
        const reasons = choices.flatMap((choice) =>
          choice.finish_reason == null ? [] : [choice.finish_reason],
        );
        const last = reasons.at(-1);
        return {
          text: choices.map((choice) => choice.delta?.content ?? '').join(''),
          finishReason: last === undefined ? undefined : mapFinishReason(last),
          usage: chunk.usage == null ? undefined : mapUsage(chunk.usage),
          modelId: chunk.model ?? undefined,
        };
      },
      requiredFinishMarker:
        this.config.streamEndsWithDone === false
          ? 'a finish_reason'
          : undefined,
    });
  }

  private callOptions(options: CallOptions) {
    return {
      ...this.http(options),
      url: `${this.config.baseURL}/chat/completions`,
    };
  }

  private getArgs(request: TextRequest): {
    body: ChatRequestBody;
    warnings: Warning[];
  } {
    const warnings: Warning[] = [];
    if (request.seed !== undefined && !this.capabilities.seed) {
      warnings.push(unsupportedSetting({ setting: 'seed' }));
    }
    const maxTokensField = this.config.maxTokensField ?? 'max_tokens';
    const fields: ChatCompletionBody = {
      model: this.modelId,
      messages: toMessages(request).map(({ role, content }) => ({
        role,
        content,
      })),
      [maxTokensField]: request.maxTokens,
      temperature: request.temperature,
      top_p: request.topP,
      stop: request.stop,
      seed: this.capabilities.seed ? request.seed : undefined,
    };
    const body = {
      ...omitUndefined(fields),
      ...omitUndefined(this.ownFields(request)),
    };
    return { body, warnings };
  }

  /** The body fields of the request's `providerOptions` for this API. */
  private ownFields(request: TextRequest): Record<string, unknown> {
    const { providerOptions } = this.config;
    if (providerOptions === undefined) return {};
    const ownOptions = parseProviderOptions({
      provider: this.provider,
      key: providerOptions.key,
      providerOptions: request.providerOptions,
      schema: providerOptions.schema,
    });
    return ownOptions === undefined ? {} : providerOptions.toBody(ownOptions);
  }
}
