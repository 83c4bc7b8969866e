import type { TrainingCapabilities } from '../provider/training-contract';
import type { TrainingRequest } from '../schemas/training';
import type { VideoCapabilities } from '../provider/video-contract';
import type { VideoRequest } from '../schemas/video';
import type {
  MusicCapabilities,
  SpeechCapabilities,
} from '../provider/audio-contract';
import type { ImageCapabilities, Model } from '../provider/contract';
import type { MusicRequest, SpeechRequest } from '../schemas/audio';
import type { ImageRequest } from '../schemas/image';

// What a target's model cannot do for a request, said before any call: the
// engine skips it (reason `unsupported`) and the route moves on to one that
// can, rather than calling a model that would fail or, worse, ignore part
// of the request.

/** Why an image model cannot serve a request (references, mask), or undefined. */
export function imageUnsupported(
  capabilities: ImageCapabilities,
  request: ImageRequest,
): string | undefined {
  const references = request.referenceImages?.length ?? 0;
  if (references > 0 && capabilities.referenceImages !== true) {
    return 'it cannot take reference images (edits, image-to-image)';
  }
  const most = capabilities.maxReferenceImages ?? 1;
  if (references > most) {
    return `it takes at most ${most} reference image(s), the request has ${references}`;
  }
  if (request.mask !== undefined && capabilities.mask !== true) {
    return 'it cannot take a mask (inpainting)';
  }
  return undefined;
}

/** Why a speech model cannot serve a request (voice, format, length, language), or undefined. */
export function speechUnsupported(
  capabilities: SpeechCapabilities,
  request: SpeechRequest,
): string | undefined {
  const { voice, format, language, text } = request;
  if (voice !== undefined && capabilities.voices !== undefined) {
    if (!capabilities.voices.includes(voice)) {
      return `it has no voice "${voice}" (it has ${capabilities.voices.slice(0, 12).join(', ')})`;
    }
  }
  const formatNotMade = formatProblem(capabilities.formats, format);
  if (formatNotMade !== undefined) return formatNotMade;
  if (text.length > capabilities.maxCharacters) {
    return `it speaks at most ${capabilities.maxCharacters} characters per call, the request has ${text.length}`;
  }
  const primary = language?.split('-')[0]?.toLowerCase();
  if (primary !== undefined && capabilities.languages !== undefined) {
    if (!capabilities.languages.includes(primary)) {
      return `it does not speak "${language}"`;
    }
  }
  return undefined;
}

/** Why a music model cannot serve a request (length, format, instrumental), or undefined. */
export function musicUnsupported(
  capabilities: MusicCapabilities,
  request: MusicRequest,
): string | undefined {
  const { durationMs, format, instrumental } = request;
  const problem =
    formatProblem(capabilities.formats, format) ??
    lengthProblem(capabilities, durationMs);
  if (problem !== undefined) return problem;
  if (instrumental === true && !capabilities.instrumental) {
    return 'it cannot leave out vocals';
  }
  return undefined;
}

/** Why a video model cannot serve a request (length, format, first frame, soundtrack, aspect ratio), or undefined. */
export function videoUnsupported(
  capabilities: VideoCapabilities,
  request: VideoRequest,
): string | undefined {
  const { durationMs, format, image, withAudio, aspectRatio } = request;
  const formatNotMade = formatProblem(capabilities.formats, format);
  if (formatNotMade !== undefined) return formatNotMade;
  if (image !== undefined && !capabilities.imageToVideo) {
    return 'it cannot start from an image (no image-to-video)';
  }
  if (image === undefined && !capabilities.textToVideo) {
    return 'it needs a first frame (`image`): it has no text-to-video';
  }
  const length = lengthProblem(capabilities, durationMs);
  if (length !== undefined) return length;
  if (withAudio === true && !capabilities.audio) {
    return 'it cannot make a soundtrack (`withAudio`)';
  }
  const ratios = capabilities.aspectRatios;
  if (
    aspectRatio !== undefined &&
    ratios !== undefined &&
    !ratios.includes(aspectRatio)
  ) {
    return `it takes aspect ratios ${ratios.join(', ')}, not ${aspectRatio}`;
  }
  return undefined;
}

/** Why a trainer cannot serve a request (image count, steps, base model), or undefined. */
export function trainingUnsupported(
  capabilities: TrainingCapabilities,
  request: TrainingRequest,
): string | undefined {
  const count = request.images.length;
  if (count < capabilities.minImages || count > capabilities.maxImages) {
    return `it trains on ${capabilities.minImages} to ${capabilities.maxImages} images, the request has ${count}`;
  }
  if (request.steps !== undefined && request.steps > capabilities.maxSteps) {
    return `it runs at most ${capabilities.maxSteps} steps, the request asks for ${request.steps}`;
  }
  const bases = capabilities.baseModels;
  if (
    request.baseModel !== undefined &&
    bases !== undefined &&
    !bases.includes(request.baseModel)
  ) {
    return `it trains on ${bases.join(', ')}, not ${request.baseModel}`;
  }
  return undefined;
}

/** Why a model that makes `formats` cannot make `format`, or undefined. */
function formatProblem(
  formats: readonly string[],
  format: string | undefined,
): string | undefined {
  if (format === undefined || formats.includes(format)) return undefined;
  return `it cannot produce ${format} (it produces ${formats.join(', ')})`;
}

/** Why a model of this length range cannot make `durationMs`, or undefined. */
function lengthProblem(
  range: { maxDurationMs: number; minDurationMs?: number },
  durationMs: number | undefined,
): string | undefined {
  if (durationMs === undefined) return undefined;
  if (durationMs > range.maxDurationMs) {
    return `it makes at most ${range.maxDurationMs} ms, the request asks for ${durationMs}`;
  }
  const shortest = range.minDurationMs;
  if (shortest !== undefined && durationMs < shortest) {
    return `it makes at least ${shortest} ms, the request asks for ${durationMs}`;
  }
  return undefined;
}

/**
 * Why a model cannot serve a request of its kind, by its capabilities, or
 * undefined: what the engine checks before a target's first attempt (the
 * target is then skipped as `unsupported`). Text models take any request.
 */
export function requestUnsupported(
  model: Model,
  request: unknown,
): string | undefined {
  switch (model.kind) {
    case 'image':
      return imageUnsupported(model.capabilities, request as ImageRequest);
    case 'speech':
      return speechUnsupported(model.capabilities, request as SpeechRequest);
    case 'music':
      return musicUnsupported(model.capabilities, request as MusicRequest);
    case 'video':
      return videoUnsupported(model.capabilities, request as VideoRequest);
    case 'training':
      return trainingUnsupported(
        model.capabilities,
        request as TrainingRequest,
      );
    case 'text':
      return undefined;
  }
}
