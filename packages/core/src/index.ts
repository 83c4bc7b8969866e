export { VERSION } from './version';

// --- schemas
export {
  LIMITS,
  costSchema,
  microCreditsSchema,
  modelIdSchema,
  providerOptionsSchema,
  resultCacheSettingsSchema,
  usageSchema,
  warningSchema,
} from './schemas/common';
export type {
  Cost,
  ProviderOptions,
  ResultCacheSettings,
  Usage,
  Warning,
} from './schemas/common';
export {
  generatedImageSchema,
  imagePixels,
  imageRequestSchema,
} from './schemas/image';
export type {
  GeneratedImage,
  ImageRequest,
  ReferenceImage,
} from './schemas/image';
export { referenceImageSchema } from './schemas/image';
export { trainedModelSchema, trainingRequestSchema } from './schemas/training';
export type { TrainedModel, TrainingRequest } from './schemas/training';
export {
  generatedVideoSchema,
  posterImageSchema,
  storedArtifactSchema,
  VIDEO_MIME_TYPES,
  videoFormatSchema,
  videoFormats,
  videoRequestSchema,
} from './schemas/video';
export type {
  GeneratedVideo,
  PosterImage,
  StoredArtifact,
  VideoFormat,
  VideoRequest,
} from './schemas/video';
export {
  AUDIO_MIME_TYPES,
  audioFormatSchema,
  audioFormats,
  generatedAudioSchema,
  musicRequestSchema,
  speechRequestSchema,
} from './schemas/audio';
export type {
  AudioFormat,
  GeneratedAudio,
  MusicRequest,
  SpeechRequest,
} from './schemas/audio';
export {
  finishReasonSchema,
  messageSchema,
  textRequestSchema,
  toMessages,
} from './schemas/text';
export type { FinishReason, Message, TextRequest } from './schemas/text';
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
} from './schemas/generate';
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
} from './schemas/generate';
export { textStreamEventSchema, textStreamInputSchema } from './schemas/stream';
export type { TextStreamEvent, TextStreamInput } from './schemas/stream';
export {
  MAX_BATCH_ITEMS,
  batchItemErrorSchema,
  batchItemOutcomeSchema,
  generateBatchInputSchema,
  generateBatchResultSchema,
} from './schemas/batch';
export type {
  BatchItemError,
  BatchItemOutcome,
  GenerateBatchInput,
  GenerateBatchResult,
} from './schemas/batch';

// --- errors
export {
  ERROR_CODES,
  decisionFor,
  errorCodeFromStatus,
  errorCodeSchema,
  errorCodes,
  isErrorCode,
} from './errors/codes';
export type { ErrorCode, ErrorDecisionOverrides } from './errors/codes';
export {
  SwitchyardError,
  isAbortError,
  toSwitchyardError,
} from './errors/switchyard-error';
export type { SwitchyardErrorOptions } from './errors/switchyard-error';
export { RouteFailedError } from './errors/route-failed-error';
export type {
  FailureReason,
  RouteFailedErrorOptions,
} from './errors/route-failed-error';
export {
  MAX_PARSED_RETRY_AFTER_MS,
  parseDuration,
  parseRetryAfter,
} from './errors/retry-after';
export { loadApiKey } from './errors/load-api-key';

// --- provider contract
export {
  costMetadataSchema,
  imageCapabilitiesSchema,
  textCapabilitiesSchema,
} from './provider/contract';
export type {
  CallOptions,
  TaskCallOptions,
  CostMetadata,
  ImageCapabilities,
  ImageModel,
  ImageModelResult,
  ImageTaskModel,
  Model,
  ModelBase,
  ModelInfo,
  ModelKind,
  Provider,
  SubmittedTask,
  TaskModel,
  TaskStatus,
  TextCapabilities,
  TextModel,
  TextModelResult,
  TextStreamPart,
  TextStreamResult,
} from './provider/contract';
export {
  musicCapabilitiesSchema,
  speechCapabilitiesSchema,
} from './provider/audio-contract';
export {
  taskModelToMusicModel,
  taskModelToSpeechModel,
} from './provider/audio-task-model';
export { videoCapabilitiesSchema } from './provider/video-contract';
export type {
  ProviderVideo,
  VideoCapabilities,
  VideoModel,
  VideoModelResult,
  VideoTaskModel,
} from './provider/video-contract';
export { taskModelToVideoModel } from './provider/video-task-model';
export { trainingCapabilitiesSchema } from './provider/training-contract';
export type {
  TrainingCapabilities,
  TrainingModel,
  TrainingModelResult,
  TrainingTaskModel,
} from './provider/training-contract';
export { taskModelToTrainingModel } from './provider/training-task-model';
export { checkTrainingResult } from './results/check-training';
export type {
  AudioModelResult,
  MusicCapabilities,
  MusicModel,
  MusicTaskModel,
  ProviderAudio,
  SpeechCapabilities,
  SpeechModel,
  SpeechTaskModel,
} from './provider/audio-contract';
export {
  isModelKind,
  MODEL_KINDS,
  modelOfKind,
} from './provider/model-of-kind';
export { buildHttpProvider } from './provider/build-http-provider';
export type {
  BuildHttpProviderOptions,
  HttpModelContext,
  HttpModelKind,
  HttpModelKinds,
  HttpProvider,
} from './provider/build-http-provider';
export { defineHttpProvider } from './provider/define-http-provider';
export type {
  DefinedHttpProvider,
  HttpConfigSettings,
  HttpProviderSpec,
  HttpSettingsOf,
} from './provider/define-http-provider';
export {
  defineProvider,
  isProviderDefinition,
  providerFeatures,
} from './provider/definition';
export type {
  ProviderCreateContext,
  ProviderDefinition,
  ProviderEnvironmentVariables,
  ProviderFeature,
} from './provider/definition';
export { findKnownModel, knownModelInfos } from './provider/known-models';
export type { KnownModel, KnownModels } from './provider/known-models';
export {
  parseProviderOptions,
  unsupportedSetting,
} from './provider/provider-options';
export { ignoredSettings } from './provider/ignored-settings';
export { HttpModel } from './provider/http-model';
export type { HttpModelConfig } from './provider/http-model';
export {
  createModelHttpConfig,
  httpProviderSettingsSchema,
  lazyAuthHeaders,
  modelCallOptions,
  noModelsOfKind,
  resolveBaseURL,
} from './provider/provider-settings';
export type {
  HttpProviderSettings,
  ModelHttpConfig,
} from './provider/provider-settings';

// --- engine
export type {
  BreakerSettings,
  BreakerState,
  EngineEvent,
  ExecuteOptions,
  ModelResolver,
  RetrySettings,
  Route,
  RoutedCall,
  RouteTarget,
  RoutingEngine,
  RoutingEngineOptions,
  SharedBreakerStates,
  TargetHealth,
  TextStreamStart,
} from './engine/types';
export {
  LONG_TASK_ROUTE_DEFAULTS,
  ROUTE_DEFAULTS,
  applyRoutingOptions,
  createRoute,
  parseTarget,
  formatTarget,
  routeSettingsSchema,
} from './engine/route';
export type { RouteSettings } from './engine/route';
export { createRoutingEngine } from './engine/engine';
export { decide, noRetryReasons } from './engine/decide';
export type { Decision, DecideOptions, NoRetryReason } from './engine/decide';
export {
  fallbackReasonSchema,
  skipReasonSchema,
  skipReasons,
} from './engine/reasons';
export type { FallbackReason, SkipReason } from './engine/reasons';
export { CircuitBreaker } from './engine/circuit-breaker';
export type { BreakerChange, BreakerSnapshot } from './engine/circuit-breaker';
export { summarizeCalls } from './engine/health';
export type { CallRecord, HealthStats } from './engine/health';
export { backoffDelay } from './engine/backoff';
export {
  toImageResult,
  toMusicResult,
  toSpeechResult,
  toTextResult,
  toTrainingResult,
  toVideoResult,
} from './engine/result';
export type { ResultExtras } from './engine/result';
export {
  DEFAULT_MAX_OUTPUT_TOKENS,
  estimateImageCost,
  estimateMusicCost,
  estimateSpeechCost,
  estimateTextCost,
  estimateTrainingCost,
  estimateVideoCost,
  imageCost,
  inputCharacters,
  musicCost,
  speechCost,
  speechSecondsBound,
  textCost,
  videoCost,
  trainingCost,
  trainingStepsBound,
  videoLengthBoundMs,
} from './engine/cost';
export type { TextCallBounds } from './engine/cost';
export {
  applyMarkup,
  modelPricesSchema,
  pricingSettingsSchema,
} from './engine/pricing';
export type { ModelPrices, PricingSettings } from './engine/pricing';

// --- result check
export {
  checkImageResult,
  checkTextResult,
  checkTextStreamPart,
  checkedTextStream,
} from './results/check-result';
export type {
  CheckImageResultOptions,
  CheckTextResultOptions,
} from './results/check-result';
export { checkAudioResult } from './results/check-audio';
export type { CheckedAudioResult } from './results/check-audio';
export { measureAudio } from './results/audio-bytes';
export { pcmDurationMs, pcmToWav, WAV_HEADER_BYTES } from './media/wav';
export { zipStored } from './media/zip';
export type { ZipEntry } from './media/zip';
export type { AudioMeasure } from './results/audio-bytes';
export { checkVideoResult } from './results/check-video';
export type { CheckedVideoResult } from './results/check-video';
export { measureVideo } from './results/video-bytes';
export type { VideoMeasure } from './results/video-bytes';
export {
  imageUnsupported,
  musicUnsupported,
  speechUnsupported,
  trainingUnsupported,
  videoUnsupported,
} from './engine/supports';
export {
  IMAGE_EXTENSIONS,
  IMAGE_MIME_TYPES,
  imageTypeOf,
  inspectBase64Image,
  inspectImageBytes,
} from './results/image-bytes';
export type { ImageHeader, ImageMimeType } from './results/image-bytes';

// --- cache
export {
  SingleFlight,
  createMemoryResultCache,
  resultCacheKey,
} from './cache/result-cache';
export type {
  MemoryResultCacheOptions,
  ResultCache,
} from './cache/result-cache';

// --- store (interfaces; implementations in @switchyard/store-sql)
export type {
  ApiKeyLimits,
  ApiKeyRecord,
  ApiKeyStore,
  CreatedApiKey,
  CreditBalance,
  CreditLedger,
  GenerationOutcome,
  GenerationRecord,
  GenerationStore,
  Reservation,
  SwitchyardStore,
} from './store/store';
export type {
  AbandonedTask,
  JobChanges,
  JobRecord,
  JobStatus,
  JobStore,
  WebhookDelivery,
} from './store/jobs';
export { JOB_LOG_LINES } from './store/jobs';
export type { TokenRecord, TokenRevocation, TokenStore } from './store/tokens';
export type {
  TrainedModelRecord,
  TrainedModelStore,
} from './store/trained-models';
export { createMemoryArtifactStore } from './store/artifacts';
export type { ArtifactRecord, ArtifactStore } from './store/artifacts';
export { generateApiKey, hashApiKey } from './store/api-key';

// --- http (HTTP helper, SSE, task poller)
export {
  getBinary,
  getJson,
  postForBinary,
  postForm,
  postJson,
} from './http/json-requests';
export { omitUndefined, omitUndefinedOrNone } from './http/omit-undefined';
export type { OmitUndefined } from './http/omit-undefined';
export { postForSse } from './http/sse';
export { uploadForm } from './http/upload-form';
export {
  checkReferenceImageSource,
  loadReferenceImage,
} from './http/reference-image';
export type {
  LoadReferenceImageOptions,
  LoadedReferenceImage,
} from './http/reference-image';
export { incompleteStreamError, midStreamError } from './http/stream-end';
export {
  textStreamParts,
  type TextStreamChunkReading,
  type TextStreamPartsOptions,
} from './http/text-stream-parts';
export type { MidStreamErrorOptions } from './http/stream-end';
export { parseJsonText, tryParseJson } from './http/parse-json';
export type { ParseJsonTextOptions } from './http/parse-json';
export {
  headerSecretRedactor,
  switchyardUserAgent,
} from './http/request-headers';
export { REDACTED, createSecretRedactor } from './safety/redact-secrets';
export type { RedactOptions, SecretRedactor } from './safety/redact-secrets';
export { clipText } from './safety/clip-text';
export {
  DEFAULT_MODEL_ID_RULE,
  MODEL_ID_FORM,
  MODEL_ID_PATTERN,
  assertModelId,
  isValidModelId,
  modelPath,
  pathSegment,
} from './safety/model-id';
export type { ModelIdRule } from './safety/model-id';
export { toNetworkError } from './http/network-error';
export type {
  BinaryResponse,
  ErrorResponseDetails,
  FetchFunction,
  GetBinaryOptions,
  GetJsonOptions,
  HttpCallOptions,
  HttpResult,
  JsonResponseOptions,
  MapError,
  MappedError,
  PostForBinaryOptions,
  PostFormOptions,
  PostForSseOptions,
  PostJsonOptions,
  SseEvent,
  UploadFormOptions,
} from './http/http-types';
export {
  cancelQuietly,
  cancellableSleep,
  runTask,
} from './provider/task-poller';
export type {
  RunTaskOptions,
  Sleep,
  TaskModelAdapterOptions,
} from './provider/task-poller';
export { taskModelToImageModel } from './provider/image-task-model';
export type { TaskModelToImageModelOptions } from './provider/image-task-model';
