// The provider contract: models of every kind, task models and their adapters, provider definitions.
// Re-exported whole by the package's index.

export {
  costMetadataSchema,
  imageCapabilitiesSchema,
  textCapabilitiesSchema,
} from './contract';
export type {
  CallOptions,
  TaskCallOptions,
  CostMetadata,
  ImageCapabilities,
  ImageModel,
  ImageModelResult,
  ImageTaskModel,
  Model,
  ModelBase,
  ModelInfo,
  ModelKind,
  Provider,
  SubmittedTask,
  TaskModel,
  TaskStatus,
  TextCapabilities,
  TextModel,
  TextModelResult,
  TextStreamPart,
  TextStreamResult,
} from './contract';
export {
  musicCapabilitiesSchema,
  speechCapabilitiesSchema,
} from './audio-contract';
export {
  taskModelToMusicModel,
  taskModelToSpeechModel,
} from './audio-task-model';
export { videoCapabilitiesSchema } from './video-contract';
export type {
  ProviderVideo,
  VideoCapabilities,
  VideoModel,
  VideoModelResult,
  VideoTaskModel,
} from './video-contract';
export { taskModelToVideoModel } from './video-task-model';
export { trainingCapabilitiesSchema } from './training-contract';
export type {
  TrainingCapabilities,
  TrainingModel,
  TrainingModelResult,
  TrainingTaskModel,
} from './training-contract';
export { taskModelToTrainingModel } from './training-task-model';
export type {
  AudioModelResult,
  MusicCapabilities,
  MusicModel,
  MusicTaskModel,
  ProviderAudio,
  SpeechCapabilities,
  SpeechModel,
  SpeechTaskModel,
} from './audio-contract';
export { isModelKind, MODEL_KINDS, modelOfKind } from './model-of-kind';
export { buildHttpProvider } from './build-http-provider';
export type {
  BuildHttpProviderOptions,
  HttpModelContext,
  HttpModelKind,
  HttpModelKinds,
  HttpProvider,
} from './build-http-provider';
export { defineHttpProvider } from './define-http-provider';
export type {
  DefinedHttpProvider,
  HttpConfigSettings,
  HttpProviderSpec,
  HttpSettingsOf,
} from './define-http-provider';
export {
  defineProvider,
  isProviderDefinition,
  providerFeatures,
} from './definition';
export type {
  ProviderCreateContext,
  ProviderDefinition,
  ProviderEnvironmentVariables,
  ProviderFeature,
} from './definition';
export { findKnownModel, knownModelInfos } from './known-models';
export type { KnownModel, KnownModels } from './known-models';
export { parseProviderOptions, unsupportedSetting } from './provider-options';
export { ignoredSettings } from './ignored-settings';
export { HttpModel } from './http-model';
export { probeHttp } from './http-probe';
export type { HttpProbe } from './http-probe';
export type { HttpModelConfig } from './http-model';
export {
  createModelHttpConfig,
  httpProviderSettingsSchema,
  lazyAuthHeaders,
  modelCallOptions,
  noModelsOfKind,
  resolveBaseURL,
} from './provider-settings';
export type {
  HttpProviderSettings,
  ModelHttpConfig,
} from './provider-settings';
export { cancelQuietly, cancellableSleep, runTask } from './task-poller';
export type {
  RunTaskOptions,
  Sleep,
  TaskModelAdapterOptions,
} from './task-poller';
export { taskModelToImageModel } from './image-task-model';
export type { TaskModelToImageModelOptions } from './image-task-model';
