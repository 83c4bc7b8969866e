// The routing engine: routes, retries, breakers, fallback, prices and costs, results.
// Re-exported whole by the package's index.

export type {
  AdmitVerdict,
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
} from './types';
export {
  LONG_TASK_ROUTE_DEFAULTS,
  ROUTE_DEFAULTS,
  applyRoutingOptions,
  createRoute,
  parseTarget,
  formatTarget,
  routeSettingsSchema,
} from './route';
export type { RouteSettings } from './route';
export { createRoutingEngine } from './engine';
export { decide, noRetryReasons } from './decide';
export type { Decision, DecideOptions, NoRetryReason } from './decide';
export { fallbackReasonSchema, skipReasonSchema, skipReasons } from './reasons';
export type { FallbackReason, SkipReason } from './reasons';
export { CircuitBreaker } from './circuit-breaker';
export type { BreakerChange, BreakerSnapshot } from './circuit-breaker';
export { summarizeCalls } from './health';
export type { CallRecord, HealthStats } from './health';
export { backoffDelay } from './backoff';
export {
  toImageResult,
  toMusicResult,
  toSpeechResult,
  toTextResult,
  toTrainingResult,
  toVideoResult,
} from './result';
export type { ResultExtras } from './result';
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
} from './cost';
export type { TextCallBounds } from './cost';
export {
  applyMarkup,
  modelPricesSchema,
  pricingSettingsSchema,
} from './pricing';
export type { ModelPrices, PricingSettings } from './pricing';
export {
  imageUnsupported,
  musicUnsupported,
  requestUnsupported,
  speechUnsupported,
  trainingUnsupported,
  videoUnsupported,
} from './supports';
export * from './ranking';
