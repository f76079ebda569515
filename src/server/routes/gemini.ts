import type { ModelListing } from "../../core/gateway-types.ts";
import { FORMATS } from "../../formats/registry.ts";
import { SwitchyardError } from "../../ir/error.ts";
import { readJsonObject } from "../body.ts";
import type { RouteHandler } from "../context.ts";
import { sendJson } from "../respond.ts";
import { estimateTokens } from "./count-tokens.ts";
import { generate } from "./generate.ts";

/**
 * `POST /v1beta/models/{model}:generateContent | :streamGenerateContent | :countTokens` (also
 * under `/v1` and `/v1alpha`). The model and streaming come from the URL; a stream is SSE with
 * `alt=sse` (what the SDKs ask for) and one JSON array otherwise.
 * @see https://ai.google.dev/api/generate-content
 */
export const GEMINI_METHOD_PATH =
  /^\/(?:v1beta|v1|v1alpha)\/models\/(.+):(generateContent|streamGenerateContent|countTokens)$/;
export const GEMINI_MODELS_PATH = /^\/(?:v1beta|v1alpha)\/models$/;
export const GEMINI_MODEL_PATH = /^\/(?:v1beta|v1alpha)\/models\/([^:]+)$/;

/** `models/gemini-2.5-flash` and `gemini-2.5-flash` name the same model. */
export function geminiModel(raw: string): string {
  const m = raw.startsWith("models/") ? raw.slice("models/".length) : raw;
  if (m === "") {
    throw new SwitchyardError({ kind: "invalid_request", status: 400, message: "the URL names no model" });
  }
  return m;
}

export const geminiMethod: RouteHandler = async (ctx) => {
  const [rawModel = "", method] = ctx.params;
  const model = geminiModel(rawModel);
  if (method === "countTokens") return countTokens(ctx, model);
  const stream = method === "streamGenerateContent";
  const framing = ctx.url.searchParams.get("alt") === "sse" ? "sse" : "json-array";
  return generate(ctx, "gemini", stream ? { model, stream, framing } : { model, stream });
};

/**
 * `:countTokens` — `{totalTokens}`, estimated locally. The body is either a request's
 * `contents` (+ tools) or `{generateContentRequest}`.
 * @see https://ai.google.dev/api/tokens
 */
async function countTokens(ctx: Parameters<RouteHandler>[0], model: string): Promise<void> {
  const body = await readJsonObject(ctx.req, ctx.bodyLimit);
  const inner = body.generateContentRequest;
  const request = typeof inner === "object" && inner !== null && !Array.isArray(inner) ? inner : body;
  const ir = FORMATS.gemini.decodeRequest(request, { model });
  sendJson(ctx.res, 200, {}, { totalTokens: estimateTokens(ir.value) });
}

/** A listing in Gemini's `Model` shape. @see https://ai.google.dev/api/models#Model */
export function geminiListing(m: ModelListing): Record<string, unknown> {
  const methods = m.capabilities.includes("chat")
    ? ["generateContent", "streamGenerateContent", "countTokens"]
    : [];
  if (m.capabilities.includes("embeddings")) methods.push("embedContent");
  return {
    name: `models/${m.id}`,
    baseModelId: m.id,
    version: "001",
    displayName: m.id,
    description:
      m.targets === undefined ? `${m.owned_by} via Switchyard` : `alias for ${m.targets.join(", ")}`,
    ...(m.limits === undefined
      ? {}
      : { inputTokenLimit: m.limits.context_window, outputTokenLimit: m.limits.max_output_tokens }),
    supportedGenerationMethods: methods,
  };
}

/** `GET /v1beta/models` in Gemini's list shape. */
export const geminiModels: RouteHandler = async (ctx) => {
  sendJson(ctx.res, 200, {}, { models: ctx.gateway.models().map(geminiListing) });
};

/** `GET /v1beta/models/{model}`. */
export const geminiModelGet: RouteHandler = async (ctx) => {
  const id = geminiModel(ctx.params[0] ?? "");
  const m = ctx.gateway.models().find((x) => x.id === id);
  if (m === undefined) {
    throw new SwitchyardError({
      kind: "not_found",
      status: 404,
      message: `model ${JSON.stringify(id)} not found`,
    });
  }
  sendJson(ctx.res, 200, {}, geminiListing(m));
};
