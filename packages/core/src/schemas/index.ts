// Request and result schemas (zod) and the types derived from them.
// Re-exported whole by the package's index.

export {
  LIMITS,
  costSchema,
  microCreditsSchema,
  modelIdSchema,
  providerOptionsSchema,
  resultCacheSettingsSchema,
  usageSchema,
  warningSchema,
} from './common';
export type {
  Cost,
  ProviderOptions,
  ResultCacheSettings,
  Usage,
  Warning,
} from './common';
export { generatedImageSchema, imagePixels, imageRequestSchema } from './image';
export type { GeneratedImage, ImageRequest, ReferenceImage } from './image';
export { referenceImageSchema } from './image';
export { trainedModelSchema, trainingRequestSchema } from './training';
export type { TrainedModel, TrainingRequest } from './training';
export {
  generatedVideoSchema,
  posterImageSchema,
  storedArtifactSchema,
  VIDEO_MIME_TYPES,
  videoFormatSchema,
  videoFormats,
  videoRequestSchema,
} from './video';
export type {
  GeneratedVideo,
  PosterImage,
  StoredArtifact,
  VideoFormat,
  VideoRequest,
} from './video';
export {
  AUDIO_MIME_TYPES,
  audioFormatSchema,
  audioFormats,
  generatedAudioSchema,
  musicRequestSchema,
  speechRequestSchema,
} from './audio';
export type {
  AudioFormat,
  GeneratedAudio,
  MusicRequest,
  SpeechRequest,
} from './audio';
export {
  finishReasonSchema,
  messageSchema,
  textRequestSchema,
  toMessages,
} from './text';
export type { FinishReason, Message, TextRequest } from './text';
export {
  attemptSchema,
  generateInputSchema,
  generateResultSchema,
  imageGenerateInputSchema,
  imageResultSchema,
  musicGenerateInputSchema,
  musicResultSchema,
  videoGenerateInputSchema,
  trainingGenerateInputSchema,
  trainingResultSchema,
  videoResultSchema,
  pickRequest,
  routingOptionsSchema,
  speechGenerateInputSchema,
  speechResultSchema,
  textGenerateInputSchema,
  textResultSchema,
} from './generate';
export type {
  Attempt,
  GenerateInput,
  GenerateResult,
  ImageGenerateInput,
  ImageResult,
  GenerateType,
  MusicGenerateInput,
  MusicResult,
  VideoGenerateInput,
  TrainingGenerateInput,
  TrainingResult,
  VideoResult,
  RoutingOptions,
  SpeechGenerateInput,
  SpeechResult,
  TextGenerateInput,
  TextResult,
} from './generate';
export { textStreamEventSchema, textStreamInputSchema } from './stream';
export type { TextStreamEvent, TextStreamInput } from './stream';
export {
  MAX_BATCH_ITEMS,
  batchItemErrorSchema,
  batchItemOutcomeSchema,
  generateBatchInputSchema,
  generateBatchResultSchema,
} from './batch';
export type {
  BatchItemError,
  BatchItemOutcome,
  GenerateBatchInput,
  GenerateBatchResult,
} from './batch';
export {
  BUDGET_LEVELS,
  QUALITY_TIERS,
  ROUTING_STRATEGIES,
  SPEED_TIERS,
  SYSTEM_HEALTH_STATES,
  TARGET_HEALTH_STATES,
  budgetLevelSchema,
  modelTierSchema,
  qualityTierSchema,
  requirementsSchema,
  routeExplanationSchema,
  routingStrategySchema,
  speedTierSchema,
  systemHealthStateSchema,
  targetExplanationSchema,
  targetHealthStateSchema,
} from './routing';
export type {
  BudgetLevel,
  ModelTier,
  QualityTier,
  Requirements,
  RouteExplanation,
  RoutingStrategy,
  SpeedTier,
  SystemHealthState,
  TargetExplanation,
  TargetHealthState,
} from './routing';
