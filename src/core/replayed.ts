import { FORMATS } from "../formats/registry.ts";
import type { Dropped, Translated } from "../ir/dropped.ts";
import { SwitchyardError } from "../ir/error.ts";
import { replayAsStream } from "../ir/replay.ts";
import type { IRResponse } from "../ir/response.ts";
import type { FormatId } from "../ir/stop-reason.ts";
import type { HttpResponse } from "../transport/http.ts";
import { callHeaders, type Deps, recordCall } from "./deps.ts";
import { badUpstreamBody } from "./errors.ts";
import type { GatewayResult } from "./gateway-types.ts";
import type { Call } from "./plan.ts";
import { encodeStream } from "./stream-translator.ts";

/** The upstream answered a streamed request with one JSON body (some compatible servers ignore `stream`). */
export function answeredWithJson(call: Call, res: HttpResponse): boolean {
  if (!call.stream) return false;
  const type = res.header("content-type") ?? "";
  return (
    /json/i.test(type) && !/event-stream/i.test(type) && !(call.passthrough && call.framing === "json-array")
  );
}

/**
 * Serves such an answer as the stream the client asked for: decoded, replayed as IR stream
 * events, encoded in the surface's stream format — one chunk, since it is all there already.
 */
export async function replayJson(
  call: Call,
  deps: Deps,
  res: HttpResponse,
  format: FormatId,
  dropped: Dropped[],
): Promise<GatewayResult> {
  const provider = call.target.deployment.provider;
  let body: unknown;
  try {
    body = JSON.parse(await res.text());
  } catch (e) {
    if (e instanceof SyntaxError) throw badUpstreamBody(provider, "not JSON");
    throw e;
  }
  let decoded: Translated<IRResponse>;
  try {
    decoded = FORMATS[format].decodeResponse(body);
  } catch (e) {
    throw badUpstreamBody(provider, e instanceof SwitchyardError ? e.message : "unexpected shape");
  }
  const text = encodeStream(call.surface, replayAsStream(decoded.value), {
    request: call.ir,
    includeUsage: call.includeUsage,
    framing: call.framing,
  });
  recordCall(deps, call, { status: 200, usage: decoded.value.usage });
  return {
    kind: "stream",
    status: 200,
    headers: {
      ...callHeaders(call, [...dropped, ...decoded.dropped]),
      "content-type": call.framing === "json-array" ? "application/json" : "text/event-stream",
    },
    chunks: once(text),
  };
}

async function* once(text: string): AsyncGenerator<string> {
  yield text;
}
