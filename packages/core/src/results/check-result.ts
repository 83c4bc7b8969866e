import { SwitchyardError } from '../errors/switchyard-error';
import type {
  ImageCapabilities,
  ImageModelResult,
  TextModelResult,
  TextStreamPart,
} from '../provider/contract';
import { usageSchema, warningSchema, type Warning } from '../schemas/common';
import {
  generatedImageSchema,
  type GeneratedImage,
  type ImageRequest,
} from '../schemas/image';
import { finishReasonSchema } from '../schemas/text';
import { inspectBase64Image, type ImageHeader } from './image-bytes';

/** What {@link checkImageResult} checks a result against. */
export interface CheckImageResultOptions {
  /** What the model returned; not trusted. */
  result: unknown;
  /** The request it answered: `n` is the number of images asked for. */
  request: Pick<ImageRequest, 'n'>;
  /** The model's capabilities: it is not asked for more than `maxImagesPerCall`. */
  capabilities?: Pick<ImageCapabilities, 'maxImagesPerCall'>;
  /** Named in the error. */
  provider: string;
}

/**
 * The result check of an image call: at least one image and as many as were
 * asked (`n`, or the model's `maxImagesPerCall` when that is smaller); each
 * image with inline base64 data that is a whole PNG, JPEG, WebP or GIF (its
 * header and end are read, not its pixels) or an http(s) URL, and an image
 * media type. Returns the result as it counts: images past `n` dropped (with
 * a warning), an inline image's `mimeType` and size taken from its bytes.
 * Throws an `invalid_response` SwitchyardError saying what is wrong.
 */
export function checkImageResult(
  options: CheckImageResultOptions,
): ImageModelResult {
  const { result, request, capabilities, provider } = options;
  const invalid = (problem: string) => invalidResponse(provider, problem);
  if (!isRecord(result) || !Array.isArray(result.images)) {
    throw invalid('it has no list of images');
  }
  const asked = request.n ?? 1;
  const expected = Math.min(
    asked,
    capabilities?.maxImagesPerCall ?? Number.POSITIVE_INFINITY,
  );
  const count = result.images.length;
  if (count === 0) throw invalid('it has no image');
  if (count < expected) {
    throw invalid(`it has ${count} image(s) where ${expected} were asked for`);
  }
  const warnings = checkWarnings(result.warnings, invalid);
  const kept: unknown[] = result.images.slice(0, asked);
  if (count > asked) {
    warnings.push({
      type: 'other',
      setting: 'n',
      message: `${provider} returned ${count} images where ${asked} were asked for; the first ${asked} were kept.`,
    });
  }
  const images = kept.map((image, index) => {
    const problemOrImage = checkImage(image);
    if (typeof problemOrImage === 'string') {
      throw invalid(`image ${index + 1}: ${problemOrImage}`);
    }
    return problemOrImage;
  });
  return { ...(result as unknown as ImageModelResult), images, warnings };
}

function checkImage(image: unknown): GeneratedImage | string {
  const parsed = generatedImageSchema.safeParse(image);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') ?? '';
    return field === ''
      ? 'it has neither base64 data nor a URL'
      : `its ${field} is missing or of the wrong type`;
  }
  const checked: GeneratedImage = { ...parsed.data };
  const mimeType = checked.mimeType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!/^image\/[\w.+-]+$/.test(mimeType)) {
    return `its media type "${checked.mimeType.slice(0, 64)}" is not an image type`;
  }
  checked.mimeType = mimeType;
  if (checked.url !== undefined) {
    const problem = checkUrl(checked.url);
    if (typeof problem === 'string') return problem;
    if (problem !== undefined) Object.assign(checked, sizeFrom(problem));
  }
  if (checked.base64 !== undefined) {
    const header = inspectBase64Image(checked.base64);
    if (typeof header === 'string') return header;
    Object.assign(checked, sizeFrom(header));
  }
  for (const field of ['width', 'height'] as const) {
    const value = checked[field];
    if (value !== undefined && !(Number.isSafeInteger(value) && value > 0)) {
      return `its ${field} is not a positive whole number`;
    }
  }
  return checked;
}

/** The media type and the size the bytes give, over what the model said. */
function sizeFrom(header: ImageHeader): Partial<GeneratedImage> {
  return {
    mimeType: header.mimeType,
    ...(header.width === undefined ? {} : { width: header.width }),
    ...(header.height === undefined ? {} : { height: header.height }),
  };
}

/** An http(s) URL passes; a `data:` URL's inline image is checked like base64. */
function checkUrl(url: string): ImageHeader | string | undefined {
  const data = /^data:(image\/[\w.+-]+);base64,(.*)$/s.exec(url);
  if (data !== null) return inspectBase64Image(data[2] ?? '');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'its URL is not a valid absolute URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return `its URL is ${parsed.protocol} where http(s) was expected`;
  }
  return undefined;
}

/** What {@link checkTextResult} checks. */
export interface CheckTextResultOptions {
  result: unknown;
  provider: string;
}

/**
 * The result check of a text call: `text` is a string, `finishReason` one of
 * core's, each usage count a non-negative whole number. Returns the result;
 * throws an `invalid_response` SwitchyardError saying what is wrong.
 */
export function checkTextResult(
  options: CheckTextResultOptions,
): TextModelResult {
  const { result, provider } = options;
  const invalid = (problem: string) => invalidResponse(provider, problem);
  if (!isRecord(result)) throw invalid('it is not an object');
  if (typeof result.text !== 'string') throw invalid('it has no text');
  const ending = checkEnding(result);
  if (typeof ending === 'string') throw invalid(ending);
  const warnings = checkWarnings(result.warnings, invalid);
  return { ...(result as unknown as TextModelResult), ...ending, warnings };
}

/**
 * The check of one streamed part: a delta's text is a string; the end's
 * finish reason and usage pass like {@link checkTextResult}'s.
 */
export function checkTextStreamPart(
  part: unknown,
  provider: string,
): TextStreamPart {
  const invalid = (problem: string) => invalidResponse(provider, problem);
  if (isRecord(part) && part.type === 'text-delta') {
    if (typeof part.text !== 'string')
      throw invalid('a text delta has no text');
    return part as TextStreamPart;
  }
  if (isRecord(part) && part.type === 'text-end') {
    const ending = checkEnding(part);
    if (typeof ending === 'string') throw invalid(ending);
    return { ...(part as TextStreamPart & { type: 'text-end' }), ...ending };
  }
  throw invalid('a streamed part is neither text nor the end');
}

/**
 * Checks every part of a text stream as it is read, and that it ends with
 * its `text-end` part: a stream that stops before it throws
 * `invalid_response` (the answer is incomplete). Nothing is read past the end.
 */
export function checkedTextStream(
  parts: AsyncIterator<TextStreamPart>,
  provider: string,
): AsyncIterator<TextStreamPart> {
  let ended = false;
  return {
    async next() {
      if (ended) return { done: true, value: undefined };
      const next = await parts.next();
      if (next.done === true) {
        ended = true;
        throw invalidResponse(
          provider,
          'the stream ended before the end of the answer',
        );
      }
      const part = checkTextStreamPart(next.value, provider);
      if (part.type === 'text-end') ended = true;
      return { done: false, value: part };
    },
    async return() {
      ended = true;
      await parts.return?.();
      return { done: true, value: undefined };
    },
  };
}

function checkEnding(
  result: Record<string, unknown>,
): Pick<TextModelResult, 'finishReason' | 'usage'> | string {
  const finishReason = finishReasonSchema.safeParse(result.finishReason);
  if (!finishReason.success) {
    return `its finish reason ${describe(result.finishReason)} is not one of ${finishReasonSchema.options.join(', ')}`;
  }
  const usage = usageSchema.safeParse(result.usage ?? {});
  const counts = usage.success ? Object.values(usage.data) : [];
  if (
    !usage.success ||
    counts.some((count) => count !== undefined && !Number.isSafeInteger(count))
  ) {
    return 'its token usage is not a set of non-negative whole numbers';
  }
  return { finishReason: finishReason.data, usage: usage.data };
}

/** Built once: building a zod schema costs more than parsing with it. */
const warningsSchema = warningSchema.array();

export function checkWarnings(
  warnings: unknown,
  invalid: (problem: string) => SwitchyardError,
): Warning[] {
  if (warnings === undefined) return [];
  const parsed = warningsSchema.safeParse(warnings);
  if (!parsed.success) throw invalid('its warnings are malformed');
  return parsed.data;
}

export function invalidResponse(
  provider: string,
  problem: string,
): SwitchyardError {
  return new SwitchyardError({
    code: 'invalid_response',
    provider,
    message: `${provider} answered with a result that is not valid: ${problem}.`,
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return '(none)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `"${text.slice(0, 32)}"`;
}
