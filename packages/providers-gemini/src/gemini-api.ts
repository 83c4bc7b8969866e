import {
  SwitchyardError,
  toMessages,
  type ModelIdRule,
  type FinishReason,
  type TextRequest,
  type Usage,
} from '@switchyard/core';
import { z } from 'zod';

/** Gemini model ids: a name such as `gemini-2.5-flash`, without `models/`. */
export const GEMINI_MODEL_ID: ModelIdRule = {
  pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
  form: 'a Gemini model name such as "gemini-2.5-flash" (letters, digits, . _ -, without "models/")',
};

const partSchema = z.looseObject({
  text: z.string().nullish(),
  thought: z.boolean().nullish(),
  inlineData: z.object({ mimeType: z.string(), data: z.string() }).nullish(),
});

/** The fields of a generateContent answer (or one streamed chunk) we read. */
export const generateContentSchema = z.object({
  candidates: z
    .array(
      z.object({
        content: z.object({ parts: z.array(partSchema).nullish() }).nullish(),
        finishReason: z.string().nullish(),
      }),
    )
    .nullish(),
  promptFeedback: z.object({ blockReason: z.string().nullish() }).nullish(),
  usageMetadata: z
    .object({
      promptTokenCount: z.number().int().nullish(),
      candidatesTokenCount: z.number().int().nullish(),
      totalTokenCount: z.number().int().nullish(),
    })
    .nullish(),
  modelVersion: z.string().nullish(),
  /** Sent in place of a chunk when the stream fails midway. */
  error: z
    .object({
      code: z.number().nullish(),
      status: z.string().nullish(),
      message: z.string().nullish(),
    })
    .nullish(),
});
export type GenerateContentResponse = z.infer<typeof generateContentSchema>;

/** The fields of an Imagen `:predict` answer we read. */
export const predictSchema = z.object({
  predictions: z
    .array(
      z.object({
        bytesBase64Encoded: z.string(),
        mimeType: z.string().nullish(),
      }),
    )
    .min(1),
});

/** The `contents` and `systemInstruction` of a request. */
export function toContents(request: TextRequest): GeminiContents {
  const messages = toMessages(request);
  const system = messages.filter((message) => message.role === 'system');
  return {
    contents: messages
      .filter((message) => message.role !== 'system')
      .map((message) => ({
        role: message.role === 'assistant' ? 'model' : 'user',
        parts: [{ text: message.content }],
      })),
    ...(system.length === 0
      ? {}
      : {
          systemInstruction: {
            parts: system.map((message) => ({ text: message.content })),
          },
        }),
  };
}

/** One part of a request's message: text, or an inline file (an input image). */
export type GeminiRequestPart =
  { text: string } | { inlineData: { mimeType: string; data: string } };

/** The conversation part of a `:generateContent` body. */
export interface GeminiContents {
  contents: Array<{ role: 'user' | 'model'; parts: GeminiRequestPart[] }>;
  systemInstruction?: { parts: Array<{ text: string }> };
}

/** The body of a text model's `:generateContent` / `:streamGenerateContent`. */
export interface GenerateContentBody extends GeminiContents {
  generationConfig?: {
    maxOutputTokens?: number;
    temperature?: number;
    topP?: number;
    topK?: number;
    stopSequences?: string[];
    seed?: number;
    thinkingConfig?: { thinkingBudget: number };
  };
}

/** The body of an image-output model's `:generateContent`. */
export interface ImageContentBody extends GeminiContents {
  generationConfig: {
    responseModalities: Array<'TEXT' | 'IMAGE'>;
    imageConfig?: { aspectRatio: string };
  };
}

/** The body of an Imagen model's `:predict`. */
export interface PredictBody {
  instances: Array<{ prompt: string }>;
  parameters: {
    sampleCount?: number;
    aspectRatio?: string;
    seed?: number;
    personGeneration?: string;
  };
}

/** Throws `content_policy` when Gemini blocked the prompt itself. */
export function throwIfBlocked(
  response: GenerateContentResponse,
  provider: string,
): void {
  const blockReason = response.promptFeedback?.blockReason;
  if (blockReason == null) return;
  throw new SwitchyardError({
    code: 'content_policy',
    provider,
    message: `${provider} blocked the prompt (${blockReason}); rephrase it or route it to another provider.`,
  });
}

/** The answer text of a response: text parts that are not thoughts. */
export function answerText(response: GenerateContentResponse): string {
  return (response.candidates?.[0]?.content?.parts ?? [])
    .filter((part) => part.thought !== true && part.text != null)
    .map((part) => part.text ?? '')
    .join('');
}

/** Maps Gemini's finishReason to core's. */
export function mapFinishReason(
  reason: string | null | undefined,
): FinishReason {
  switch (reason ?? '') {
    case 'STOP':
      return 'stop';
    case 'MAX_TOKENS':
      return 'length';
    case 'SAFETY':
    case 'RECITATION':
    case 'BLOCKLIST':
    case 'PROHIBITED_CONTENT':
    case 'SPII':
    case 'IMAGE_SAFETY':
      return 'content-filter';
    case 'MALFORMED_FUNCTION_CALL':
      return 'tool-calls';
    default:
      return 'other';
  }
}

/** Maps Gemini's usageMetadata to core's usage. */
export function mapUsage(response: GenerateContentResponse): Usage {
  const metadata = response.usageMetadata;
  const usage: Usage = {};
  if (metadata?.promptTokenCount != null)
    usage.inputTokens = metadata.promptTokenCount;
  if (metadata?.candidatesTokenCount != null) {
    usage.outputTokens = metadata.candidatesTokenCount;
  }
  if (metadata?.totalTokenCount != null)
    usage.totalTokens = metadata.totalTokenCount;
  return usage;
}

/**
 * Throws when an image- or audio-output answer has none: `content_policy`
 * when the candidate was stopped for safety, else `invalid_response` (the
 * model answered with text only), quoting the start of what it said.
 */
export function throwIfNoMedia(options: {
  response: GenerateContentResponse;
  count: number;
  media: 'image' | 'audio';
  provider: string;
}): void {
  const { response, count, media, provider } = options;
  if (count > 0) return;
  const reason = response.candidates?.[0]?.finishReason;
  const said = answerText(response).trim().slice(0, 200);
  const quoted = said === '' ? '' : `: "${said}"`;
  if (mapFinishReason(reason) === 'content-filter') {
    throw new SwitchyardError({
      code: 'content_policy',
      provider,
      message: `${provider} made no ${media} (finishReason ${reason ?? ''})${quoted}`,
    });
  }
  throw new SwitchyardError({
    code: 'invalid_response',
    provider,
    message: `${provider} answered with text only, no ${media}${quoted}`,
  });
}
