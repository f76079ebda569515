import type { RouteHandler } from "../context.ts";
import { generate } from "./generate.ts";

/**
 * `POST /v1/responses` — the OpenAI Responses surface.
 * @see https://platform.openai.com/docs/api-reference/responses/create
 */
export const responses: RouteHandler = (ctx) => generate(ctx, "openai-responses");
