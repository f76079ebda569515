import type { GatewayRequest, GatewayResult } from "../../core/gateway-types.ts";
import type { FormatId } from "../../ir/stop-reason.ts";
import { expectObjectBody, parseJson, readBody } from "../body.ts";
import type { RouteContext } from "../context.ts";
import { sendResult } from "../respond.ts";

/** The response header the core names the answering provider in (for logs and metrics). */
export const PROVIDER_HEADER = "x-switchyard-provider";

/** Reads the JSON body, runs it through the core on `surface`, writes the answer. */
export async function generate(
  ctx: RouteContext,
  surface: FormatId,
  extra: Pick<GatewayRequest, "model" | "stream" | "framing"> = {},
): Promise<void> {
  const raw = await readBody(ctx.req, ctx.bodyLimit);
  const body = expectObjectBody(parseJson(raw));
  const result = await ctx.gateway.handle({
    surface,
    body,
    headers: ctx.headers,
    signal: ctx.signal,
    bodyBytes: raw.byteLength,
    rawBody: raw,
    ...extra,
  });
  await respond(ctx, result);
}

/** Writes a core result, noting which provider answered. */
export function respond(ctx: RouteContext, result: GatewayResult): Promise<void> {
  const provider = headerValue(result.headers, PROVIDER_HEADER);
  if (provider !== undefined && provider !== "") ctx.provider = provider;
  return sendResult(ctx.res, result, ctx.signal);
}

function headerValue(h: Record<string, string>, name: string): string | undefined {
  const direct = h[name];
  if (direct !== undefined) return direct;
  for (const [k, v] of Object.entries(h)) if (k.toLowerCase() === name) return v;
  return undefined;
}
