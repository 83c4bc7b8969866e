import type {
  GenerateResult,
  Model,
  ModelKind,
  ResultCache,
  Route,
  RouteTarget,
  RoutingEngine,
  SingleFlight,
} from '@switchyard/core';
import type { ArtifactKeeper } from '../artifacts/keep-video';
import type { LoadedConfig } from '../config/load-config';
import type { WindowCounter } from '../limits/key-rate-limiter';
import type { Logger } from '../logger';
import type { CallTally } from './call-tally';
import type { GatewayObserver } from './gateway-observer';
import type { ProviderInstance } from '../providers/create-provider-instances';
import type { HealthMonitor } from '../health/health-monitor';
import type { PriceBook } from './price-book';
import type { StreamRegistry } from './stream-registry';
import type { TierOf } from './tier-book';

/** The model a target serves for a kind of call (created once, then reused). */
export type ResolveModel = (target: RouteTarget, kind: ModelKind) => Model;

/**
 * What the gateway's stages share, built once by `createGateway`. Each stage
 * takes the few fields it needs (`Pick<GatewayDeps, ...>`).
 */
export interface GatewayDeps {
  config: LoadedConfig;
  /** Scrubs configured credentials from every line. */
  logger: Logger;
  /** Replaces configured credentials in a text with `[redacted]`. */
  redact: (text: string) => string;
  /** The gateway's only clock (`GatewayOptions.now`, default `Date.now`). */
  now: () => number;
  /** Randomness of the `weighted` strategy (`GatewayOptions.random`, default `Math.random`). */
  random: () => number;
  /** Each model's quality and speed tiers, for `requirements`. */
  tierOf: TierOf;
  instances: ReadonlyMap<string, ProviderInstance>;
  routes: ReadonlyMap<string, Route>;
  resolveModel: ResolveModel;
  priceBook: PriceBook;
  engine: RoutingEngine;
  /** Calls per provider instance, against the config's `quota`. */
  instanceQuotas: WindowCounter;
  resultCache: ResultCache<GenerateResult>;
  /** Identical cached calls in flight, joined instead of repeated. */
  flights: SingleFlight<GenerateResult>;
  streams: StreamRegistry;
  /** Target states (`stateOf`): the router skips `down` targets. */
  health: HealthMonitor;
  /** Names this process on the idempotency keys it claims. */
  owner: string;
  /** Keeps outputs in the operator's storage (`artifacts`); undefined when off. */
  artifactKeeper?: ArtifactKeeper;
  /** Watches each call (metrics, traces); undefined when nothing does. */
  observer?: GatewayObserver;
  /** Cache hits and fallbacks among recent calls (`providers.health`'s system detail). */
  tally: CallTally;
}
