import type { ModelListing } from "../../core/gateway-types.ts";
import { SwitchyardError } from "../../ir/error.ts";
import type { RouteHandler } from "../context.ts";
import { sendJson } from "../respond.ts";
import { sdkFormat } from "../router.ts";
import { geminiListing } from "./gemini.ts";

/**
 * `GET /v1/models` — the configured providers' models and the aliases, in OpenAI's list
 * shape (`{object: "list", data}`). The Anthropic and Google SDKs list models at the same
 * path; each gets its own shape (told apart by the headers they always send).
 * @see https://platform.openai.com/docs/api-reference/models/list
 * @see https://docs.anthropic.com/en/api/models-list
 */
export const listModels: RouteHandler = async (ctx) => {
  const models = ctx.gateway.models();
  const sdk = sdkFormat(ctx.req.headers);
  if (sdk === "gemini") {
    sendJson(ctx.res, 200, {}, { models: models.map(geminiListing) });
    return;
  }
  if (sdk === "anthropic-messages") {
    const data = models.map(anthropicListing);
    sendJson(
      ctx.res,
      200,
      {},
      {
        data,
        has_more: false,
        first_id: data[0]?.id ?? null,
        last_id: data[data.length - 1]?.id ?? null,
      },
    );
    return;
  }
  sendJson(ctx.res, 200, {}, { object: "list", data: models });
};

/** `GET /v1/models/{model}`. */
export const getModel: RouteHandler = async (ctx) => {
  const id = ctx.params[0] ?? "";
  const m = ctx.gateway.models().find((x) => x.id === id);
  if (m === undefined) {
    throw new SwitchyardError({
      kind: "not_found",
      status: 404,
      code: "model_not_found",
      param: "model",
      message: `The model ${JSON.stringify(id)} does not exist or is not served by this gateway`,
    });
  }
  const sdk = sdkFormat(ctx.req.headers);
  sendJson(
    ctx.res,
    200,
    {},
    sdk === "anthropic-messages" ? anthropicListing(m) : sdk === "gemini" ? geminiListing(m) : m,
  );
};

function anthropicListing(m: ModelListing): {
  type: "model";
  id: string;
  display_name: string;
  created_at: string;
} {
  return {
    type: "model",
    id: m.id,
    display_name: m.id,
    created_at: new Date(m.created * 1000).toISOString(),
  };
}
