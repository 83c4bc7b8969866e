import {
  SwitchyardError,
  modelCallOptions,
  parseJsonText,
  postJson,
  uploadForm,
  type CallOptions,
  type ModelHttpConfig,
  type ReferenceImage,
} from '@switchyard/core';
import { initImageUploadSchema, uploadFieldsSchema } from './leonardo-api';
import { mapLeonardoError, mapUploadError } from './leonardo-error';

/** The `extension` Leonardo takes for each reference image type. */
const EXTENSIONS = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
} as const;

/** How long the upload of an init image to S3 may take. */
const UPLOAD_TIMEOUT_MS = 60_000;

/** A reference image given inline, the only kind Leonardo's upload can take. */
type InlineImage = Extract<ReferenceImage, { base64: string }>;

/**
 * An inline reference image, or the `unsupported` error a URL one earns:
 * the gateway does not fetch URLs its callers name (they could point
 * anywhere, its own network included), so the route falls back to a target
 * that takes image URLs.
 */
function inlineImage(image: ReferenceImage, provider: string): InlineImage {
  if ('base64' in image) return image;
  throw new SwitchyardError({
    code: 'unsupported',
    provider,
    message: `${provider} needs the reference image inline (base64): it uploads the image itself, and the gateway does not download URLs.`,
  });
}

/**
 * Uploads a reference image as a Leonardo init image and returns its id:
 * `POST /init-image` answers a presigned S3 upload, the bytes go there as a
 * multipart form (its fields, then the file; no Leonardo key, which S3
 * would refuse), and the id is what `POST /generations` takes as
 * `init_image_id`. Every step stops when the caller aborts.
 */
export async function uploadInitImage(context: {
  image: ReferenceImage;
  config: ModelHttpConfig;
  options: CallOptions;
}): Promise<string> {
  const { config, options } = context;
  const { provider } = config;
  const image = inlineImage(context.image, provider);
  const { value } = await postJson({
    ...modelCallOptions({ config, call: options, mapError: mapLeonardoError }),
    url: `${config.baseURL}/init-image`,
    body: { extension: EXTENSIONS[image.mimeType] },
    parse: initImageUploadSchema,
  });
  const upload = value.uploadInitImage;
  const fields = parseJsonText({
    text: upload.fields,
    schema: uploadFieldsSchema,
    provider,
  });
  const form = new FormData();
  for (const [name, field] of Object.entries(fields)) form.append(name, field);
  const bytes = Buffer.from(image.base64, 'base64');
  form.set(
    'file',
    new Blob([bytes], { type: image.mimeType }),
    `init.${EXTENSIONS[image.mimeType]}`,
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
