import type { Model, ModelKind, Provider } from './contract';
import { noModelsOfKind } from './provider-settings';

/** Every kind of model, in the order listings show them. */
export const MODEL_KINDS = [
  'image',
  'text',
  'speech',
  'music',
  'video',
  'training',
] as const satisfies readonly ModelKind[];

/** Whether a string names a model kind. */
export function isModelKind(value: string): value is ModelKind {
  return (MODEL_KINDS as readonly string[]).includes(value);
}

/**
 * A provider's model of `kind` with `modelId`; throws an `unsupported`
 * SwitchyardError when the provider has no models of that kind (a provider
 * written before speech and music has no `speechModel` / `musicModel`).
 */
export function modelOfKind(
  provider: Provider,
  kind: ModelKind,
  modelId: string,
): Model {
  switch (kind) {
    case 'image':
      return provider.imageModel(modelId);
    case 'text':
      return provider.textModel(modelId);
    case 'speech':
      return provider.speechModel === undefined
        ? noModelsOfKind({ provider: provider.name, kind, modelId })
        : provider.speechModel(modelId);
    case 'music':
      return provider.musicModel === undefined
        ? noModelsOfKind({ provider: provider.name, kind, modelId })
        : provider.musicModel(modelId);
    case 'video':
      return provider.videoModel === undefined
        ? noModelsOfKind({ provider: provider.name, kind, modelId })
        : provider.videoModel(modelId);
    case 'training':
      return provider.trainingModel === undefined
        ? noModelsOfKind({ provider: provider.name, kind, modelId })
        : provider.trainingModel(modelId);
  }
}
