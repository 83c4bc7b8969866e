import {
  LIMITS,
  MODEL_KINDS,
  modelPricesSchema,
  pricingSettingsSchema,
  isValidModelId,
  modelIdSchema,
  modelTierSchema,
  routeSettingsSchema,
} from '@switchyard/core';
import { z } from 'zod';
import { artifactsConfigSchema } from '../artifacts/artifacts-config';
import { consoleConfigSchema } from '../console/console-config';
import { checkCompatConfig, compatConfigSchema } from '../compat/compat-config';
import { checkHealthConfig, healthConfigSchema } from '../health/health-config';
import { metricsConfigSchema } from '../observability/metrics-config';
import { parseCorsOrigin } from './cors-origins';

const INSTANCE_NAME = /^[A-Za-z0-9][\w.-]*$/;
const KINDS = new Set<string>(MODEL_KINDS);

/** A provider instance's name: the key under `providers`, used in targets. */
export const instanceNameSchema = z
  .string()
  .min(1)
  .max(LIMITS.instanceName)
  .regex(INSTANCE_NAME, 'instance names are letters, digits, _ . -');

/**
 * One provider instance. `use` names the provider (default: the instance's
 * name) and `timeoutMs` bounds each call to it; every other key is the
 * provider's own settings, validated by the provider's settings schema.
 */
export const providerInstanceSchema = z.looseObject({
  /**
   * A built-in provider name (`openai` means `@switchyard/providers-openai`),
   * a package name, or a file path relative to the config file.
   */
  use: z.string().min(1).max(1_024).optional(),
  /** Per-call timeout for this instance, on top of the route's. */
  timeoutMs: z.number().int().min(1).max(3_600_000).optional(),
  /**
   * The instance's own quota (what the provider allows this account): calls
   * per minute and per day. A target whose quota is spent is skipped, not
   * called; counted across replicas when `redis` is set.
   */
  quota: z
    .strictObject({
      perMinute: z.number().int().min(1).optional(),
      perDay: z.number().int().min(1).optional(),
    })
    .optional(),
  /**
   * Prices by model id, in micro-credits per unit (`perRequest`, `perImage`,
   * `perInputToken`, `perOutputToken`, `perSecond`, `perCharacter`); they win
   * over the provider's own list prices.
   */
  prices: modelPricesSchema.optional(),
  /**
   * The only models callers may use on this instance (by `provider` and
   * `model`, or through a route). Route targets must be among them. Default:
   * any model id the provider accepts.
   */
  models: z.array(modelIdSchema).min(1).max(1_000).optional(),
  /**
   * Quality and speed tiers by model id (`{ quality: draft | standard |
   * premium, speed: fast | standard | relaxed }`), for requests'
   * `requirements`; they win over the provider's catalog.
   */
  tiers: z.record(modelIdSchema, modelTierSchema).optional(),
});
export type ProviderInstanceConfig = z.infer<typeof providerInstanceSchema>;

/** Where generations, the ledger and jobs are kept. */
export const storeConfigSchema = z.strictObject({
  /** `sqlite:./data/switchyard.db` (default) or `postgres://user@host:5432/db`. */
  url: z
    .string()
    .regex(
      /^(sqlite:|postgres(ql)?:\/\/)/,
      'the store url starts with sqlite: or postgres://',
    ),
  /** PostgreSQL only: the schema the tables live in (default the server's search_path). */
  schema: z
    .string()
    .max(63)
    .regex(/^[A-Za-z_][\w]*$/, 'a schema name is letters, digits and _')
    .optional(),
});
export type StoreConfig = z.infer<typeof storeConfigSchema>;

/** Shared state across replicas. */
export const redisConfigSchema = z.strictObject({
  /** `redis://127.0.0.1:6379`. */
  url: z
    .string()
    .regex(/^rediss?:\/\//, 'the redis url starts with redis:// or rediss://'),
  /**
   * Put before every key and channel, so several gateways (or tests) can share
   * one Redis. Replicas of one gateway use the same prefix. Default none.
   */
  keyPrefix: z
    .string()
    .max(64)
    .regex(/^[\w:.-]*$/, 'letters, digits and _ : . - only')
    .optional(),
});
export type RedisConfig = z.infer<typeof redisConfigSchema>;

/** Signed webhooks for async jobs. */
export const webhooksConfigSchema = z.strictObject({
  /** The HMAC-SHA256 key receivers verify signatures with; at least 16 characters. */
  secret: z.string().min(16, 'the webhook secret needs at least 16 characters'),
  /** Let webhooks reach loopback and private addresses (development, tests). Default false. */
  allowPrivateNetworks: z.boolean().optional(),
  /** Delivery attempts, the first included. Default 5. */
  maxAttempts: z.number().int().min(1).max(20).optional(),
  /** First wait between attempts; doubles each time. Default 1000 ms. */
  baseDelayMs: z.number().int().min(0).max(3_600_000).optional(),
});
export type WebhooksConfig = z.infer<typeof webhooksConfigSchema>;

/**
 * How keyed calls hold credits. By default each process leases a key's
 * credits in slices (one hold in the store covering many calls) and charges
 * the calls that finish together in one transaction; `lease: false` holds
 * and charges every call in the store on its own.
 */
export const creditsConfigSchema = z.strictObject({
  lease: z
    .union([
      z.literal(false),
      z.strictObject({
        /** A slice covers at least this many calls' holds (more when more are in flight). Default 16. */
        calls: z.number().int().min(1).max(1_000).optional(),
        /** How long a slice no call uses stays leased before it goes back. Default 2000 ms. */
        idleMs: z.number().int().min(0).max(600_000).optional(),
      }),
    ])
    .optional(),
});
export type CreditsConfig = z.infer<typeof creditsConfigSchema>;

/** Limits on HTTP requests. */
export const httpConfigSchema = z.strictObject({
  /** Largest request body in bytes; larger ones get 413. Default 32 MiB. */
  maxBodyBytes: z.number().int().min(1_024).max(1_073_741_824).optional(),
  /** Most procedures one batched tRPC request (`?batch=1`) may call. Default 10. */
  maxBatchSize: z.number().int().min(1).max(1_000).optional(),
});
export type HttpConfig = z.infer<typeof httpConfigSchema>;

/** Minted tokens (`tokens.mint`): browser-safe credentials. */
export const tokensConfigSchema = z.strictObject({
  /**
   * The HMAC-SHA256 secret tokens are signed with, at least 32 characters
   * (say `\${SWITCHYARD_TOKEN_SECRET}`). Default: a random one kept in the
   * store, shared by every replica on it.
   */
  secret: z
    .string()
    .min(32, 'the token secret needs at least 32 characters')
    .optional(),
  /** How often a replica reads revocations made by the others. Default 1000 ms. */
  revocationRefreshMs: z.number().int().min(50).max(60_000).optional(),
});
export type TokensConfig = z.infer<typeof tokensConfigSchema>;

/** One entry of `cors.origins`: an origin, a subdomain pattern or `"*"`. */
const corsOriginSchema = z
  .string()
  .max(300)
  .superRefine((text, context) => {
    const { problem } = parseCorsOrigin(text);
    if (problem !== undefined)
      context.addIssue({ code: 'custom', message: problem });
  });

/**
 * Which web pages (by origin) may call the gateway from a browser. Without
 * it, or with no origins, the server sends no CORS headers.
 */
export const corsConfigSchema = z
  .strictObject({
    /**
     * `https://app.example.com`, `http://127.0.0.1:5173` (scheme, host and
     * port, no path), `https://*.example.com` (its subdomains) or `"*"` (any).
     */
    origins: z.array(corsOriginSchema).max(100),
    /** Let pages send cookies and HTTP auth (`Access-Control-Allow-Credentials`). Default false. */
    credentials: z.boolean().optional(),
    /** How long a browser may cache a preflight's answer. Default 600 s. */
    maxAgeSeconds: z.number().int().min(0).max(86_400).optional(),
  })
  .superRefine((cors, context) => {
    if (!cors.origins.includes('*')) return;
    if (cors.origins.length > 1) {
      context.addIssue({
        code: 'custom',
        path: ['origins'],
        message: '"*" already allows every origin: list it alone.',
      });
    }
    if (cors.credentials === true) {
      context.addIssue({
        code: 'custom',
        path: ['credentials'],
        message:
          'credentials: true cannot go with origins "*" (browsers refuse credentials for any origin): list the origins that need them.',
      });
    }
  });
export type CorsConfig = z.infer<typeof corsConfigSchema>;

/** Who may call the gateway. */
export const authConfigSchema = z.strictObject({
  /** Require an API key on every call; false only for local development. */
  required: z.boolean().optional(),
});
export type AuthConfig = z.infer<typeof authConfigSchema>;

/**
 * The config file (JSON or YAML), after `${ENV}` substitution. Checks, besides
 * each field, that every route target names a configured instance and that
 * routes not named `image` or `text` say their `type`.
 */
export const switchyardConfigSchema = z
  .strictObject({
    store: storeConfigSchema.optional(),
    redis: redisConfigSchema.optional(),
    auth: authConfigSchema.optional(),
    http: httpConfigSchema.optional(),
    /** `{ lease: false | { calls, idleMs } }`: how keyed calls hold credits (issue 19). */
    credits: creditsConfigSchema.optional(),
    cors: corsConfigSchema.optional(),
    webhooks: webhooksConfigSchema.optional(),
    tokens: tokensConfigSchema.optional(),
    /** `{ dir | s3, retentionMs, ... }`: where outputs the provider only hosts for a while are kept (issue 15). */
    artifacts: artifactsConfigSchema.optional(),
    /** `{ unknown: refuse | free, markup }`: what an unpriced model costs, and a multiplier on every price. */
    pricing: pricingSettingsSchema.optional(),
    /** `{ probeIntervalMs, probeTimeoutMs, probes, thresholds, alerts }`: the health monitor (issue 16). */
    health: healthConfigSchema.optional(),
    /** `{ enabled, token }`: the Prometheus endpoint `GET /metrics` (issue 16). */
    metrics: metricsConfigSchema.optional(),
    /** `{ enabled }`: the web console at `/` (default on). */
    console: consoleConfigSchema.optional(),
    /** `{ models }`: bare model names the `/v1` routes map to a route or a target (issue 17). */
    compat: compatConfigSchema.optional(),
    providers: z.record(instanceNameSchema, providerInstanceSchema),
    routes: z.record(
      z.string().min(1).max(LIMITS.routeName),
      routeSettingsSchema,
    ),
  })
  .superRefine((config, context) => {
    checkHealthConfig(config, context);
    checkCompatConfig(config, context);
    const instances = Object.keys(config.providers);
    for (const [name, route] of Object.entries(config.routes)) {
      if (route.type === undefined && !KINDS.has(name)) {
        context.addIssue({
          code: 'custom',
          path: ['routes', name, 'type'],
          message: `route "${name}" needs a type: add "type: image", "text", "speech" or "music".`,
        });
      }
      for (const [index, target] of route.targets.entries()) {
        const colon = target.indexOf(':');
        // A target without "instance:" already has its own issue.
        if (colon <= 0) continue;
        const instance = target.slice(0, colon);
        if (!instances.includes(instance)) {
          context.addIssue({
            code: 'custom',
            path: ['routes', name, 'targets', index],
            message: `"${target}" names the unknown provider instance "${instance}"; configured instances: ${instances.join(', ') || '(none)'}.`,
          });
          continue;
        }
        const issue = targetModelIssue({
          target,
          model: target.slice(colon + 1),
          allowed: config.providers[instance]?.models,
        });
        if (issue !== undefined) {
          context.addIssue({
            code: 'custom',
            path: ['routes', name, 'targets', index],
            message: issue,
          });
        }
      }
    }
  });

/** What is wrong with a target's model: not a model id, or outside its instance's `models`. */
function targetModelIssue(options: {
  target: string;
  model: string;
  allowed: readonly string[] | undefined;
}): string | undefined {
  const { target, model, allowed } = options;
  if (!isValidModelId(model)) {
    return `"${target}" has no valid model id after "instance:" (letters, digits and . _ : / @ + -, no "." or ".." segments).`;
  }
  if (allowed !== undefined && !allowed.includes(model)) {
    return `"${target}" names a model outside its instance's models: ${allowed.join(', ')}.`;
  }
  return undefined;
}

/** A validated Switchyard config. */
export type SwitchyardConfig = z.infer<typeof switchyardConfigSchema>;

/** A config as written in the file (before defaults). */
export type SwitchyardConfigInput = z.input<typeof switchyardConfigSchema>;

/** The config the server runs with when `SWITCHYARD_CONFIG` is not set. */
export const DEFAULT_CONFIG: SwitchyardConfig = {
  providers: { local: {} },
  routes: {
    image: { targets: ['local:procedural'] },
    text: { targets: ['local:echo'] },
    speech: { targets: ['local:speech'] },
    music: { targets: ['local:music'] },
    video: { targets: ['local:video'] },
    training: { targets: ['local:style'] },
  },
};
