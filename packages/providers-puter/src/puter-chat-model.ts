import {
  HttpModel,
  ignoredSettings,
  postJson,
  toMessages,
  type CallOptions,
  type TextCapabilities,
  type TextModel,
  type TextModelResult,
  type TextRequest,
  type Usage,
} from '@switchyard/core';
import { mapFinishReason } from '@switchyard/openai-compatible';
import {
  chatResponseSchema,
  driverCall,
  failureError,
  type PuterModelConfig,
} from './puter-api';
import { mapPuterError } from './puter-error';

export const PUTER_CHAT_CAPABILITIES: TextCapabilities = {
  streaming: false,
  seed: false,
};

/** A Puter chat model: the `puter-chat-completion` driver's `complete` method. */
export class PuterChatModel
  extends HttpModel<PuterModelConfig>
  implements TextModel
{
  readonly kind = 'text';
  readonly capabilities = PUTER_CHAT_CAPABILITIES;
  protected override readonly mapError = mapPuterError;

  async generate(
    request: TextRequest,
    options: CallOptions,
  ): Promise<TextModelResult> {
    const warnings = ignoredSettings(request, ['topP', 'stop', 'seed']);
    const { value, responseHeaders } = await postJson({
      ...this.http(options),
      url: `${this.config.baseURL}/drivers/call`,
      body: driverCall({
        interface: 'puter-chat-completion',
        driver: 'ai-chat',
        method: 'complete',
        args: {
          messages: toMessages(request).map(({ role, content }) => ({
            role,
            content,
          })),
          model: this.modelId,
          max_tokens: request.maxTokens,
          temperature: request.temperature,
        },
      }),
      parse: chatResponseSchema,
    });
    if (!('result' in value)) {
      throw (
        failureError({ body: value, provider: this.provider }) ??
        new Error('unreachable: a Puter failure envelope did not map')
      );
    }
    const usage: Usage = {};
    for (const entry of value.result.usage ?? []) {
      if (entry.type === 'prompt') usage.inputTokens = entry.amount;
      if (entry.type === 'completion') usage.outputTokens = entry.amount;
    }
    if (usage.inputTokens !== undefined && usage.outputTokens !== undefined) {
      usage.totalTokens = usage.inputTokens + usage.outputTokens;
    }
    return {
      text: value.result.message.content ?? '',
      finishReason: mapFinishReason(value.result.finish_reason),
      usage,
      warnings,
      responseHeaders,
    };
  }
}
