import type { CostMetadata, ModelHttpConfig } from '@switchyard/core';

/** What Leonardo models need from their provider. */
export interface LeonardoModelConfig extends ModelHttpConfig {
  cost?: CostMetadata;
  /** Wait between status polls of generations (images, video). */
  pollIntervalMs?: number;
  /** Wait between status polls of a training run, which takes many minutes. */
  trainingPollIntervalMs?: number;
  /** Whether an input image given by http(s) URL may be downloaded (see the provider settings). */
  fetchImageUrls?: boolean;
}
