import {
  IMAGE_EXTENSIONS,
  modelCallOptions,
  parseJsonText,
  postJson,
  uploadForm,
  type CallOptions,
  type ReferenceImage,
} from '@switchyard/core';
import type { z } from 'zod';
import {
  datasetUploadSchema,
  initImageUploadSchema,
  uploadFieldsSchema,
  type PresignedUpload,
} from './leonardo-api';
import type { LeonardoModelConfig } from './leonardo-config';
import { mapLeonardoError, mapUploadError } from './leonardo-error';
import { uploadableImage, type UploadableImage } from './leonardo-image-source';

/** How long the upload of an image to S3 may take. */
const UPLOAD_TIMEOUT_MS = 60_000;

/**
 * Uploads an image the way Leonardo takes every image: `endpoint` answers a
 * presigned S3 upload (`pick` finds it in the answer), the bytes go there
 * as a multipart form (its fields, then the file; no Leonardo key, which S3
 * would refuse), and the image's id is returned. Every step stops when the
 * caller aborts.
 */
async function presignedUpload<TAnswer>(context: {
  image: UploadableImage;
  endpoint: string;
  schema: z.ZodType<TAnswer>;
  pick: (answer: TAnswer) => PresignedUpload;
  config: LeonardoModelConfig;
  options: CallOptions;
}): Promise<string> {
  const { image, config, options } = context;
  const { provider } = config;
  const extension = IMAGE_EXTENSIONS[image.mimeType];
  const { value } = await postJson({
    ...modelCallOptions({ config, call: options, mapError: mapLeonardoError }),
    url: context.endpoint,
    body: { extension },
    parse: context.schema,
  });
  const upload = context.pick(value);
  const fields = parseJsonText({
    text: upload.fields,
    schema: uploadFieldsSchema,
    provider,
  });
  const form = new FormData();
  for (const [name, field] of Object.entries(fields)) form.append(name, field);
  form.set(
    'file',
    new Blob([image.bytes], { type: image.mimeType }),
    `image.${extension}`,
  );
  await uploadForm({
    url: upload.url,
    provider,
    form,
    signal: options.signal,
    fetch: config.fetch,
    userAgent: config.userAgent,
    timeoutMs: UPLOAD_TIMEOUT_MS,
    mapError: mapUploadError,
  });
  return upload.id;
}

/**
 * Uploads a request's image (inline, or by URL where the instance allows)
 * as a Leonardo init image (`POST /init-image`) and returns its id: what
 * `POST /generations` takes as `init_image_id`, and motion as `imageId`.
 */
export async function uploadInitImage(context: {
  image: ReferenceImage;
  config: LeonardoModelConfig;
  options: CallOptions;
}): Promise<string> {
  const { config, options } = context;
  const image = await uploadableImage({
    image: context.image,
    config,
    signal: options.signal,
  });
  return presignedUpload({
    image,
    endpoint: `${config.baseURL}/init-image`,
    schema: initImageUploadSchema,
    pick: (answer) => answer.uploadInitImage,
    config,
    options,
  });
}

/** Uploads one training image into a dataset (`POST /datasets/{id}/upload`). */
export async function uploadDatasetImage(context: {
  datasetPath: string;
  image: ReferenceImage;
  config: LeonardoModelConfig;
  options: CallOptions;
}): Promise<void> {
  const { config, options } = context;
  const image = await uploadableImage({
    image: context.image,
    config,
    signal: options.signal,
  });
  await presignedUpload({
    image,
    endpoint: `${config.baseURL}/datasets/${context.datasetPath}/upload`,
    schema: datasetUploadSchema,
    pick: (answer) => answer.uploadDatasetImage,
    config,
    options,
  });
}
