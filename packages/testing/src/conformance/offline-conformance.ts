import type {
  ImageModelResult,
  ImageRequest,
  Model,
  ModelInfo,
  ModelKind,
  ReferenceImage,
} from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { failure, generateWith } from './conformance-shared';
import { expectModelContract, expectValidResult } from './kind-checks';

/** Options of {@link describeModelConformance}. */
export interface ModelConformanceOptions {
  /** Used in the test titles: `local speech`. */
  name: string;
  kind: ModelKind;
  /** The model id it must report. */
  modelId: string;
  /** Creates the model under test. */
  model(): Model;
  /** A request of the model's kind that it serves. */
  request: unknown;
  /**
   * A request long enough to be still running a turn of the event loop after
   * the call starts (work in a worker thread, say): aborted then, the call
   * must fail with `cancelled`. Without it, only an abort before the call is
   * checked.
   */
  slowRequest?: unknown;
  /** The provider's listing, whose capabilities must parse too. */
  listModels?: () => ModelInfo[];
  /**
   * For an image edit (a `request` with `referenceImages`): another image.
   * Edited from it instead of the request's first reference, the result
   * must differ: proof the model honours the reference.
   */
  otherReference?: ReferenceImage;
}

function firstImage(result: unknown): string | undefined {
  return (result as ImageModelResult).images[0]?.base64;
}

/**
 * The conformance suite for a model without an upstream (an offline or
 * in-process model): the contract fields and capabilities, a result that
 * parses with the published schemas (audio that decodes as its format with
 * a duration), `cancelled` for a call aborted before or while it runs, and,
 * for an image edit, a result that follows the reference.
 *
 * @example
 * describeModelConformance({
 *   name: 'local speech',
 *   kind: 'speech',
 *   modelId: 'speech',
 *   model: () => createLocal().speechModel('speech'),
 *   request: { text: 'Hello there' },
 * });
 */
export function describeModelConformance(
  options: ModelConformanceOptions,
): void {
  const { kind, request } = options;
  describe(`${options.name} model conformance`, () => {
    it('should describe itself with the contract fields', () => {
      expectModelContract({
        model: options.model(),
        kind,
        modelId: options.modelId,
        listed: options.listModels?.(),
      });
    });

    it('should return a result that parses with the published schemas', async () => {
      const result = await generateWith(options.model(), request);
      await expectValidResult({ kind, result, request });
    });

    it('should fail with cancelled when the call was aborted before it started', async () => {
      const controller = new AbortController();
      controller.abort();
      const error = await failure(
        generateWith(options.model(), request, controller.signal),
      );
      expect(error.code).toBe('cancelled');
    });

    const slow = options.slowRequest;
    if (slow !== undefined) {
      it('should fail with cancelled when the call is aborted while it runs', async () => {
        const controller = new AbortController();
        const call = generateWith(options.model(), slow, controller.signal);
        await new Promise((resolve) => setImmediate(resolve));
        controller.abort();
        expect((await failure(call)).code).toBe('cancelled');
      });
    }

    const other = options.otherReference;
    if (other === undefined) return;
    it('should edit the reference it is given', async () => {
      const edit = request as ImageRequest;
      const model = options.model();
      expect(model.capabilities).toMatchObject({
        referenceImages: true,
        ...(edit.mask === undefined ? {} : { mask: true }),
      });
      const [, ...rest] = edit.referenceImages ?? [];
      const fromOther = { ...edit, referenceImages: [other, ...rest] };
      const results = await Promise.all(
        [edit, fromOther].map((variant) => generateWith(model, variant)),
      );
      expect(firstImage(results[0])).toBeDefined();
      expect(firstImage(results[0])).not.toBe(firstImage(results[1]));
    });
  });
}
