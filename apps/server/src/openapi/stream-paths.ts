import { textStreamEventSchema, textStreamInputSchema } from '@switchyard/core';
import type { z } from 'zod';
import type {
  ZodOpenApiOperationObject,
  ZodOpenApiPathsObject,
} from 'zod-openapi';
import { jobEventSchema } from '../jobs/job-view';
import { jobIdInputSchema } from '../jobs-router';

/** Components the subscriptions' `input` parameters refer to by name. */
export const STREAM_INPUT_COMPONENTS = {
  TextStreamInput: textStreamInputSchema,
  JobEventsInput: jobIdInputSchema,
};

const SSE_FORMAT =
  'Server-sent events, as tRPC sends them: first `event: connected`, then one message per event (`data:` the event as JSON, `id:` its id), and `event: return` when the stream ends. An error (no key, a bad input) is `event: serialized-error` with `data:` `{ message, code, data }` (`data.code` is the Switchyard code), and the stream ends. A client that reconnects sends `Last-Event-ID`.';

function subscription(options: {
  path: string;
  summary: string;
  description: string;
  inputComponent: keyof typeof STREAM_INPUT_COMPONENTS;
  event: z.ZodType;
}): ZodOpenApiOperationObject {
  return {
    operationId: options.path,
    tags: ['subscriptions'],
    summary: options.summary,
    description: `${options.description}\n\n${SSE_FORMAT}`,
    security: [{ bearer: [] }],
    parameters: [
      {
        in: 'query',
        name: 'input',
        required: true,
        description: 'The input, as URL-encoded JSON.',
        content: {
          'application/json': {
            schema: {
              $ref: `#/components/schemas/${options.inputComponent}`,
            },
          },
        },
      },
    ],
    responses: {
      '200': {
        description: 'The events; each `data:` line is one of these, as JSON.',
        content: { 'text/event-stream': { schema: options.event } },
      },
    },
  };
}

/**
 * The tRPC subscriptions (`generateStream`, `jobs.events`) as server-sent
 * event streams at `/trpc/…`: tRPC serves them, not the REST handler.
 */
export function streamPaths(summaries: {
  generateStream?: string;
  jobsEvents?: string;
}): ZodOpenApiPathsObject {
  return {
    '/trpc/generateStream': {
      get: subscription({
        path: 'generateStream',
        summary: 'Stream a text answer (server-sent events).',
        description:
          summaries.generateStream ??
          'Stream a text answer as events: attempt-start, fallback, text-delta, then end or error.',
        inputComponent: 'TextStreamInput',
        event: textStreamEventSchema,
      }),
    },
    '/trpc/jobs.events': {
      get: subscription({
        path: 'jobs.events',
        summary: 'Follow a job (server-sent events).',
        description:
          summaries.jobsEvents ??
          'A job’s progress as it happens, until it ends.',
        inputComponent: 'JobEventsInput',
        event: jobEventSchema,
      }),
    },
  };
}
