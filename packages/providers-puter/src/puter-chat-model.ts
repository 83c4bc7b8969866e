import {
  modelCallOptions,
  postJson,
  toMessages,
  unsupportedSetting,
  type CallOptions,
  type CostMetadata,
  type TextCapabilities,
  type TextModel,
  type TextModelResult,
  type TextRequest,
  type Usage,
  type Warning,
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
export class PuterChatModel implements TextModel {
  readonly kind = 'text';
  readonly provider: string;
  readonly capabilities = PUTER_CHAT_CAPABILITIES;
  readonly cost?: CostMetadata;

  constructor(
    readonly modelId: string,
    private readonly config: PuterModelConfig,
  ) {
    this.provider = config.provider;
    this.cost = config.cost;
  }

  async generate(
    request: TextRequest,
    options: CallOptions,
  ): Promise<TextModelResult> {
    const warnings: Warning[] = [];
    for (const setting of ['topP', 'stop', 'seed'] as const) {
      if (request[setting] !== undefined)
        warnings.push(unsupportedSetting({ setting }));
    }
    const { value, responseHeaders } = await postJson({
      ...modelCallOptions({
        config: this.config,
        call: options,
        mapError: mapPuterError,
      }),
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
