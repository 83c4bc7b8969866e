import { type GenerateResult, type ReferenceImage } from '@switchyard/core';
import { z } from 'zod';
import { jsonAnswer, summaryOfResult } from './compat-answers';
import {
  definedOnly,
  generateThrough,
  parseWith,
  readJson,
  type CompatCall,
} from './compat-call';
import { CompatError } from './compat-error';
import { routingFields } from './model-directory';
import type { ImagesResponse } from './openai-answer-schemas';
import { modelFieldSchema } from './openai-chat-schema';

/** `"1024x1024"`, or `auto` (the model's own size). */
const sizeSchema = z
  .string()
  .regex(/^(\d{1,5}x\d{1,5}|auto)$/, 'size looks like "1024x1024" (or "auto")');

/** The image fields both `/v1/images/*` routes honour (others are ignored). */
const imageFields = {
  prompt: z.string().min(1),
  model: modelFieldSchema.optional(),
  n: z.coerce.number().int().min(1).max(16).optional(),
  size: sizeSchema.optional(),
  response_format: z.enum(['url', 'b64_json']).optional(),
  /** Not OpenAI's: makes a seeded model repeat itself. */
  seed: z.coerce.number().int().optional(),
};

/** `POST /v1/images/generations`. */
export const imageGenerationRequestSchema = z.object(imageFields);

/** `POST /v1/images/edits` (multipart form fields; files are checked apart). */
export const imageEditRequestSchema = z.object(imageFields);

type ImageRequest = z.infer<typeof imageGenerationRequestSchema>;

/** `POST /v1/images/generations`: an image call through `generate`. */
export async function imageGenerations(call: CompatCall): Promise<Response> {
  const body = parseWith(
    imageGenerationRequestSchema,
    await readJson(call.request),
  );
  return answerImages(call, { body });
}

/**
 * `POST /v1/images/edits`: a multipart form with `image` (or `image[]`,
 * several), `prompt` and an optional `mask`, as an image call with
 * `referenceImages` (and `mask`); models that cannot edit are skipped.
 */
export async function imageEdits(call: CompatCall): Promise<Response> {
  const form = await readForm(call);
  const body = parseWith(imageEditRequestSchema, form);
  const files = [form.image, form['image[]']]
    .flat()
    .filter((file) => file !== undefined);
  if (files.length === 0) {
    throw new CompatError({
      status: 400,
      code: 'invalid_request',
      param: 'image',
      message:
        'An edit needs the image to edit: send it as the "image" file field.',
    });
  }
  const referenceImages = await Promise.all(
    files.map((file) => inlineImage(file, 'image')),
  );
  const mask =
    form.mask === undefined ? undefined : await inlineImage(form.mask, 'mask');
  return answerImages(call, { body, referenceImages, mask });
}

async function answerImages(
  call: CompatCall,
  options: {
    body: ImageRequest;
    referenceImages?: ReferenceImage[];
    mask?: ReferenceImage;
  },
): Promise<Response> {
  const { body } = options;
  const size = /^(\d+)x(\d+)$/.exec(body.size ?? '');
  const result = await generateThrough(
    call,
    definedOnly({
      type: 'image' as const,
      prompt: body.prompt,
      n: body.n,
      width: size === null ? undefined : Number(size[1]),
      height: size === null ? undefined : Number(size[2]),
      seed: body.seed,
      referenceImages: options.referenceImages,
      mask: options.mask,
      ...routingFields(call.directory.resolve(body.model, 'image'), 'image'),
    }),
    { width: 'size', height: 'size', referenceImages: 'image' },
  );
  return jsonAnswer({
    body: imagesBody(result, body.response_format ?? 'url'),
    summary: summaryOfResult(result),
  });
}

/**
 * OpenAI's `{ created, data: [{ b64_json | url, revised_prompt? }] }`.
 * `url` is the provider's URL, or a `data:` URL of an inline image;
 * `b64_json` is the inline image, or, for an image the provider only
 * hosts, its `url`.
 */
function imagesBody(
  result: GenerateResult,
  format: 'url' | 'b64_json',
): ImagesResponse {
  if (result.type !== 'image')
    throw new Error('an image call answered no image');
  return {
    created: Math.floor(Date.now() / 1000),
    data: result.images.map((image) => {
      const revised =
        image.revisedPrompt === undefined
          ? {}
          : { revised_prompt: image.revisedPrompt };
      if (format === 'b64_json' && image.base64 !== undefined) {
        return { b64_json: image.base64, ...revised };
      }
      return {
        url: image.url ?? `data:${image.mimeType};base64,${image.base64 ?? ''}`,
        ...revised,
      };
    }),
  };
}

/** The form's fields and files (`image[]` repeated for several images). */
async function readForm(
  call: CompatCall,
): Promise<Record<string, string | File | (string | File)[]>> {
  const type = call.request.req.header('content-type') ?? '';
  if (!/^multipart\/form-data/i.test(type)) {
    throw new CompatError({
      status: 400,
      code: 'invalid_request',
      message:
        'An edit is a multipart/form-data request (fields image, prompt and optional mask).',
    });
  }
  return call.request.req.parseBody({ all: true });
}

/** The image types the gateway takes, by their first bytes. */
const SIGNATURES: ReadonlyArray<
  ['image/png' | 'image/jpeg' | 'image/webp', (bytes: Uint8Array) => boolean]
> = [
  [
    'image/png',
    (bytes) =>
      bytes[0] === 0x89 &&
      bytes[1] === 0x50 &&
      bytes[2] === 0x4e &&
      bytes[3] === 0x47,
  ],
  [
    'image/jpeg',
    (bytes) => bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff,
  ],
  [
    'image/webp',
    (bytes) =>
      String.fromCharCode(...bytes.subarray(0, 4)) === 'RIFF' &&
      String.fromCharCode(...bytes.subarray(8, 12)) === 'WEBP',
  ],
];

/** An uploaded file as an inline reference image, its type told by its bytes. */
async function inlineImage(
  value: string | File | (string | File)[],
  field: string,
): Promise<ReferenceImage> {
  const file = Array.isArray(value) ? value[0] : value;
  if (!(file instanceof File)) {
    throw new CompatError({
      status: 400,
      code: 'invalid_request',
      param: field,
      message: `"${field}" is a file field (a PNG, JPEG or WebP image).`,
    });
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const mimeType = SIGNATURES.find(([, matches]) => matches(bytes))?.[0];
  if (mimeType === undefined) {
    throw new CompatError({
      status: 400,
      code: 'invalid_request',
      param: field,
      message: `"${field}" is not a PNG, JPEG or WebP image.`,
    });
  }
  return { base64: Buffer.from(bytes).toString('base64'), mimeType };
}
