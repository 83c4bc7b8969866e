import {
  DEFAULT_MAX_OUTPUT_TOKENS,
  estimateImageCost,
  estimateMusicCost,
  estimateSpeechCost,
  estimateTextCost,
  estimateVideoCost,
  estimateTrainingCost,
  trainingStepsBound,
  type MusicRequest,
  type SpeechRequest,
  type GenerateInput,
  type CreditLedger,
  type ImageRequest,
  type Model,
  type ModelKind,
  type RouteTarget,
  type TextRequest,
  type VideoRequest,
  type TrainingRequest,
} from '@switchyard/core';
import { createCreditHold, type CreditHold } from './credit-hold';
import type { PriceBook } from './price-book';
import {
  countInputTokens,
  tokenFamilyOf,
  type TokenFamily,
} from './token-count';

/**
 * The model request of an input with its output bounded: a text request
 * without `maxTokens` is sent with {@link DEFAULT_MAX_OUTPUT_TOKENS}, so a
 * credit hold covers all the provider may produce.
 */
export function boundedRequest(options: {
  input: GenerateInput;
  request: Record<string, unknown>;
}): Record<string, unknown> {
  const { input, request } = options;
  if (input.type !== 'text' || request.maxTokens !== undefined) return request;
  return { ...request, maxTokens: DEFAULT_MAX_OUTPUT_TOKENS };
}

/**
 * The most a call may cost at each target, in micro-credits (undefined for
 * a target without a price): images at the request's `n`; text with its
 * input counted by a tokenizer and its output at `maxTokens` (capped by the
 * model's own maximum).
 */
export function holdEstimate(options: {
  kind: ModelKind;
  request: Record<string, unknown>;
  priceBook: PriceBook;
  resolveModel: (target: RouteTarget, kind: ModelKind) => Model;
}): (target: RouteTarget) => number | undefined {
  const { kind, priceBook, resolveModel } = options;
  if (kind === 'image') {
    const request = options.request as ImageRequest;
    return (target) => {
      const cost = priceBook.chargeableOf(target, kind);
      return cost === undefined ? undefined : estimateImageCost(cost, request);
    };
  }
  if (kind === 'speech') {
    const request = options.request as SpeechRequest;
    return (target) => {
      const cost = priceBook.chargeableOf(target, kind);
      return cost === undefined ? undefined : estimateSpeechCost(cost, request);
    };
  }
  const media = mediaEstimate(options);
  if (media !== undefined) return media;
  const request = options.request as TextRequest;
  const counted = new Map<TokenFamily, number>();
  const inputTokens = (family: TokenFamily) => {
    let tokens = counted.get(family);
    if (tokens === undefined) {
      tokens = countInputTokens(request, family);
      counted.set(family, tokens);
    }
    return tokens;
  };
  return (target) => {
    const cost = priceBook.chargeableOf(target, kind);
    if (cost === undefined) return undefined;
    const model = resolveModel(target, kind);
    const modelMax =
      model.kind === 'text' ? model.capabilities.maxOutputTokens : undefined;
    const asked = request.maxTokens ?? DEFAULT_MAX_OUTPUT_TOKENS;
    return estimateTextCost(cost, request, {
      // Counting costs CPU: only when input tokens have a price.
      inputTokens:
        (cost.perInputToken ?? 0) > 0
          ? inputTokens(tokenFamilyOf(target.model))
          : 0,
      maxOutputTokens: Math.min(asked, modelMax ?? asked),
    });
  };
}

/** The hold estimate of a music, video or training call (lengths and steps from the model), or undefined for other kinds. */
function mediaEstimate(options: {
  kind: ModelKind;
  request: Record<string, unknown>;
  priceBook: PriceBook;
  resolveModel: (target: RouteTarget, kind: ModelKind) => Model;
}): ((target: RouteTarget) => number | undefined) | undefined {
  const { kind, priceBook, resolveModel } = options;
  if (kind === 'music') {
    const request = options.request as MusicRequest;
    return (target) => {
      const cost = priceBook.chargeableOf(target, kind);
      if (cost === undefined) return undefined;
      const model = resolveModel(target, kind);
      // A model that says no default length is held for its longest.
      const lengths =
        model.kind === 'music'
          ? model.capabilities
          : { defaultDurationMs: request.durationMs ?? 0 };
      return estimateMusicCost(cost, request, lengths);
    };
  }
  if (kind === 'video') {
    const request = options.request as VideoRequest;
    return (target) => {
      const cost = priceBook.chargeableOf(target, kind);
      if (cost === undefined) return undefined;
      const model = resolveModel(target, kind);
      const lengths =
        model.kind === 'video'
          ? model.capabilities
          : { defaultDurationMs: request.durationMs ?? 0 };
      return estimateVideoCost(cost, request, lengths);
    };
  }
  if (kind === 'training') {
    const request = options.request as TrainingRequest;
    return (target) => {
      const cost = priceBook.chargeableOf(target, kind);
      if (cost === undefined) return undefined;
      const model = resolveModel(target, kind);
      // A trainer that is not one holds for the steps asked for (at least one).
      const steps =
        model.kind === 'training'
          ? model.capabilities
          : { defaultSteps: request.steps ?? 1 };
      return estimateTrainingCost(cost, trainingStepsBound(request, steps));
    };
  }
  return undefined;
}

/**
 * The credit hold of a paying caller's call (none without a payer): it
 * holds each target's {@link holdEstimate} and lives `ttlMs`.
 */
export function createHoldFor(options: {
  payer?: {
    ledger: CreditLedger;
    keyId: string;
    tokenId?: string;
    holder?: string;
  };
  request: Record<string, unknown>;
  route: { kind: ModelKind };
  priceBook: PriceBook;
  resolveModel: (target: RouteTarget, kind: ModelKind) => Model;
  ttlMs: number;
}): CreditHold | undefined {
  const { payer, request, route, priceBook, resolveModel, ttlMs } = options;
  if (payer === undefined) return undefined;
  return createCreditHold({
    ledger: payer.ledger,
    keyId: payer.keyId,
    tokenId: payer.tokenId,
    holder: payer.holder,
    estimate: holdEstimate({
      kind: route.kind,
      request,
      priceBook,
      resolveModel,
    }),
    ttlMs,
  });
}
