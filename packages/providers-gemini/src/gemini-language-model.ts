import {
  HttpModel,
  midStreamError,
  omitUndefined,
  omitUndefinedOrNone,
  modelPath,
  parseProviderOptions,
  postForSse,
  postJson,
  textStreamParts,
  type CallOptions,
  type HttpModelConfig,
  type SseEvent,
  type TextCapabilities,
  type TextModel,
  type TextModelResult,
  type TextRequest,
  type TextStreamPart,
  type TextStreamResult,
} from '@switchyard/core';
import {
  GEMINI_MODEL_ID,
  answerText,
  generateContentSchema,
  mapFinishReason,
  mapUsage,
  throwIfBlocked,
  toContents,
  type GenerateContentBody,
} from './gemini-api';
import { mapGeminiError } from './gemini-error';
import { geminiTextOptionsSchema } from './gemini-options';

/** A Gemini text model over `:generateContent` and `:streamGenerateContent`. */
export class GeminiLanguageModel
  extends HttpModel<HttpModelConfig & { capabilities: TextCapabilities }>
  implements TextModel
{
  readonly kind = 'text';
  readonly capabilities: TextCapabilities = this.config.capabilities;
  protected override readonly mapError = mapGeminiError;

  async generate(
    request: TextRequest,
    options: CallOptions,
  ): Promise<TextModelResult> {
    const { value, responseHeaders } = await postJson({
      ...this.callOptions(options, 'generateContent'),
      body: this.getBody(request),
      parse: generateContentSchema,
    });
    throwIfBlocked(value, this.provider);
    return {
      text: answerText(value),
      finishReason: mapFinishReason(value.candidates?.[0]?.finishReason),
      usage: mapUsage(value),
      warnings: [],
      modelId: value.modelVersion ?? undefined,
      responseHeaders,
    };
  }

  async stream(
    request: TextRequest,
    options: CallOptions,
  ): Promise<TextStreamResult> {
    const { value: events, responseHeaders } = await postForSse({
      ...this.callOptions(options, 'streamGenerateContent?alt=sse'),
      body: this.getBody(request),
    });
    return { parts: this.toParts(events), warnings: [], responseHeaders };
  }

  private toParts(
    events: AsyncIterable<SseEvent>,
  ): AsyncIterable<TextStreamPart> {
    const { provider } = this;
    return textStreamParts({
      events,
      schema: generateContentSchema,
      provider,
      read: (chunk) => {
        if (chunk.error != null) {
          throw midStreamError({
            provider,
            status: chunk.error.code,
            type: chunk.error.status,
            message: chunk.error.message,
          });
        }
        throwIfBlocked(chunk, provider);
        const reason = chunk.candidates?.[0]?.finishReason;
        return {
          text: answerText(chunk),
          finishReason: reason == null ? undefined : mapFinishReason(reason),
          usage: chunk.usageMetadata == null ? undefined : mapUsage(chunk),
          modelId: chunk.modelVersion ?? undefined,
        };
      },
      modelIdFrom: 'last',
      // Gemini's last chunk carries the finishReason: without it, the stream was cut.
      requiredFinishMarker: 'a finishReason',
    });
  }

  private callOptions(options: CallOptions, method: string) {
    return {
      ...this.http(options),
      url: `${this.config.baseURL}/models/${modelPath({
        provider: this.provider,
        modelId: this.modelId,
        rule: GEMINI_MODEL_ID,
      })}:${method}`,
    };
  }

  private getBody(request: TextRequest): GenerateContentBody {
    const ownOptions = parseProviderOptions({
      provider: this.provider,
      key: 'gemini',
      providerOptions: request.providerOptions,
      schema: geminiTextOptionsSchema,
    });
    const generationConfig = omitUndefinedOrNone({
      maxOutputTokens: request.maxTokens,
      temperature: request.temperature,
      topP: request.topP,
      topK: ownOptions?.topK,
      stopSequences: request.stop,
      seed: request.seed,
      thinkingConfig:
        ownOptions?.thinkingBudget === undefined
          ? undefined
          : { thinkingBudget: ownOptions.thinkingBudget },
    });
    return omitUndefined({ ...toContents(request), generationConfig });
  }
}
