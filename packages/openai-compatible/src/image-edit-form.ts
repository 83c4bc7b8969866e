import {
  IMAGE_EXTENSIONS,
  inspectBase64Image,
  SwitchyardError,
  type ImageHeader,
  type ReferenceImage,
} from '@switchyard/core';

/** An inline image ready to upload as a multipart file part. */
export interface ImageFilePart {
  /** The bytes, typed by what they are (not by what the request said). */
  blob: Blob;
  fileName: string;
  /** Type and, when the header says, size, read from the bytes. */
  header: ImageHeader;
}

/**
 * An inline (base64) reference image or mask as a file part. Its type comes
 * from its bytes, since edit APIs read the part's content type. Bytes that
 * are not an image fail with `invalid_request` (no provider could use them).
 *
 * @example
 * const part = imageFilePart({ provider: 'openai', name: 'mask', image: request.mask });
 * form.append('mask', part.blob, part.fileName);
 */
export function imageFilePart(options: {
  provider: string;
  /** What the image is in the request (`referenceImages[0]`, `mask`), for errors and the file name. */
  name: string;
  image: { base64: string };
}): ImageFilePart {
  const header = inspectBase64Image(options.image.base64);
  if (typeof header === 'string') {
    throw new SwitchyardError({
      code: 'invalid_request',
      provider: options.provider,
      message: `${options.name} is not a readable image: ${header}.`,
    });
  }
  const bytes = Buffer.from(options.image.base64, 'base64');
  return {
    blob: new Blob([bytes], { type: header.mimeType }),
    fileName: `${options.name.replace(/\W+/g, '-')}.${IMAGE_EXTENSIONS[header.mimeType]}`,
    header,
  };
}

/**
 * The multipart body of an OpenAI-style `POST /images/edits`: the text
 * fields (undefined ones left out), each image under `imageField`, and the
 * mask.
 */
export function imageEditForm(options: {
  fields: Record<string, string | number | undefined>;
  /** `image` for one file, `image[]` for several (OpenAI's array form). */
  imageField: string;
  images: ImageFilePart[];
  mask?: ImageFilePart;
}): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(options.fields)) {
    if (value !== undefined) form.append(name, String(value));
  }
  for (const image of options.images) {
    form.append(options.imageField, image.blob, image.fileName);
  }
  if (options.mask !== undefined) {
    form.append('mask', options.mask.blob, options.mask.fileName);
  }
  return form;
}

/** A reference image as a URL an API can fetch: its own URL, or a `data:` URL of its bytes. */
export function imageUrlOf(image: ReferenceImage): string {
  return 'url' in image
    ? image.url
    : `data:${image.mimeType};base64,${image.base64}`;
}
