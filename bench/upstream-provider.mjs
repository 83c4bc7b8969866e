// The benchmark's pass-through provider: one OpenAI-style chat call per
// generate, through core's HTTP helper, so the benchmark measures what a real
// HTTP provider package costs. Loaded by the server with `use: <this file>`.
import { SwitchyardError, postJson, toMessages } from '@switchyard/core';
import { z } from 'zod';

const settingsSchema = z.strictObject({ baseURL: z.url() });

const completionSchema = z.object({
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullable() }),
        finish_reason: z.string().nullable().optional(),
      }),
    )
    .min(1),
  usage: z
    .object({
      prompt_tokens: z.number().int().nonnegative(),
      completion_tokens: z.number().int().nonnegative(),
      total_tokens: z.number().int().nonnegative(),
    })
    .optional(),
});

const capabilities = { streaming: false, seed: false };
const cost = { perInputToken: 0.1, perOutputToken: 0.4 };

function createTextModel({ baseURL, provider, modelId }) {
  return {
    kind: 'text',
    provider,
    modelId,
    capabilities,
    cost,
    async generate(request, options) {
      const { value, responseHeaders } = await postJson({
        url: `${baseURL.replace(/\/+$/, '')}/v1/chat/completions`,
        provider,
        body: {
          model: modelId,
          messages: toMessages(request),
          max_tokens: request.maxTokens,
        },
        parse: completionSchema,
        signal: options.signal,
        headers: options.headers,
      });
      const choice = value.choices[0];
      return {
        text: choice.message.content ?? '',
        finishReason: choice.finish_reason === 'length' ? 'length' : 'stop',
        usage: {
          inputTokens: value.usage?.prompt_tokens,
          outputTokens: value.usage?.completion_tokens,
          totalTokens: value.usage?.total_tokens,
        },
        warnings: [],
        modelId: value.model,
        responseHeaders,
      };
    },
  };
}

export const switchyardProvider = {
  name: 'bench-upstream',
  description: 'Benchmark pass-through to an OpenAI-style fake upstream.',
  features: ['text'],
  costPerUnit: cost,
  isAsync: false,
  settingsSchema,
  models: [{ id: 'bench-model', kind: 'text', capabilities, cost }],
  create(settings, context) {
    const provider = context.instanceName;
    return {
      name: 'bench-upstream',
      imageModel() {
        throw new SwitchyardError({
          code: 'unsupported',
          provider,
          message: 'The benchmark upstream has no image models.',
        });
      },
      textModel: (modelId) =>
        createTextModel({ baseURL: settings.baseURL, provider, modelId }),
      listModels: () => this.models,
    };
  },
};
