import type { TextRequest } from '@switchyard/core';
import { createRequire } from 'node:module';

type CountTokens = (text: string) => number;
let loadedCount: CountTokens | undefined;

/**
 * gpt-tokenizer's o200k count, its vocabulary (50 MB of memory) loaded on
 * the first count: only a call whose input tokens have a price is counted,
 * so a gateway without such prices never loads it.
 */
function countTokens(text: string): number {
  loadedCount ??= (
    createRequire(import.meta.url)('gpt-tokenizer/cjs/encoding/o200k_base') as {
      countTokens: CountTokens;
    }
  ).countTokens;
  return loadedCount(text);
}

/**
 * Models whose tokenizer is o200k_base (gpt-4o and later OpenAI models):
 * their input is counted exactly. The id's last path segment is matched, so
 * `openai/gpt-4o` behind a router counts too.
 */
const O200K_MODEL = /^(gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o[1-9])/;
/**
 * Other families (Claude, Gemini, Llama, Mistral, …) have no tokenizer here:
 * their count is the o200k count times this factor, and never more than the
 * UTF-8 byte count (no byte-level tokenizer makes more tokens than bytes).
 */
const OTHER_FAMILY_FACTOR = 1.5;
/** Chat formatting tokens per message, and per call (OpenAI's accounting, rounded up). */
const TOKENS_PER_MESSAGE = 4;
const TOKENS_PER_CALL = 3;
/**
 * Characters of one call the tokenizer reads: byte-pair encoding is
 * super-linear on long unbroken runs (200,000 CJK characters take seconds),
 * so text past this budget is bounded by its UTF-8 bytes instead (an over
 * count: holds only, never charges). It covers a whole image prompt.
 */
const TOKENIZER_BUDGET_CHARS = 32_000;
/** Inputs up to this many UTF-8 bytes are counted as their bytes, without the tokenizer. */
const SMALL_INPUT_BYTES = 1_024;
/** The tokenizer reads text in slices this long, which bounds its cost per slice. */
const SLICE_CHARS = 64;

/** Which way a model's input tokens are counted. */
export type TokenFamily = 'o200k' | 'other';

/** The tokenizer family of a model id. */
export function tokenFamilyOf(modelId: string): TokenFamily {
  const name = modelId.slice(modelId.lastIndexOf('/') + 1).toLowerCase();
  return O200K_MODEL.test(name) ? 'o200k' : 'other';
}

/**
 * The most input tokens a text request can count for a model family: the
 * prompt or every message, plus chat formatting. Counted with a real
 * tokenizer (gpt-tokenizer's o200k_base), so CJK text, which beats the old
 * characters/4 estimate, is covered.
 */
export function countInputTokens(
  request: TextRequest,
  family: TokenFamily,
): number {
  const texts =
    request.prompt === undefined
      ? (request.messages ?? []).map((message) => message.content)
      : [request.prompt];
  const bytes = texts.reduce(
    (total, text) => total + Buffer.byteLength(text, 'utf8'),
    0,
  );
  // A short input is bounded by its bytes (no tokenizer makes more tokens
  // than bytes): at most a few hundred tokens over, and the tokenizer's
  // vocabulary (50 MB) is never loaded for the chats most calls are.
  if (bytes <= SMALL_INPUT_BYTES) {
    return TOKENS_PER_CALL + TOKENS_PER_MESSAGE * texts.length + bytes;
  }
  let budget = TOKENIZER_BUDGET_CHARS;
  let tokens = TOKENS_PER_CALL;
  for (const text of texts) {
    const counted = text.slice(0, budget);
    budget -= counted.length;
    tokens +=
      TOKENS_PER_MESSAGE +
      boundFor({ text: counted, family }) +
      Buffer.byteLength(text.slice(counted.length), 'utf8');
  }
  return tokens;
}

function boundFor(options: { text: string; family: TokenFamily }): number {
  const { text, family } = options;
  if (text === '') return 0;
  const counted = countInSlices(text);
  if (family === 'o200k') return counted;
  return Math.min(
    Buffer.byteLength(text, 'utf8'),
    Math.ceil(counted * OTHER_FAMILY_FACTOR),
  );
}

/** Tokens of `text` counted slice by slice (never splitting a surrogate pair). */
function countInSlices(text: string): number {
  let tokens = 0;
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + SLICE_CHARS);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end += 1;
    tokens += countTokens(text.slice(start, end));
    start = end;
  }
  return tokens;
}
