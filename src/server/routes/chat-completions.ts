import type { RouteHandler } from "../context.ts";
import { generate } from "./generate.ts";

/**
 * `POST /v1/chat/completions` — the OpenAI Chat Completions surface.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
export const chatCompletions: RouteHandler = (ctx) => generate(ctx, "openai-chat");
