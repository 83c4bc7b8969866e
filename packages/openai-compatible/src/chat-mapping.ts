import type { FinishReason, Usage } from '@switchyard/core';
import type { ChatUsage } from './chat-api';

/** Maps a chat-completions `finish_reason` to core's finish reason. */
export function mapFinishReason(
  reason: string | null | undefined,
): FinishReason {
  switch (reason ?? '') {
    case 'stop':
    case 'eos':
      return 'stop';
    case 'length':
    case 'model_length':
      return 'length';
    case 'content_filter':
      return 'content-filter';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case 'error':
      return 'error';
    default:
      return 'other';
  }
}

/** Maps chat-completions usage to core's usage, leaving out what was not reported. */
export function mapUsage(usage: ChatUsage): Usage {
  const mapped: Usage = {};
  if (usage?.prompt_tokens != null) mapped.inputTokens = usage.prompt_tokens;
  if (usage?.completion_tokens != null) {
    mapped.outputTokens = usage.completion_tokens;
  }
  if (usage?.total_tokens != null) mapped.totalTokens = usage.total_tokens;
  return mapped;
}
