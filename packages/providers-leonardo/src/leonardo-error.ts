import type { MapError } from '@switchyard/core';
import { z } from 'zod';

/** Leonardo's Hasura-style error body: the text says what happened, `code` is coarse. */
const errorBodySchema = z.object({ error: z.string() });

/** The wordings Leonardo answers a moderated prompt (or init image) with. */
const MODERATION = /content moderation|inappropriate content/i;

/**
 * Leonardo's errors map by status, except a prompt its moderation filter
 * blocked: a 403 that is `content_policy`, not `auth` (the key is fine).
 */
export const mapLeonardoError: MapError = ({ body }) => {
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success || !MODERATION.test(parsed.data.error)) return undefined;
  return { code: 'content_policy', message: parsed.data.error };
};

/**
 * S3's answers to an image upload (init or dataset image): a file over the presigned policy's
 * size is the request's fault; any other refusal (an expired or bad
 * signature, S3 down) is Leonardo's side and worth a new attempt.
 */
export const mapUploadError: MapError = ({ text }) =>
  /EntityTooLarge/.test(text)
    ? {
        code: 'invalid_request',
        message: 'the image is larger than Leonardo accepts.',
      }
    : {
        code: 'server_error',
        message: 'the image upload to its presigned URL was refused.',
      };
