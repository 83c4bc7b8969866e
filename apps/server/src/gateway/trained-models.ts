import {
  SwitchyardError,
  type GenerateInput,
  type GenerateResult,
  type TrainedModelStore,
} from '@switchyard/core';
import type { GenerateOptions } from './gateway';

/**
 * Sends a call that names a trained model (`model: "instance:model-id"`)
 * to the instance that holds it and nowhere else: the input is pinned to
 * that instance and model, unless its named route lists the reference as a
 * target (the route then decides the fallback). Only the key that trained
 * the model may name it (and a minted token only its own subject's); to
 * anyone else it does not exist. Any other `instance:model` is a target, and
 * is pinned the same way; a bare model id passes as it is.
 */
export async function pinTrainedModel(
  options: Pick<GenerateOptions, 'input' | 'payer' | 'trainedModels'> & {
    instances: ReadonlySet<string> | ReadonlyMap<string, unknown>;
    routeTargets: (input: GenerateInput) => readonly string[];
  },
): Promise<GenerateInput> {
  const { input, payer, trainedModels } = options;
  const ref = input.model;
  if (ref === undefined) return input;
  const instance = ref.slice(0, ref.indexOf(':'));
  if (instance === '' || !options.instances.has(instance)) return input;
  const record = await trainedModels?.get(ref);
  if (record === undefined) {
    // `instance:model` names a target: served there, as `provider` and
    // `model` would be (never silently by the route's own models).
    if (input.provider !== undefined) return input;
    return {
      ...input,
      provider: instance,
      model: ref.slice(instance.length + 1),
    };
  }
  const ownKey = record.keyId === (payer?.keyId ?? '');
  const ownSubject =
    payer?.subject === undefined || payer.subject === record.subject;
  if (!ownKey || !ownSubject) {
    throw new SwitchyardError({
      code: 'not_found',
      message: `No trained model "${ref}" for this key; train one with jobs.submit({ type: 'training', … }).`,
    });
  }
  if (input.route !== undefined && options.routeTargets(input).includes(ref)) {
    return input;
  }
  return { ...input, provider: record.instance, model: record.modelId };
}

/**
 * Remembers the model a training call made, owned by the call's key and
 * subject, before the call is recorded as succeeded.
 */
export async function rememberTrainedModel(options: {
  result: GenerateResult;
  trainedModels: TrainedModelStore | undefined;
  payer: GenerateOptions['payer'];
}): Promise<void> {
  const { result, trainedModels, payer } = options;
  if (result.type !== 'training' || trainedModels === undefined) return;
  const { trainedModel } = result;
  await trainedModels.record({
    ref: trainedModel.model,
    instance: trainedModel.instance,
    modelId: trainedModel.modelId,
    keyId: payer?.keyId ?? '',
    subject: payer?.subject ?? '',
    name: trainedModel.name,
    triggerWord: trainedModel.triggerWord,
    ...(trainedModel.baseModel === undefined
      ? {}
      : { baseModel: trainedModel.baseModel }),
    generationId: result.id,
  });
}
