import {
  toMessages,
  type CallOptions,
  type CostMetadata,
  type FinishReason,
  type TextCapabilities,
  type TextModel,
  type TextModelResult,
  type TextRequest,
  type TextStreamPart,
  type TextStreamResult,
  type Warning,
} from '@switchyard/core';
import { applyFaults } from './faults';
import type { LocalSettings } from './settings';

export const ECHO_CAPABILITIES: TextCapabilities = {
  streaming: true,
  seed: false,
  maxOutputTokens: 4_096,
};

/** Local generation costs nothing. */
export const ECHO_COST: CostMetadata = { perInputToken: 0, perOutputToken: 0 };

const ECHO_PREFIX = 'echo: ';

/**
 * Creates the `echo` text model of a local instance: a development stand-in,
 * not a language model. It answers `echo: <the last user message>`, counts a
 * token per whitespace-separated word, cuts the answer at `maxTokens` words
 * (finish reason `length`) or at the first `stop` sequence.
 */
export function createEchoModel(options: {
  provider: string;
  settings: LocalSettings;
  random: () => number;
}): TextModel {
  const { provider, settings, random } = options;
  return {
    kind: 'text',
    provider,
    modelId: 'echo',
    capabilities: ECHO_CAPABILITIES,
    cost: ECHO_COST,
    async stream(
      request: TextRequest,
      callOptions: CallOptions,
    ): Promise<TextStreamResult> {
      const answer = await this.generate(request, callOptions);
      const { signal } = callOptions;
      // The answer a word at a time (each with the space before it), as a
      // model writes it, so streaming clients have more than one part.
      async function* parts(): AsyncGenerator<TextStreamPart> {
        for (const piece of answer.text.match(/\s*\S+/g) ?? []) {
          // A turn of the event loop between words, so each goes out on its own.
          await new Promise((resolve) => setImmediate(resolve));
          signal?.throwIfAborted();
          yield { type: 'text-delta', text: piece };
        }
        yield {
          type: 'text-end',
          finishReason: answer.finishReason,
          usage: answer.usage,
          modelId: 'echo',
        };
      }
      return { parts: parts(), warnings: answer.warnings };
    },
    async generate(
      request: TextRequest,
      callOptions: CallOptions,
    ): Promise<TextModelResult> {
      await applyFaults({
        faults: settings.faults,
        provider,
        random,
        signal: callOptions.signal,
      });
      const messages = toMessages(request);
      const lastUserMessage =
        messages.findLast((message) => message.role === 'user') ??
        messages.at(-1);
      const answer = shapeAnswer(
        `${ECHO_PREFIX}${lastUserMessage?.content ?? ''}`,
        request,
      );
      const inputTokens = messages.reduce(
        (total, message) => total + countWords(message.content),
        0,
      );
      const outputTokens = countWords(answer.text);
      return {
        text: answer.text,
        finishReason: answer.finishReason,
        usage: {
          inputTokens,
          outputTokens,
          totalTokens: inputTokens + outputTokens,
        },
        warnings: ignoredSettings(request),
        modelId: 'echo',
      };
    },
  };
}

function shapeAnswer(
  text: string,
  request: TextRequest,
): { text: string; finishReason: FinishReason } {
  let shaped = text;
  let finishReason: FinishReason = 'stop';
  for (const stop of request.stop ?? []) {
    const at = shaped.indexOf(stop);
    if (at !== -1) shaped = shaped.slice(0, at);
  }
  if (request.maxTokens !== undefined) {
    const words = shaped.split(/(\s+)/);
    // split with a capture keeps the separators: word, space, word, …
    const kept = words.slice(0, request.maxTokens * 2 - 1).join('');
    if (countWords(kept) < countWords(shaped)) {
      shaped = kept;
      finishReason = 'length';
    }
  }
  return { text: shaped, finishReason };
}

function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length;
}

function ignoredSettings(request: TextRequest): Warning[] {
  const warnings: Warning[] = [];
  for (const setting of ['temperature', 'topP', 'seed'] as const) {
    if (request[setting] !== undefined) {
      warnings.push({
        type: 'unsupported-setting',
        setting,
        message: `The local echo model is deterministic; ${setting} was ignored.`,
      });
    }
  }
  return warnings;
}
