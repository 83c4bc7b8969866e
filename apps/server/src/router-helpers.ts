import { TRPCError } from '@trpc/server';
import type { ApiKeyRecord, GenerateInput } from '@switchyard/core';
import type { AuthorizedContext } from './context';

/**
 * Admits a call: its route must exist and serve it (a forced model inside its
 * instance's `models`), so a job is refused at once rather than failing
 * later; then the caller's key: its allowed routes and providers, and its
 * rate limit.
 */
export async function admitCaller(
  ctx: AuthorizedContext,
  input: GenerateInput,
): Promise<void> {
  const route = ctx.gateway.routeNameFor(input);
  const { apiKey } = ctx;
  if (apiKey === undefined) return;
  assertAllowed({ key: apiKey, route, input });
  await ctx.rateLimiter.consume(apiKey);
}

/** Who pays for a call: the caller's key, if it sent one. */
export function payerOf(ctx: AuthorizedContext) {
  const { apiKey } = ctx;
  return apiKey === undefined
    ? undefined
    : {
        keyId: apiKey.id,
        ledger: ctx.store.ledger,
        allowedProviders: apiKey.limits?.providers,
      };
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
  const forced = [input.provider, ...(input.providers ?? [])].filter(
    (name): name is string => name !== undefined,
  );
  const refused = forced.filter(
    (name) => providers !== undefined && !providers.includes(name),
  );
  if (refused.length > 0) {
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: `This key may not use the provider ${refused.join(', ')}; it may use: ${providers?.join(', ') ?? ''}.`,
    });
  }
}
