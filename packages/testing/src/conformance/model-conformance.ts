import {
  modelOfKind,
  type ImageRequest,
  type ModelKind,
} from '@switchyard/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeUpstream } from '../fake-upstream';
import type { FakeUpstream } from '../fake-upstream-types';
import { API_KEY, generateWith } from './conformance-shared';
import {
  describeBodyFailures,
  describeCancelAndKey,
  describeStatusFailures,
} from './failure-conformance';
import { describeHostileInputs } from './hostile-inputs';
import { expectModelContract, expectValidResult } from './kind-checks';
import type {
  ConformanceModel,
  ModelHarness,
  ModelSuite,
} from './model-harness';
import { referencesNotSent } from './reference-checks';

/**
 * The checks one model of a provider package runs against a fake upstream:
 * the contract fields, a recorded success that parses (audio that decodes,
 * an edit that sends its references), each standard failure mapped to its
 * code, a hostile model id, a key that never leaks, an abort that closes
 * the upstream request.
 */
export function describeModel(args: {
  suite: ModelSuite;
  kind: ModelKind;
  model: ConformanceModel<unknown>;
  /** An image edit: the references (and mask) of the request must reach the upstream. */
  edit?: boolean;
}): void {
  const { suite, kind, model } = args;
  const title = args.edit === true ? 'image edit' : kind;
  describe(`${title} model ${model.modelId}`, () => {
    let upstream: FakeUpstream | undefined;
    const current = () => {
      if (upstream === undefined)
        throw new Error('the fake upstream starts in beforeAll');
      return upstream;
    };
    const harness: ModelHarness = {
      suite,
      kind,
      model,
      upstream: current,
      baseURL: () => (suite.baseURL ?? ((url: string) => url))(current().url),
      provider: () =>
        suite.create({ baseURL: harness.baseURL(), apiKey: API_KEY }),
      modelOf: (target, modelId = model.modelId) =>
        modelOfKind(target, kind, modelId),
      generate: (target, signal) => generateWith(target, model.request, signal),
      failWith: (response) => {
        const route =
          model.firstRoute === undefined
            ? undefined
            : current().routes[model.firstRoute];
        if (route === undefined) {
          throw new Error(
            `firstRoute "${model.firstRoute}" is not one of the routes given`,
          );
        }
        route.response = response;
      },
    };
    beforeAll(async () => {
      upstream = await createFakeUpstream(model.routes ?? {});
    });
    beforeEach(() => current().reset());
    afterAll(() => current().close());

    describeSuccess(harness, args.edit === true);
    const firstRoute = model.firstRoute;
    if (firstRoute === undefined) return;
    describeHostileInputs({
      modelId: model.modelId,
      routes: model.routes,
      firstRoute,
      apiKey: API_KEY,
      upstream: current,
      modelOf: (modelId) => harness.modelOf(harness.provider(), modelId),
      generate: (target) => harness.generate(target),
      failWith: (response) => harness.failWith(response),
    });
    describeStatusFailures(harness);
    describeBodyFailures(harness);
    describeCancelAndKey(harness);
  });
}

function describeSuccess(harness: ModelHarness, edit: boolean): void {
  const { kind, model } = harness;
  it('should describe itself with the contract fields', () => {
    expectModelContract({
      model: harness.modelOf(harness.provider()),
      kind,
      modelId: model.modelId,
      listed: harness.provider().listModels(),
    });
  });

  it('should turn a recorded success into a result that parses with the published schemas', async () => {
    const result = await harness.generate(harness.modelOf(harness.provider()));
    await expectValidResult({ kind, result, request: model.request });
    if (model.firstRoute === undefined) return;
    const calls = harness.upstream().calls;
    expect(calls.length).toBeGreaterThan(0);
    const sentHeaders = calls.flatMap((call) => Object.values(call.headers));
    expect(sentHeaders.some((value) => value.includes(API_KEY))).toBe(true);
  });

  if (!edit) return;
  it('should send the reference images (and the mask) to the upstream', async () => {
    const target = harness.modelOf(harness.provider());
    const request = model.request as ImageRequest;
    expect(request.referenceImages?.length ?? 0).toBeGreaterThan(0);
    expect(target.capabilities).toMatchObject({
      referenceImages: true,
      ...(request.mask === undefined ? {} : { mask: true }),
    });
    await harness.generate(target);
    expect(referencesNotSent(harness.upstream().calls, request)).toEqual([]);
  });
}

export type { ConformanceModel, ModelSuite } from './model-harness';
