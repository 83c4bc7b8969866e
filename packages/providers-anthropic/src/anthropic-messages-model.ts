import {
  HttpModel,
  incompleteStreamError,
  midStreamError,
  omitUndefined,
  parseJsonText,
  parseProviderOptions,
  postForSse,
  postJson,
  toMessages,
  unsupportedSetting,
  type CallOptions,
  type CostMetadata,
  type ModelHttpConfig,
  type FinishReason,
  type Message,
  type SseEvent,
  type TextCapabilities,
  type TextModel,
  type TextModelResult,
  type TextRequest,
  type TextStreamPart,
  type TextStreamResult,
  type Usage,
  type Warning,
} from '@switchyard/core';
import {
  messageSchema,
  streamEventSchema,
  type MessagesBody,
} from './anthropic-api';
import { anthropicErrorCode, mapAnthropicError } from './anthropic-error';
import { anthropicOptionsSchema } from './anthropic-options';

/** Anthropic requires max_tokens; this is sent when the request gives none. */
export const DEFAULT_MAX_TOKENS = 4_096;

/** What an {@link AnthropicMessagesModel} needs from its provider. */
export interface AnthropicMessagesModelConfig extends ModelHttpConfig {
  capabilities: TextCapabilities;
  cost?: CostMetadata;
}

/** A Claude model over `POST /messages`, with `generate` and `stream`. */
export class AnthropicMessagesModel
  extends HttpModel<AnthropicMessagesModelConfig>
  implements TextModel
{
  readonly kind = 'text';
  readonly capabilities: TextCapabilities = this.config.capabilities;
  protected override readonly mapError = mapAnthropicError;

  async generate(
    request: TextRequest,
    options: CallOptions,
  ): Promise<TextModelResult> {
    const { body, warnings } = this.getArgs(request);
    const { value, responseHeaders } = await postJson({
      ...this.callOptions(options),
      body,
      parse: messageSchema,
    });
    return {
      text: value.content
        .filter((block) => block.type === 'text')
        .map((block) => block.text ?? '')
        .join(''),
      finishReason: mapStopReason(value.stop_reason),
      usage: toUsage(value.usage?.input_tokens, value.usage?.output_tokens),
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
      body: { ...body, stream: true },
    });
    return { parts: this.toParts(events), warnings, responseHeaders };
  }

  private async *toParts(
    events: AsyncIterable<SseEvent>,
  ): AsyncIterable<TextStreamPart> {
    let inputTokens: number | null | undefined;
    let outputTokens: number | null | undefined;
    let finishReason: FinishReason = 'other';
    let modelId: string | undefined;
    let stopped = false;
    for await (const event of events) {
      const data = parseJsonText({
        text: event.data,
        schema: streamEventSchema,
        provider: this.provider,
      });
      switch (data.type) {
        case 'message_start':
          modelId = data.message.model ?? undefined;
          inputTokens = data.message.usage?.input_tokens;
          break;
        case 'content_block_delta':
          if (data.delta.text != null && data.delta.text !== '') {
            yield { type: 'text-delta', text: data.delta.text };
          }
          break;
        case 'message_delta':
          finishReason = mapStopReason(data.delta.stop_reason);
          outputTokens = data.usage?.output_tokens ?? outputTokens;
          inputTokens = data.usage?.input_tokens ?? inputTokens;
          break;
        case 'error':
          throw midStreamError({
            provider: this.provider,
            code: anthropicErrorCode(data.error.type),
            type: data.error.type,
            message: data.error.message,
          });
        case 'message_stop':
          stopped = true;
          break;
        case 'ping':
        case 'content_block_start':
        case 'content_block_stop':
          break;
      }
    }
    // A stream that closes before `message_stop` was cut short.
    if (!stopped) {
      throw incompleteStreamError({
        provider: this.provider,
        marker: 'message_stop',
      });
    }
    yield {
      type: 'text-end',
      finishReason,
      usage: toUsage(inputTokens, outputTokens),
      modelId,
    };
  }

  private callOptions(options: CallOptions) {
    return { ...this.http(options), url: `${this.config.baseURL}/messages` };
  }

  private getArgs(request: TextRequest): {
    body: MessagesBody;
    warnings: Warning[];
  } {
    const warnings: Warning[] = [];
    const ownOptions = parseProviderOptions({
      provider: this.provider,
      key: 'anthropic',
      providerOptions: request.providerOptions,
      schema: anthropicOptionsSchema,
    });
    if (request.seed !== undefined) {
      warnings.push(unsupportedSetting({ setting: 'seed' }));
    }
    const messages = toMessages(request);
    const system = messages
      .filter((message) => message.role === 'system')
      .map((message) => message.content)
      .join('\n\n');
    const body = omitUndefined({
      model: this.modelId,
      max_tokens: request.maxTokens ?? DEFAULT_MAX_TOKENS,
      system: system === '' ? undefined : system,
      messages: messages
        .filter((message) => message.role !== 'system')
        .map(({ role, content }) => ({
          role: conversationRole(role),
          content,
        })),
      temperature: request.temperature,
      top_p: request.topP,
      stop_sequences: request.stop,
      metadata:
        ownOptions?.userId === undefined
          ? undefined
          : { user_id: ownOptions.userId },
      top_k: ownOptions?.topK,
    });
    return { body, warnings };
  }
}

function mapStopReason(reason: string | null | undefined): FinishReason {
  switch (reason ?? '') {
    case 'end_turn':
    case 'stop_sequence':
    case 'pause_turn':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool-calls';
    case 'refusal':
      return 'content-filter';
    default:
      return 'other';
  }
}

function toUsage(
  inputTokens: number | null | undefined,
  outputTokens: number | null | undefined,
): Usage {
  const usage: Usage = {};
  if (inputTokens != null) usage.inputTokens = inputTokens;
  if (outputTokens != null) usage.outputTokens = outputTokens;
  if (inputTokens != null && outputTokens != null) {
    usage.totalTokens = inputTokens + outputTokens;
  }
  return usage;
}

/** A message's role in the conversation; system text goes to `system` instead. */
function conversationRole(role: Message['role']): 'user' | 'assistant' {
  return role === 'assistant' ? 'assistant' : 'user';
}
