import type { GeneratedImage } from '@switchyard/core';
import { z } from 'zod';

/** The answer to a queue submit we read. */
export const submitSchema = z.object({ request_id: z.string().min(1) });

/** A queued request's status; `logs` only when asked for with `?logs=1`. */
export const statusSchema = z.object({
  status: z.string(),
  queue_position: z.number().int().nullish(),
  logs: z.array(z.object({ message: z.string().nullish() })).nullish(),
});

/** An image model's output (the run answer and the queue result alike). */
export const imageOutputSchema = z.object({
  images: z
    .array(
      z.object({
        url: z.string(),
        width: z.number().int().positive().nullish(),
        height: z.number().int().positive().nullish(),
        content_type: z.string().nullish(),
      }),
    )
    .min(1),
  seed: z.number().int().nullish(),
});

/** Turns a model output into core's images. */
export function toImages(
  output: z.infer<typeof imageOutputSchema>,
): GeneratedImage[] {
  return output.images.map((image) => ({
    url: image.url,
    mimeType: image.content_type ?? 'image/jpeg',
    ...(image.width == null ? {} : { width: image.width }),
    ...(image.height == null ? {} : { height: image.height }),
    ...(output.seed == null ? {} : { seed: output.seed }),
  }));
}

/** A file fal hosts (an output's audio or video): its URL and what it says about it. */
export const fileSchema = z.object({
  url: z.string().min(1),
  content_type: z.string().nullish(),
  file_name: z.string().nullish(),
  file_size: z.number().int().nonnegative().nullish(),
  /** Seconds; some audio outputs say it. */
  duration: z.number().nonnegative().nullish(),
});
export type FalFile = z.infer<typeof fileSchema>;

/** A speech or music model's output: one audio file. */
export const audioOutputSchema = z.object({ audio: fileSchema });

/** A video model's output: one video file (and the seed some models report). */
export const videoOutputSchema = z.object({
  video: fileSchema,
  seed: z.number().int().nullish(),
});

/** A LoRA trainer's output: the weights file (and its training config). */
export const loraTrainingOutputSchema = z.object({
  diffusers_lora_file: fileSchema,
  config_file: fileSchema.nullish(),
});

/** The body of an image model call (run or queue submit). */
export interface FalImageBody {
  prompt: string;
  /** A named size (`square_hd`, …) or explicit pixels. */
  image_size?: string | { width: number; height: number };
  /** Edit models that take a ratio instead of a size (Kontext). */
  aspect_ratio?: string;
  num_images?: number;
  seed?: number;
  num_inference_steps?: number;
  guidance_scale?: number;
  /** Edit models: the input image, by URL or data URL. */
  image_url?: string;
  /** Multi-image edit models: the input images. */
  image_urls?: string[];
  /** Inpainting models: where to repaint. */
  mask_url?: string;
  /** Image-to-image: how far from the input to go, 0 to 1. */
  strength?: number;
  /** LoRA models (`fal-ai/flux-lora`): the weights to apply. */
  loras?: { path: string; scale: number }[];
}
