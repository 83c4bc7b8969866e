import type {
  CostMetadata,
  ImageModelResult,
  TextModelResult,
} from '../provider/contract';
import type { ImageRequest } from '../schemas/image';
import type { TextRequest } from '../schemas/text';

/**
 * The output bound of a text request that names no `maxTokens`: the gateway
 * sends it to the provider, so what a hold covers is what the provider may
 * produce.
 */
export const DEFAULT_MAX_OUTPUT_TOKENS = 4_096;

/** The most an image call can cost, in micro-credits, before it is made. */
export function estimateImageCost(
  cost: CostMetadata | undefined,
  request: ImageRequest,
): number {
  if (cost === undefined) return 0;
  return wholeMicroCredits(
    (cost.perRequest ?? 0) + (cost.perImage ?? 0) * (request.n ?? 1),
  );
}

/** What the gateway knows of a text call's size before it is made. */
export interface TextCallBounds {
  /** The most input tokens the request can count (see the server's token counter). */
  inputTokens: number;
  /** The most output tokens the provider may produce. */
  maxOutputTokens: number;
}

/** The most a text call can cost, in micro-credits, before it is made. */
export function estimateTextCost(
  cost: CostMetadata | undefined,
  request: TextRequest,
  bounds: TextCallBounds,
): number {
  if (cost === undefined) return 0;
  return wholeMicroCredits(
    (cost.perRequest ?? 0) +
      (cost.perCharacter ?? 0) * inputCharacters(request) +
      (cost.perInputToken ?? 0) * bounds.inputTokens +
      (cost.perOutputToken ?? 0) * bounds.maxOutputTokens,
  );
}

/** What an image call did cost, in micro-credits. */
export function imageCost(
  cost: CostMetadata | undefined,
  result: ImageModelResult,
): number {
  if (cost === undefined) return 0;
  return wholeMicroCredits(
    (cost.perRequest ?? 0) + (cost.perImage ?? 0) * result.images.length,
  );
}

/**
 * What a text call did cost, in micro-credits: tokens from the usage the
 * provider reported, characters from the request's input.
 */
export function textCost(
  cost: CostMetadata | undefined,
  result: TextModelResult,
  request: TextRequest,
): number {
  if (cost === undefined) return 0;
  return wholeMicroCredits(
    (cost.perRequest ?? 0) +
      (cost.perCharacter ?? 0) * inputCharacters(request) +
      (cost.perInputToken ?? 0) * (result.usage.inputTokens ?? 0) +
      (cost.perOutputToken ?? 0) * (result.usage.outputTokens ?? 0),
  );
}

/** The characters of a text request's input: its prompt, or every message's content. */
export function inputCharacters(request: TextRequest): number {
  if (request.prompt !== undefined) return request.prompt.length;
  return (request.messages ?? []).reduce(
    (sum, message) => sum + message.content.length,
    0,
  );
}

/**
 * Rounds a charge up to a whole micro-credit, after dropping float noise
 * below a millionth (1000 × 1.2 must be 1200, not 1201).
 */
function wholeMicroCredits(amount: number): number {
  return Math.ceil(Math.round(amount * 1e6) / 1e6);
}
