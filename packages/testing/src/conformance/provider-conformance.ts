import {
  isProviderDefinition,
  type ImageRequest,
  type MusicRequest,
  type Provider,
  type SpeechRequest,
  type TextRequest,
} from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { API_KEY } from './conformance-shared';
import { describeModel } from './model-conformance';
import type { ConformanceModel } from './model-harness';
import {
  describeStreamConformance,
  type ConformanceStream,
} from './stream-conformance';

export type { ConformanceModel } from './model-harness';

/** Options of {@link describeProviderConformance}. */
export interface ProviderConformanceOptions {
  /** The package name, used in test titles: `@switchyard/providers-openai`. */
  packageName: string;
  /** The package's index module: `await import('./index')`. */
  exports: Record<string, unknown>;
  /** Creates the provider against the fake upstream. */
  create(settings: { baseURL: string; apiKey?: string }): Provider;
  /** The provider's base URL for a fake upstream at `url`. Default: `url`. */
  baseURL?: (url: string) => string;
  /** The environment variable the key falls back to; emptied for the missing-key test. */
  apiKeyVariable?: string;
  image?: ConformanceModel<ImageRequest>;
  /**
   * An image edit: a request with `referenceImages` (and a `mask` where the
   * model takes one). Beyond the image checks, the references must reach
   * the upstream (as base64, bytes of a multipart part or an upload, or
   * their URL) and the model must declare `referenceImages` (and `mask`).
   */
  imageEdit?: ConformanceModel<ImageRequest>;
  text?: ConformanceModel<TextRequest>;
  /** A speech model: its audio must decode as the declared format, with a duration. */
  speech?: ConformanceModel<SpeechRequest>;
  /** A music model: its audio must decode as the declared format, with a duration. */
  music?: ConformanceModel<MusicRequest>;
  /** A recorded text stream: it must end, and fail with `invalid_response` once cut. */
  textStream?: ConformanceStream;
  /** Standard cases that do not apply, with the reason in the test file. */
  skip?: ReadonlyArray<'malformed-json'>;
}

/**
 * The suite every provider package runs: the exports STYLE.md asks for, the
 * model contract, results that parse with the published schemas, the
 * standard failures (statuses, an HTML page, malformed JSON, a reset, a
 * hang cancelled by the caller, a missing key) mapped to the right codes, and
 * a key that never reaches an error. Runs against a real fake upstream.
 *
 * @example
 * describeProviderConformance({
 *   packageName: '@switchyard/providers-openai',
 *   exports: await import('./index'),
 *   create: ({ baseURL, apiKey }) => createOpenAI({ baseURL, apiKey }),
 *   baseURL: (url) => `${url}/v1`,
 *   apiKeyVariable: 'OPENAI_API_KEY',
 *   text: { modelId: 'gpt-4o-mini', request: { prompt: 'Hi' }, firstRoute: 'POST /v1/chat/completions', routes: { … } },
 * });
 */
export function describeProviderConformance(
  options: ProviderConformanceOptions,
): void {
  describe(`${options.packageName} conformance`, () => {
    describeExports(options);
    const suite = options;
    if (options.image) {
      describeModel({ suite, kind: 'image', model: options.image });
    }
    if (options.imageEdit) {
      describeModel({
        suite,
        kind: 'image',
        model: options.imageEdit,
        edit: true,
      });
    }
    if (options.text) {
      describeModel({ suite, kind: 'text', model: options.text });
    }
    if (options.speech) {
      describeModel({ suite, kind: 'speech', model: options.speech });
    }
    if (options.music) {
      describeModel({ suite, kind: 'music', model: options.music });
    }
    if (options.textStream) {
      describeStreamConformance({
        create: (url) =>
          options.create({
            baseURL: (options.baseURL ?? ((base: string) => base))(url),
            apiKey: API_KEY,
          }),
        stream: options.textStream,
      });
    }
  });
}

function describeExports(options: ProviderConformanceOptions): void {
  describe('index exports', () => {
    it('should export createX, VERSION and switchyardProvider, and no other value', () => {
      const values = Object.keys(options.exports).sort();
      const factories = values.filter((name) => /^create[A-Z]/.test(name));
      expect(factories).toHaveLength(1);
      expect(values).toEqual(
        [factories[0], 'VERSION', 'switchyardProvider'].sort(),
      );
      expect(typeof options.exports.VERSION).toBe('string');
      expect(isProviderDefinition(options.exports.switchyardProvider)).toBe(
        true,
      );
    });
  });
}
