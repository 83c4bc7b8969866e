import type { GenerateResult } from '@switchyard/core';
import type { CallContext } from '../gateway/call-context';
import type { GatewayDeps } from '../gateway/gateway-deps';

/**
 * The one place a served result's outputs are kept before the call is
 * charged and recorded as succeeded (a `generate`, and a job's resumed
 * task, both settle through here): a video goes to the operator's storage
 * when the gateway keeps artifacts and the call brought its store.
 * Other results, and calls without either, pass through unchanged. Never
 * throws (a failure is a warning on the result).
 */
export async function keepOutputs(
  deps: Pick<GatewayDeps, 'artifactKeeper' | 'logger'>,
  options: { call: CallContext; result: GenerateResult },
): Promise<GenerateResult> {
  const { call, result } = options;
  const keeper = deps.artifactKeeper;
  if (result.type !== 'video' || keeper === undefined) return result;
  if (call.artifacts === undefined) return result;
  return keeper.keepVideo({
    result,
    owner: {
      ...(call.payer === undefined ? {} : { keyId: call.payer.keyId }),
      ...(call.payer?.subject === undefined
        ? {}
        : { subject: call.payer.subject }),
      generationId: call.id,
    },
    records: call.artifacts,
    logger: deps.logger,
    signal: call.signal,
  });
}
