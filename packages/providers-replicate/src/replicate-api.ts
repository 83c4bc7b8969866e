import { z } from 'zod';

/** The fields every Replicate job (prediction or training) shares. */
const jobFields = {
  id: z.string().min(1),
  /** `starting`, `processing`, `succeeded`, `failed` or `canceled`. */
  status: z.string(),
  error: z.string().nullish(),
  /** The model's log text so far (tqdm progress bars among it). */
  logs: z.string().nullish(),
  /** The input as Replicate echoes it back: what a resumed task reads its request from. */
  input: z.record(z.string(), z.unknown()).nullish(),
};

/** The fields of a prediction we read. */
export const predictionSchema = z.object({
  ...jobFields,
  output: z.union([z.string(), z.array(z.string())]).nullish(),
});
export type Prediction = z.infer<typeof predictionSchema>;

/** The fields of a training we read: its output names the new version and its weights. */
export const trainingSchema = z.object({
  ...jobFields,
  output: z
    .object({
      /** `owner/name:version`: the trained model, run like any other. */
      version: z.string().nullish(),
      weights: z.string().nullish(),
    })
    .nullish(),
  model: z.string().nullish(),
});
export type Training = z.infer<typeof trainingSchema>;

/** A job's fields the task status reads. */
export type ReplicateJob = Pick<Prediction, 'id' | 'status' | 'error' | 'logs'>;

/** The answer of `POST /files`: where the uploaded file is, for a model's input. */
export const fileSchema = z.object({
  id: z.string().min(1),
  urls: z.object({ get: z.url() }),
});

/** The output URLs of a prediction, whether it gave one or a list. */
export function outputURLs(prediction: Prediction): string[] {
  const { output } = prediction;
  if (output == null) return [];
  return typeof output === 'string' ? [output] : output;
}

/** True once a prediction's output can be used: `Prefer: wait` may answer `processing` with the files already there. */
export function isDone(prediction: Prediction): boolean {
  return (
    prediction.status === 'succeeded' ||
    (prediction.status === 'processing' && outputURLs(prediction).length > 0)
  );
}

/** The media type an output URL's extension names. */
export function mimeTypeOf(url: string): string {
  const extension = /\.(\w+)(?:\?|$)/.exec(url)?.[1]?.toLowerCase();
  switch (extension ?? '') {
    case 'png':
      return 'image/png';
    case 'webp':
      return 'image/webp';
    case 'jpg':
    case 'jpeg':
      return 'image/jpeg';
    default:
      return 'application/octet-stream';
  }
}

/** The `input` of an image prediction Switchyard creates. */
export interface PredictionInput {
  prompt: string;
  num_outputs?: number;
  aspect_ratio?: string;
  seed?: number;
  num_inference_steps?: number;
  guidance?: number;
}

/** The body of a create: `version` only when the model id pins one (or names a listed model's version). */
export interface PredictionBody {
  version?: string;
  /** The model's own input fields. */
  input: object;
}
