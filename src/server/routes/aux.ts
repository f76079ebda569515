import type { AuxEndpoint } from "../../core/gateway-types.ts";
import { readBody, readJsonObject } from "../body.ts";
import type { RouteContext, RouteHandler } from "../context.ts";
import { respond } from "./generate.ts";

/**
 * The OpenAI-shaped endpoints that are not generation — embeddings, images, speech,
 * transcriptions — handed to the core, which routes them to a provider that offers them.
 * @see https://platform.openai.com/docs/api-reference/embeddings
 * @see https://platform.openai.com/docs/api-reference/images/create
 * @see https://platform.openai.com/docs/api-reference/audio
 */
function jsonAux(endpoint: AuxEndpoint): RouteHandler {
  return async (ctx) => {
    const body = await readJsonObject(ctx.req, ctx.bodyLimit);
    await run(ctx, endpoint, body);
  };
}

async function run(
  ctx: RouteContext,
  endpoint: AuxEndpoint,
  body: unknown,
  contentType?: string,
): Promise<void> {
  const result = await ctx.gateway.handleAux({
    endpoint,
    body,
    headers: ctx.headers,
    signal: ctx.signal,
    ...(contentType === undefined ? {} : { contentType }),
  });
  await respond(ctx, result);
}

export const embeddings = jsonAux("embeddings");
export const imagesGenerations = jsonAux("images.generations");
export const audioSpeech = jsonAux("audio.speech");

/** A multipart upload: the raw bytes and their content type (with the boundary) go to the core. */
export const audioTranscriptions: RouteHandler = async (ctx) => {
  const bytes = await readBody(ctx.req, ctx.bodyLimit);
  await run(ctx, "audio.transcriptions", bytes, ctx.req.headers["content-type"]);
};
