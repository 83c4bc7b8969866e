import { z } from 'zod';

/** The fields of a prediction we read. */
export const predictionSchema = z.object({
  id: z.string().min(1),
  status: z.string(),
  output: z.union([z.string(), z.array(z.string())]).nullish(),
  error: z.string().nullish(),
});
export type Prediction = z.infer<typeof predictionSchema>;

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
