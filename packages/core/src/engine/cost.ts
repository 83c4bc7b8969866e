import type {
  CostMetadata,
  ImageModelResult,
  TextModelResult,
} from '../provider/contract';
import type { ImageRequest } from '../schemas/image';
import type { TextRequest } from '../schemas/text';

/** Rough characters per token for estimates before a call. */
const CHARS_PER_TOKEN = 4;
const DEFAULT_MAX_OUTPUT_TOKENS = 1_024;

/** The most an image call can cost, in micro-credits, before it is made. */
export function estimateImageCost(
  cost: CostMetadata | undefined,
  request: ImageRequest,
): number {
  if (cost === undefined) return 0;
  return (cost.perRequest ?? 0) + (cost.perImage ?? 0) * (request.n ?? 1);
}

/** The most a text call can cost, in micro-credits, before it is made. */
export function estimateTextCost(
  cost: CostMetadata | undefined,
  request: TextRequest,
): number {
  if (cost === undefined) return 0;
  const characters =
    request.prompt?.length ??
    (request.messages ?? []).reduce(
      (sum, message) => sum + message.content.length,
      0,
    );
  const inputTokens = Math.ceil(characters / CHARS_PER_TOKEN);
  const outputTokens = request.maxTokens ?? DEFAULT_MAX_OUTPUT_TOKENS;
  return Math.ceil(
    (cost.perRequest ?? 0) +
      (cost.perInputToken ?? 0) * inputTokens +
      (cost.perOutputToken ?? 0) * outputTokens,
  );
}

/** What an image call did cost, in micro-credits. */
export function imageCost(
  cost: CostMetadata | undefined,
  result: ImageModelResult,
): number {
  if (cost === undefined) return 0;
  return (cost.perRequest ?? 0) + (cost.perImage ?? 0) * result.images.length;
}

/** What a text call did cost, in micro-credits (from reported usage). */
export function textCost(
  cost: CostMetadata | undefined,
  result: TextModelResult,
): number {
  if (cost === undefined) return 0;
  return Math.ceil(
    (cost.perRequest ?? 0) +
      (cost.perInputToken ?? 0) * (result.usage.inputTokens ?? 0) +
      (cost.perOutputToken ?? 0) * (result.usage.outputTokens ?? 0),
  );
}
