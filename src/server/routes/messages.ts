import { FORMATS } from "../../formats/registry.ts";
import { readJsonObject } from "../body.ts";
import type { RouteHandler } from "../context.ts";
import { sendJson } from "../respond.ts";
import { estimateTokens } from "./count-tokens.ts";
import { generate } from "./generate.ts";

/**
 * `POST /v1/messages` — the Anthropic Messages surface.
 * @see https://docs.anthropic.com/en/api/messages
 */
export const messages: RouteHandler = (ctx) => generate(ctx, "anthropic-messages");

/**
 * `POST /v1/messages/count_tokens` — `{input_tokens}`, estimated locally from the decoded
 * request (it has no `max_tokens`, which the Messages codec otherwise requires).
 * @see https://docs.anthropic.com/en/api/messages-count-tokens
 */
export const countTokens: RouteHandler = async (ctx) => {
  const body = await readJsonObject(ctx.req, ctx.bodyLimit);
  const ir = FORMATS["anthropic-messages"].decodeRequest({ max_tokens: 1, ...body, stream: false });
  sendJson(ctx.res, 200, {}, { input_tokens: estimateTokens(ir.value) });
};
