import { SwitchyardError } from '../errors/switchyard-error';
import type { Model } from '../provider/contract';
import type { AttemptContext } from './attempt';
import { recordSkip, type RouteRun, type TargetPlace } from './route-run';

/**
 * Skips (and records) a target whose model cannot serve this call, before
 * any attempt. True when it was skipped.
 */
export function skipUnsupported<TValue>(
  context: AttemptContext<TValue>,
  place: TargetPlace,
): boolean {
  const unsupported = unsupportedAt(context, place);
  if (unsupported === undefined) return false;
  recordSkip(context.run, place, {
    reason: 'unsupported',
    message: unsupported,
  });
  return true;
}

/**
 * Asks the host's `admitTarget` whether the call may try the target, and
 * records the skip it answers. True when it was skipped; a throw from
 * `admitTarget` is passed on.
 */
export async function skipUnadmitted(
  run: RouteRun,
  place: TargetPlace,
): Promise<boolean> {
  const { admitTarget } = run.execution;
  if (admitTarget === undefined) return false;
  const verdict = await admitTarget(place.target);
  if (verdict === undefined) return false;
  recordSkip(run, place, verdict.skip);
  return true;
}

/**
 * Why the target's model cannot serve this call, before any attempt: the
 * provider has no such model kind, or the model's capabilities lack what
 * the request needs. Undefined when it can (or when resolving it fails
 * otherwise: an attempt then reports that error).
 */
function unsupportedAt<TValue>(
  context: AttemptContext<TValue>,
  place: TargetPlace,
): string | undefined {
  const { run, call } = context;
  if (call.unsupported === undefined) return undefined;
  let model: Model;
  try {
    model = run.deps.resolveModel(place.target, run.execution.route.kind);
  } catch (error) {
    return SwitchyardError.isInstance(error) && error.code === 'unsupported'
      ? error.message
      : undefined;
  }
  return call.unsupported(model);
}
