import type { AuthorizedContext } from '../context';
import type {
  AnthropicModel,
  AnthropicModelList,
} from './anthropic-answer-schemas';
import { jsonAnswer } from './compat-answers';
import type { CompatCall } from './compat-call';
import { CompatError } from './compat-error';
import type { ListedModel } from './model-directory';
import type { OpenAIModel, OpenAIModelList } from './openai-answer-schemas';

/** A time for `created`: the gateway's models have no creation date. */
const EPOCH = 0;

/**
 * `GET /v1/models`: the routes, route targets and `compat.models` names the
 * caller may use, in OpenAI's list shape, or, for the Anthropic SDK (a
 * request with `anthropic-version`), its text models in Anthropic's.
 */
export function listModels(call: CompatCall): Promise<Response> {
  const models = usableModels(call);
  const body: OpenAIModelList | AnthropicModelList =
    call.api === 'openai'
      ? { object: 'list', data: models.map(openAIModel) }
      : {
          data: models.map(anthropicModel),
          has_more: false,
          first_id: models[0]?.id ?? null,
          last_id: models.at(-1)?.id ?? null,
        };
  return Promise.resolve(jsonAnswer({ body, summary: noCall() }));
}

/** `GET /v1/models/{id}`: one of {@link listModels}'s, or 404 `model_not_found`. */
export function retrieveModel(call: CompatCall): Promise<Response> {
  const id = call.request.req.param('id') ?? '';
  const model = usableModels(call).find((each) => each.id === id);
  if (model === undefined) {
    throw new CompatError({
      status: 404,
      code: 'model_not_found',
      param: 'model',
      message: `The model "${id.slice(0, 300)}" does not exist here; GET /v1/models lists them.`,
    });
  }
  const body: OpenAIModel | AnthropicModel =
    call.api === 'openai' ? openAIModel(model) : anthropicModel(model);
  return Promise.resolve(jsonAnswer({ body, summary: noCall() }));
}

/** The models the caller's key (and token) may use; Anthropic's API has text models only. */
function usableModels(call: CompatCall): ListedModel[] {
  return call.directory
    .list()
    .filter(
      (model) =>
        (call.api === 'openai' || model.kind === 'text') &&
        mayUse(call.ctx, model),
    );
}

function mayUse(ctx: AuthorizedContext, model: ListedModel): boolean {
  const { apiKey, token } = ctx;
  if (token?.types !== undefined && !token.types.includes(model.kind)) {
    return false;
  }
  const routeLists = [apiKey?.limits?.routes, token?.routes];
  if (routeLists.some((routes) => routes?.includes(model.route) === false)) {
    return false;
  }
  const { instance } = model;
  if (instance === undefined) return true;
  const providerLists = [apiKey?.limits?.providers, token?.providers];
  return !providerLists.some(
    (providers) => providers?.includes(instance) === false,
  );
}

function openAIModel(model: ListedModel): OpenAIModel {
  return {
    id: model.id,
    object: 'model',
    created: EPOCH,
    owned_by: model.ownedBy,
  };
}

function anthropicModel(model: ListedModel): AnthropicModel {
  return {
    type: 'model',
    id: model.id,
    display_name: model.id,
    created_at: new Date(EPOCH).toISOString(),
  };
}

function noCall() {
  return { fallback: false, attempts: 0 };
}
