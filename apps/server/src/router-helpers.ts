import { TRPCError } from '@trpc/server';
import type { ApiKeyRecord, GenerateInput } from '@switchyard/core';
import type { AuthorizedContext } from './context';

/** Applies the caller's key to a call: its allowed routes and providers, then its rate limit. */
export async function admitCaller(
  ctx: AuthorizedContext,
  input: GenerateInput,
): Promise<void> {
  const { apiKey } = ctx;
  if (apiKey === undefined) return;
  assertAllowed({ key: apiKey, route: ctx.gateway.routeNameFor(input), input });
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
