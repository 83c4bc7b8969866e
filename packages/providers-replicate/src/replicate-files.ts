import {
  IMAGE_EXTENSIONS,
  modelCallOptions,
  postForm,
  type CallOptions,
  type ImageMimeType,
  type ReferenceImage,
} from '@switchyard/core';
import { fileSchema } from './replicate-api';
import { mapReplicateError } from './replicate-error';
import type { ReplicateModelConfig } from './replicate-task';

/**
 * Largest image sent inline as a data URL: Replicate takes data URLs for
 * small files and asks for larger ones to be uploaded (its files API) or
 * hosted.
 */
const MAX_DATA_URL_BYTES = 256 * 1024;
/** How long one upload may take (a training archive can be hundreds of MB). */
const UPLOAD_TIMEOUT_MS = 10 * 60_000;

/** A file to upload. */
export interface UploadedFile {
  bytes: Uint8Array;
  fileName: string;
  mimeType: string;
}

/**
 * Uploads a file with Replicate's files API (`POST /files`, multipart, the
 * file in `content`) and returns the URL a model input names it by. The
 * file is kept at Replicate (with the account's token) until it expires.
 */
export async function uploadFile(context: {
  file: UploadedFile;
  config: ReplicateModelConfig;
  options: CallOptions;
}): Promise<string> {
  const { file, config } = context;
  const form = new FormData();
  form.append(
    'content',
    new Blob([Buffer.from(file.bytes)], { type: file.mimeType }),
    file.fileName,
  );
  const { value } = await postForm({
    ...modelCallOptions({
      config,
      call: context.options,
      mapError: mapReplicateError,
    }),
    url: `${config.baseURL}/files`,
    form,
    parse: fileSchema,
    timeoutMs: UPLOAD_TIMEOUT_MS,
  });
  return value.urls.get;
}

/** The file name an image of that type gets, e.g. `image-01.png`. */
export function imageFileName(name: string, mimeType: ImageMimeType): string {
  return `${name}.${IMAGE_EXTENSIONS[mimeType]}`;
}

/**
 * What a model input takes for an image: its URL as given, a small inline
 * image as a data URL, a larger one uploaded first.
 */
export async function imageInput(context: {
  image: ReferenceImage;
  name: string;
  config: ReplicateModelConfig;
  options: CallOptions;
}): Promise<string> {
  const { image } = context;
  if ('url' in image) return image.url;
  const bytes = Buffer.from(image.base64, 'base64');
  if (bytes.byteLength <= MAX_DATA_URL_BYTES) {
    return `data:${image.mimeType};base64,${image.base64}`;
  }
  return uploadFile({
    file: {
      bytes,
      fileName: imageFileName(context.name, image.mimeType),
      mimeType: image.mimeType,
    },
    config: context.config,
    options: context.options,
  });
}
