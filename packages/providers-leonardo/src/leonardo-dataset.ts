import {
  modelCallOptions,
  pathSegment,
  postJson,
  type CallOptions,
  type TrainingRequest,
} from '@switchyard/core';
import { datasetCreateSchema } from './leonardo-api';
import type { LeonardoModelConfig } from './leonardo-config';
import { mapLeonardoError } from './leonardo-error';
import { checkImageSource } from './leonardo-image-source';
import { uploadDatasetImage } from './leonardo-init-image';

/**
 * Puts a training request's images into a new Leonardo dataset and returns
 * its id: `POST /datasets`, then each image in turn through
 * `POST /datasets/{id}/upload` and its presigned S3 form. Every image's
 * source is checked before the dataset is made, so a refused one leaves
 * nothing behind; a failure later (an upload refused, the caller gone)
 * leaves the dataset at Leonardo, which stores it without charge.
 */
export async function createDataset(context: {
  request: TrainingRequest;
  config: LeonardoModelConfig;
  options: CallOptions;
}): Promise<string> {
  const { request, config, options } = context;
  for (const image of request.images) checkImageSource(image, config);
  const { value } = await postJson({
    ...modelCallOptions({ config, call: options, mapError: mapLeonardoError }),
    url: `${config.baseURL}/datasets`,
    body: {
      name: request.name,
      description: `${request.images.length} reference images`,
    },
    parse: datasetCreateSchema,
  });
  const datasetId = value.insert_datasets_one.id;
  const datasetPath = pathSegment(datasetId, config.provider);
  // One at a time: memory holds one downloaded image at most.
  for (const image of request.images) {
    await uploadDatasetImage({ datasetPath, image, config, options });
  }
  return datasetId;
}
