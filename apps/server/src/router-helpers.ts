import { TRPCError } from '@trpc/server';
import type {
  ApiKeyRecord,
  GenerateInput,
  GenerateResult,
  TextStreamEvent,
  TextStreamInput,
} from '@switchyard/core';
import type { AuthorizedContext } from './context';
import { bothAllow } from './jobs/job-dispatch';
import type { TokenGrant } from './tokens/token-grant';
import { TokenDenied } from './tokens/token-service';

/**
 * Admits a call: its route must exist and serve it (a forced model inside its
 * instance's `models`), so a job is refused at once rather than failing
 * later; then the caller's key: its allowed routes and providers, and its
 * rate limit; then a minted token's own routes, types, providers and rate
 * limit.
 */
export async function admitCaller(
  ctx: AuthorizedContext,
  input: GenerateInput,
): Promise<void> {
  assertCallerMayUse(ctx, input);
  const { apiKey, token } = ctx;
  if (apiKey === undefined) return;
  await ctx.rateLimiter.consume(apiKey);
  if (token !== undefined) await ctx.rateLimiter.consumeToken(token);
}

/**
 * {@link admitCaller} without counting a call against any rate limit: the
 * route exists and serves the input, and the key (and token) may use it.
 */
export function assertCallerMayUse(
  ctx: AuthorizedContext,
  input: GenerateInput,
): void {
  const { apiKey, token } = ctx;
  if (token?.types !== undefined && !token.types.includes(input.type)) {
    refuseForToken(`the type "${input.type}"`, token.types);
  }
  const route = ctx.gateway.routeNameFor(input);
  if (apiKey === undefined) return;
  assertAllowed({ key: apiKey, route, input });
  if (token !== undefined) assertTokenAllows({ token, route, input });
}

/**
 * One `generate` call for the caller: the key's route and provider limits,
 * its rate limit, then the gateway, charging the key and recording the call.
 * The one path of `generate`, batch items and the `/v1` routes.
 */
export async function generateFor(options: {
  ctx: AuthorizedContext;
  input: GenerateInput;
  signal?: AbortSignal;
}): Promise<GenerateResult> {
  const { ctx, input, signal } = options;
  await admitCaller(ctx, input);
  return ctx.gateway.generate({
    input,
    signal,
    requestId: ctx.requestId,
    payer: payerOf(ctx),
    generations: ctx.store.generations,
    trainedModels: ctx.store.trainedModels,
    artifacts: ctx.store.artifacts,
  });
}

/**
 * Admits one text stream for the caller (as {@link generateFor} admits a
 * call) and opens it on the gateway: its events, fallback only before the
 * first text, then `end` or `error`. The one path of `generateStream` and
 * the `/v1` routes' `stream: true`.
 */
export async function openStream(options: {
  ctx: AuthorizedContext;
  input: Omit<TextStreamInput, 'lastEventId'>;
  signal?: AbortSignal;
}): Promise<AsyncGenerator<TextStreamEvent>> {
  const { ctx, input, signal } = options;
  await admitCaller(ctx, input);
  return ctx.gateway.streamText({
    input,
    signal,
    requestId: ctx.requestId,
    payer: payerOf(ctx),
    generations: ctx.store.generations,
    trainedModels: ctx.store.trainedModels,
  });
}

/** Who pays for a call: the caller's key, if it sent one (with a token's subject and cap). */
export function payerOf(ctx: AuthorizedContext) {
  const { apiKey, token } = ctx;
  return apiKey === undefined
    ? undefined
    : {
        keyId: apiKey.id,
        ledger: ctx.store.ledger,
        allowedProviders: bothAllow(apiKey.limits?.providers, token?.providers),
        subject: token?.subject,
        tokenId: token?.id,
      };
}

/** The providers a call forces (`provider`, `providers`). */
function forcedProviders(input: GenerateInput): string[] {
  return [input.provider, ...(input.providers ?? [])].filter(
    (name): name is string => name !== undefined,
  );
}

/** Refuses with FORBIDDEN a route, or a forced provider, the key may not use. */
export function assertAllowed(options: {
  key: ApiKeyRecord;
  route: string;
  input: GenerateInput;
}): void {
  const { key, route, input } = options;
  const routes = key.limits?.routes;
  if (routes !== undefined && !routes.includes(route)) {
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: `This key may not use the route "${route}"; it may use: ${routes.join(', ') || '(none)'}.`,
    });
  }
  const providers = key.limits?.providers;
  const refused = forcedProviders(input).filter(
    (name) => providers !== undefined && !providers.includes(name),
  );
  if (refused.length > 0) {
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: `This key may not use the provider ${refused.join(', ')}; it may use: ${providers?.join(', ') ?? ''}.`,
    });
  }
}

function refuseForToken(what: string, allowed: readonly string[]): never {
  throw new TRPCError({
    code: 'FORBIDDEN',
    message: `This token may not use ${what}; it may use: ${allowed.join(', ') || '(none)'}.`,
    cause: new TokenDenied('token_not_allowed', what),
  });
}

/** Refuses with FORBIDDEN (`token_not_allowed`) a route, type or forced provider a token does not allow. */
function assertTokenAllows(options: {
  token: TokenGrant;
  route: string;
  input: GenerateInput;
}): void {
  const { token, route, input } = options;
  const refuse = refuseForToken;
  if (token.routes !== undefined && !token.routes.includes(route)) {
    refuse(`the route "${route}"`, token.routes);
  }
  const providers = token.providers;
  const refused = forcedProviders(input).filter(
    (name) => providers !== undefined && !providers.includes(name),
  );
  if (providers !== undefined && refused.length > 0) {
    refuse(`the provider ${refused.join(', ')}`, providers);
  }
}
