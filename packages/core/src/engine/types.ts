import type { Attempt } from '../schemas/generate';
import type { ResultCacheSettings } from '../schemas/common';
import type { BudgetLevel, RoutingStrategy } from '../schemas/routing';
import type { BreakerChange } from './circuit-breaker';
import type { ErrorCode, ErrorDecisionOverrides } from '../errors/codes';
import type { FallbackReason, SkipReason } from './reasons';
import type { TargetStats } from './ranking/types';
import type {
  CallOptions,
  ImageModelResult,
  Model,
  ModelKind,
  TaskCallOptions,
  TextModelResult,
  TextStreamPart,
} from '../provider/contract';
import type { Warning } from '../schemas/common';
import type { CheckedAudioResult } from '../results/check-audio';
import type { MusicRequest, SpeechRequest } from '../schemas/audio';
import type { VideoRequest } from '../schemas/video';
import type { TrainingRequest } from '../schemas/training';
import type { TrainingModelResult } from '../provider/training-contract';
import type { CheckedVideoResult } from '../results/check-video';
import type { ImageRequest } from '../schemas/image';
import type { TextRequest } from '../schemas/text';

/** One step of a route: a provider instance and one of its models. */
export interface RouteTarget {
  /** Provider instance name from the config (`openai`, `flaky`, …). */
  instance: string;
  model: string;
}

/** Retries at one target before moving on. */
export interface RetrySettings {
  /** Calls per target, the first included. Default 2. */
  maxAttempts: number;
  /** First backoff delay; doubles per retry, with jitter. Default 250 ms. */
  baseDelayMs: number;
  /** Largest backoff delay. Default 8000 ms. */
  maxDelayMs: number;
  /**
   * The longest Retry-After the engine will wait at one target. A longer one
   * moves on to the next target instead. Default 10000 ms.
   */
  maxRetryAfterMs: number;
}

/** Circuit breaker settings, per target. */
export interface BreakerSettings {
  /** Consecutive health failures that open the breaker. Default 5. */
  failureThreshold: number;
  /** How long it stays open before one probe call is let through. Default 30000 ms. */
  halfOpenAfterMs: number;
}

/** A resolved route: ordered targets and the policies that run them. */
export interface Route {
  name: string;
  kind: ModelKind;
  targets: RouteTarget[];
  retry: RetrySettings;
  breaker: BreakerSettings;
  /** Per-attempt timeout. Default 60000 ms. */
  timeoutMs: number;
  /** One deadline across every attempt of the call. Default 120000 ms. */
  deadlineMs: number;
  /** Streams: the longest wait between two parts after the first. Default 30000 ms. */
  chunkTimeoutMs?: number;
  /** Per-code overrides of the retry/fallback decision table. */
  decisions?: ErrorDecisionOverrides;
  /** When set, identical requests are served from the result cache for `ttlMs`. */
  cache?: ResultCacheSettings;
  /** How targets are ordered per call. Default `ordered`. */
  strategy: RoutingStrategy;
  /** `weighted`: weight per target (`instance:model`); default 1. */
  weights?: Record<string, number>;
  /** `fastest`: samples before a latency is trusted, and the fade time of old samples. */
  fastest: { minSamples: number; decayMs: number };
  /** Micro-credit caps of `requirements.budget` levels. */
  budgets: Record<BudgetLevel, number>;
  /** Start the next target beside a slow first one (see the route settings). */
  hedge?: { afterMs: number; maxExtraCost?: number };
  /** Streams: fall back when no first part comes within this long. */
  firstTokenTimeoutMs?: number;
}

/** A breaker's state, as a string so it serialises readably. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** Events the engine emits for observers (metrics, logs, health). */
export type EngineEvent =
  | {
      type: 'attempt-start';
      route: string;
      target: RouteTarget;
      /** 1-based attempt number at this target. */
      attempt: number;
    }
  | {
      type: 'attempt-end';
      route: string;
      target: RouteTarget;
      attempt: number;
      outcome: 'success' | 'error';
      code?: ErrorCode;
      status?: number;
      /** What went wrong, as the error says it (an `error` outcome only). */
      message?: string;
      latencyMs: number;
      retryAfterMs?: number;
    }
  | {
      type: 'retry';
      route: string;
      target: RouteTarget;
      attempt: number;
      delayMs: number;
      code: ErrorCode;
    }
  | {
      type: 'fallback';
      route: string;
      from: RouteTarget;
      to: RouteTarget;
      /** The error code, or the skip reason, that moved the call on. */
      reason: FallbackReason;
    }
  | {
      /**
       * The route's `hedge` started `to` beside `from`, which had not
       * answered after `afterMs`; the first success wins.
       */
      type: 'hedge';
      route: string;
      from: RouteTarget;
      to: RouteTarget;
      afterMs: number;
    }
  | {
      type: 'breaker-state-change';
      target: RouteTarget;
      from: BreakerState;
      to: BreakerState;
    };

/** The outcome of a routed call that succeeded. */
export interface RoutedCall<TValue> {
  value: TValue;
  /** Instance that served the call. */
  provider: string;
  model: string;
  /** True when the serving target was not the route's first. */
  fallbackUsed: boolean;
  /** Every attempt in order, the successful one last. */
  attempts: Attempt[];
  latencyMs: number;
}

/** Finds the model behind a target; throws a SwitchyardError when there is none. */
export type ModelResolver = (target: RouteTarget, kind: ModelKind) => Model;

/**
 * A host's refusal of a target before its first attempt: the skip reason,
 * with what it was for when there is more to say (which requirement, say).
 */
export interface AdmitVerdict {
  skip: SkipReason | { reason: SkipReason; message: string };
}

/** Options of the {@link RoutingEngine}'s `executeImage`, `executeText` and `executeTextStream`. */
export interface ExecuteOptions<TRequest> {
  route: Route;
  request: TRequest;
  /** The caller's signal: aborting it aborts the in-flight attempt and starts no other. */
  signal?: AbortSignal;
  headers?: CallOptions['headers'];
  /**
   * Called before the first attempt at each target. `{ skip: reason }` records a skipped attempt with that reason
   * and moves on, such as a budget too small for this target; a throw fails
   * the call with that error. Awaited, so it can reserve credits.
   */
  admitTarget?: (target: RouteTarget) => Promise<AdmitVerdict | undefined>;
  /** Sees this call's engine events (attempts, retries, fallbacks) as they happen. */
  onEvent?: (event: EngineEvent) => void;
  /**
   * Task hooks for the call to each target (task-based models only), e.g. to
   * persist the task id. A call with task hooks is never hedged: it keeps one
   * task at a time.
   */
  taskHooks?: (target: RouteTarget) => TaskCallOptions | undefined;
  /**
   * This request's estimated price at a target, in micro-credits; undefined
   * when the target has no price. A route's `hedge.maxExtraCost` needs it to
   * start a hedge, and a hedge that lost is recorded at this price as
   * `gatewayCostMicroCredits`.
   */
  estimateCost?: (target: RouteTarget) => number | undefined;
}

/**
 * A text stream that has started: its first part came from the target that
 * served, and `rest` yields the others. Breaking off `rest` (its `return`)
 * closes the upstream connection.
 */
export interface TextStreamStart {
  first: TextStreamPart;
  rest: AsyncIterator<TextStreamPart>;
  warnings: Warning[];
}

/** Health of one target, from its breaker and its recent calls. */
export interface TargetHealth {
  target: RouteTarget;
  breaker: BreakerState;
  /** Calls in the recent window (at most the tracker's window size). */
  recentCalls: number;
  /** Share of recent calls that succeeded, 0..1; undefined before any call. */
  successRate?: number;
  latencyP50Ms?: number;
  latencyP95Ms?: number;
  lastErrorCode?: ErrorCode;
  lastCallAt?: number;
}

/**
 * Breaker changes shared between replicas. The engine reads `get` before it
 * uses a target's breaker and calls `publish` when a breaker of its own opens
 * or closes; an implementation keeps a local mirror (so `get` does no I/O)
 * and delivers what is published to every replica, e.g. through Redis.
 */
export interface SharedBreakerStates {
  /** The newest change any replica published for the target key `instance:model`. */
  get(key: string): BreakerChange | undefined;
  /** Publishes a change made by this replica. Must not throw. */
  publish(key: string, change: BreakerChange): void;
}

/** Options of `createRoutingEngine`. */
export interface RoutingEngineOptions {
  resolveModel: ModelResolver;
  /** Clock; default `Date.now`. */
  now?: () => number;
  /** Randomness for jitter, in [0, 1); default `Math.random`. */
  random?: () => number;
  /** Recent calls kept per target for health. Default 100. */
  healthWindow?: number;
  /** Breaker states shared with other replicas; default: this process only. */
  sharedBreakers?: SharedBreakerStates;
}

/** The routing engine: runs routes with retries, breakers, timeouts and fallback. */
export interface RoutingEngine {
  /** Runs an image route; resolves with the first success or rejects with a RouteFailedError. */
  executeImage(
    options: ExecuteOptions<ImageRequest>,
  ): Promise<RoutedCall<ImageModelResult>>;
  /** Runs a text route; resolves with the first success or rejects with a RouteFailedError. */
  executeText(
    options: ExecuteOptions<TextRequest>,
  ): Promise<RoutedCall<TextModelResult>>;
  /**
   * Runs a speech route; targets whose model cannot serve the request (voice,
   * format, length) are skipped as `unsupported`. The audio is checked and
   * measured.
   */
  executeSpeech(
    options: ExecuteOptions<SpeechRequest>,
  ): Promise<RoutedCall<CheckedAudioResult>>;
  /** Runs a music route, as {@link executeSpeech} does for speech. */
  executeMusic(
    options: ExecuteOptions<MusicRequest>,
  ): Promise<RoutedCall<CheckedAudioResult>>;
  /** Runs a video route (task models, usually), as {@link executeSpeech} does for speech. */
  executeVideo(
    options: ExecuteOptions<VideoRequest>,
  ): Promise<RoutedCall<CheckedVideoResult>>;
  /** Runs a training route (task trainers); the result names the trained model. */
  executeTraining(
    options: ExecuteOptions<TrainingRequest>,
  ): Promise<RoutedCall<TrainingModelResult>>;
  /**
   * Starts a text stream: targets are tried (retries, breakers, fallback)
   * until one yields its first part; the per-attempt timeout and the route's
   * `firstTokenTimeoutMs` bound the wait for it. Streams are never hedged.
   * What happens after the first part is the caller's to handle.
   */
  executeTextStream(
    options: ExecuteOptions<TextRequest>,
  ): Promise<RoutedCall<TextStreamStart>>;
  /** Subscribes to engine events; returns a function that unsubscribes. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
  /** Breaker state and recent health of every target the engine has seen. */
  health(): TargetHealth[];
  /**
   * Current breaker state of one target. With its `route`, a target this
   * engine has not called yet still reads a state another replica shared.
   */
  breakerState(target: RouteTarget, route?: Route): BreakerState;
  /**
   * What this engine measured at a target for one kind of call: peak-EWMA
   * latency of its recent attempts (successes, and failures that took their
   * time), fading at the calling routes' `fastest.decayMs`, and its attempts
   * in flight now. `strategy: fastest | least-busy` rank targets by it.
   */
  targetStats(target: RouteTarget, kind: ModelKind): TargetStats;
}
