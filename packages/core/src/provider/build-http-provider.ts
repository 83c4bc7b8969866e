import type {
  CostMetadata,
  ImageCapabilities,
  ImageModel,
  ModelInfo,
  ModelKind,
  Provider,
  TextCapabilities,
  TextModel,
} from './contract';
import type {
  MusicCapabilities,
  MusicModel,
  SpeechCapabilities,
  SpeechModel,
} from './audio-contract';
import type { VideoCapabilities, VideoModel } from './video-contract';
import type { TrainingCapabilities, TrainingModel } from './training-contract';
import {
  findKnownModel,
  knownModelInfos,
  type KnownModels,
} from './known-models';
import { probeHttp, type HttpProbe } from './http-probe';
import { noModelsOfKind, type ModelHttpConfig } from './provider-settings';

/** What a model factory of an HTTP provider is given for one model id. */
export interface HttpModelContext<TConfig, TSettings, TCapabilities> {
  /** Base URL, lazy auth headers, fetch and User-Agent, plus what the provider adds. */
  config: TConfig;
  /** The factory's settings, for the provider's own. */
  settings: TSettings;
  /** The listed model's price; none for an id the provider does not list. */
  cost: CostMetadata | undefined;
  /** The listed model's capabilities, else the kind's. */
  capabilities: TCapabilities;
}

/** One model kind of an HTTP provider: what it lists and how it makes a model. */
export interface HttpModelKind<TCapabilities, TConfig, TSettings, TModel> {
  /** Capabilities of every model the list does not describe otherwise, unlisted ids included. */
  capabilities: TCapabilities;
  /** The models `listModels` reports, with their list prices. Other ids are served too, unpriced. */
  models: KnownModels<TCapabilities>;
  /**
   * The listed id a model id is priced as, such as Replicate's
   * `owner/name:version` → `owner/name`. Default: the id itself.
   */
  listedId?: (modelId: string) => string;
  create(
    modelId: string,
    context: HttpModelContext<TConfig, TSettings, TCapabilities>,
  ): TModel;
}

/** The model kinds of an HTTP provider; a kind left out throws `unsupported`. */
export interface HttpModelKinds<TConfig, TSettings, TText, TImage> {
  text?: HttpModelKind<TextCapabilities, TConfig, TSettings, TText>;
  image?: HttpModelKind<ImageCapabilities, TConfig, TSettings, TImage>;
  speech?: HttpModelKind<SpeechCapabilities, TConfig, TSettings, SpeechModel>;
  music?: HttpModelKind<MusicCapabilities, TConfig, TSettings, MusicModel>;
  video?: HttpModelKind<VideoCapabilities, TConfig, TSettings, VideoModel>;
  training?: HttpModelKind<
    TrainingCapabilities,
    TConfig,
    TSettings,
    TrainingModel
  >;
}

/** A provider whose models are the kinds' own classes, typed. */
export interface HttpProvider<
  TText extends TextModel = never,
  TImage extends ImageModel = never,
> extends Provider {
  textModel(modelId: string): TText;
  imageModel(modelId: string): TImage;
  speechModel(modelId: string): SpeechModel;
  musicModel(modelId: string): MusicModel;
  videoModel(modelId: string): VideoModel;
  trainingModel(modelId: string): TrainingModel;
}

/** Options of {@link buildHttpProvider}. */
export interface BuildHttpProviderOptions<
  TConfig extends ModelHttpConfig,
  TSettings,
  TText,
  TImage,
> extends HttpModelKinds<TConfig, TSettings, TText, TImage> {
  /** `Provider.name`: the provider's own name (`openai`), whatever the instance is called. */
  name: string;
  config: TConfig;
  settings: TSettings;
  /** What `listModels` reports. Default: {@link listedModels} of the kinds. */
  models?: ReadonlyArray<ModelInfo>;
  /** The health probe; without one the provider has no `probe` (passive health only). */
  probe?: HttpProbe<TConfig>;
}

/**
 * The `ModelInfo` list of a provider's kinds, kind by kind in the order the
 * object names them.
 */
export function listedModels(kinds: {
  text?: {
    models: KnownModels<TextCapabilities>;
    capabilities: TextCapabilities;
  };
  image?: {
    models: KnownModels<ImageCapabilities>;
    capabilities: ImageCapabilities;
  };
  speech?: {
    models: KnownModels<SpeechCapabilities>;
    capabilities: SpeechCapabilities;
  };
  music?: {
    models: KnownModels<MusicCapabilities>;
    capabilities: MusicCapabilities;
  };
  video?: {
    models: KnownModels<VideoCapabilities>;
    capabilities: VideoCapabilities;
  };
  training?: {
    models: KnownModels<TrainingCapabilities>;
    capabilities: TrainingCapabilities;
  };
}): ModelInfo[] {
  return Object.keys(kinds).flatMap((key) => {
    if (key === 'text' && kinds.text)
      return knownModelInfos('text', kinds.text);
    if (key === 'image' && kinds.image) {
      return knownModelInfos('image', kinds.image);
    }
    if (key === 'speech' && kinds.speech) {
      return knownModelInfos('speech', kinds.speech);
    }
    if (key === 'music' && kinds.music) {
      return knownModelInfos('music', kinds.music);
    }
    if (key === 'video' && kinds.video) {
      return knownModelInfos('video', kinds.video);
    }
    if (key === 'training' && kinds.training) {
      return knownModelInfos('training', kinds.training);
    }
    return [];
  });
}

/**
 * Builds a provider instance from its model kinds: `textModel(id)` and
 * `imageModel(id)` call the kind's `create` with the id's listed price and
 * capabilities; a kind left out throws `unsupported`; `listModels` returns
 * copies of the list; `probe` runs the declared probe, when there is one.
 */
export function buildHttpProvider<
  TConfig extends ModelHttpConfig,
  TSettings,
  TText extends TextModel = never,
  TImage extends ImageModel = never,
>(
  options: BuildHttpProviderOptions<TConfig, TSettings, TText, TImage>,
): HttpProvider<TText, TImage> {
  const models = options.models ?? listedModels(options);
  const { probe, config } = options;
  return {
    name: options.name,
    ...(probe === undefined
      ? {}
      : { probe: ({ signal }) => probeHttp({ config, probe, signal }) }),
    textModel: modelFactory('text', options.text, options),
    imageModel: modelFactory('image', options.image, options),
    speechModel: modelFactory('speech', options.speech, options),
    musicModel: modelFactory('music', options.music, options),
    videoModel: modelFactory('video', options.video, options),
    trainingModel: modelFactory('training', options.training, options),
    listModels: () => models.map((model) => ({ ...model })),
  };
}

function modelFactory<
  TCapabilities,
  TConfig extends ModelHttpConfig,
  TSettings,
  TModel,
>(
  kind: ModelKind,
  spec: HttpModelKind<TCapabilities, TConfig, TSettings, TModel> | undefined,
  deps: { config: TConfig; settings: TSettings },
): (modelId: string) => TModel {
  if (spec === undefined) {
    return (modelId) =>
      noModelsOfKind({ provider: deps.config.provider, kind, modelId });
  }
  return (modelId) => {
    const known = findKnownModel(
      spec.models,
      spec.listedId?.(modelId) ?? modelId,
    );
    return spec.create(modelId, {
      config: deps.config,
      settings: deps.settings,
      cost: known?.cost,
      capabilities: known?.capabilities ?? spec.capabilities,
    });
  };
}
