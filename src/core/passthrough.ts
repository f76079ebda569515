import { FORMATS } from "../formats/registry.ts";
import { isObject } from "../formats/validate.ts";
import { SwitchyardError } from "../ir/error.ts";
import type { Usage } from "../ir/usage.ts";
import type { HttpResponse } from "../transport/http.ts";
import { AttemptRefused } from "./attempt-refused.ts";
import { ChatUsageFilter } from "./chat-usage-filter.ts";
import { callHeaders, type Deps, recordCall, retryHeaders, streamFailure, truncated } from "./deps.ts";
import { errorResult } from "./errors.ts";
import type { GatewayResult, StreamResult } from "./gateway-types.ts";
import type { Call } from "./plan.ts";
import { answeredWithJson, replayJson } from "./replayed.ts";
import { inStreamErrorTail } from "./stream-tail.ts";
import { StreamTap } from "./stream-tap.ts";
import { generationURL, upstreamHeaders } from "./upstream-request.ts";

/** Largest upstream error body read (to scrub and relay); error bodies are small. */
const MAX_ERROR_BODY = 1024 * 1024;

/**
 * The passthrough path (DESIGN.md §1): the surface and the provider speak the same format, so
 * the client's JSON goes up with only `model` replaced (Gemini: the model is in the URL) and
 * the upstream's bytes come back as they are — stream or not, errors too — while a copy is
 * tapped for usage. Chat streams also ask for usage (`stream_options.include_usage`), whose
 * extra chunk is kept from a client that did not ask.
 */
export async function passthrough(call: Call, deps: Deps): Promise<GatewayResult> {
  const { resolved } = call.target.provider;
  const model = call.target.deployment.model;
  const res = await deps.http.send({
    url: generationURL(resolved, call.surface, model, call.stream, call.framing),
    headers: upstreamHeaders(resolved, {
      stream: call.stream,
      format: call.surface,
      passthrough: true,
      client: call.client,
    }),
    body: passthroughBody(call),
    signal: call.signal,
  });
  const headers = callHeaders(call, []);
  if (res.status < 200 || res.status >= 300) return relayError(call, deps, res, headers);
  if (answeredWithJson(call, res)) return replayJson(call, deps, res, call.surface, []);
  const contentType =
    res.header("content-type") ??
    (call.stream && call.framing === "sse" ? "text/event-stream" : "application/json");
  if (!call.stream) {
    // A JSON answer is complete before it is useful: read it whole and send it with one write
    // and a content-length (piping it chunked cost the hot path several syscalls).
    const bytes = await res.bytes();
    res.cancel();
    recordJsonLater(call, deps, res.status, bytes);
    return {
      kind: "json",
      status: res.status,
      headers: { ...headers, "content-type": contentType },
      body: bytes,
    };
  }
  const result: StreamResult = {
    kind: "stream",
    status: res.status,
    headers: { ...headers, "content-type": contentType },
    chunks: pipeStream(call, deps, res),
  };
  return result;
}

/** The client's body with the deployment's model id (and, for Chat streams, the usage request). */
export function passthroughBody(call: Call): string | Uint8Array {
  const body = call.body;
  if (call.rawBody !== undefined && unchanged(call, body) && !startsWithBom(call.rawBody))
    return call.rawBody;
  if (call.surface === "gemini" || !isObject(body)) return JSON.stringify(body);
  const out: Record<string, unknown> = { ...body, model: call.target.deployment.model };
  if (call.surface === "openai-chat" && call.stream) {
    const opts = isObject(body.stream_options) ? body.stream_options : {};
    out.stream_options = { ...opts, include_usage: true };
  }
  return JSON.stringify(out);
}

/** Whether the body would go up as it came: the same model id, and (Chat streams) usage already asked for. */
function unchanged(call: Call, body: unknown): boolean {
  if (call.surface === "gemini") return true; // the model is in the URL
  if (!isObject(body) || body.model !== call.target.deployment.model) return false;
  if (call.surface !== "openai-chat" || !call.stream) return true;
  return isObject(body.stream_options) && body.stream_options.include_usage === true;
}

function startsWithBom(b: Uint8Array): boolean {
  return b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
}

/**
 * An upstream error in the client's own format: its JSON body verbatim, with its status and
 * retry headers, keys scrubbed. A body that is not JSON (an HTML page from a proxy in front of
 * the provider) is not the format's error and is rewritten as one. Thrown for the attempt
 * loop, which retries, fails over, or returns it.
 */
async function relayError(
  call: Call,
  deps: Deps,
  res: HttpResponse,
  headers: Record<string, string>,
): Promise<never> {
  const text = deps.redactor.text(await res.text(MAX_ERROR_BODY));
  const err = FORMATS[call.surface].decodeError(res.status, text, (n) => res.header(n));
  if (!isJsonObject(text))
    throw new AttemptRefused(err, errorResult(call.surface, err, headers, deps.redactor));
  throw new AttemptRefused(err, {
    kind: "stream",
    status: res.status,
    headers: deps.redactor.headers({
      ...headers,
      "content-type": res.header("content-type") ?? "application/json",
      ...retryHeaders((n) => res.header(n)),
    }),
    chunks: once(text),
  });
}

function isJsonObject(text: string): boolean {
  try {
    return isObject(JSON.parse(text));
  } catch {
    return false;
  }
}

async function* once(text: string): AsyncGenerator<string> {
  yield text;
}

/**
 * Pipes a streamed answer chunk by chunk. Each chunk also feeds the tap (same pass, no copy
 * kept); if the upstream fails or stops short, the client gets its format's in-stream error.
 */
async function* pipeStream(call: Call, deps: Deps, res: HttpResponse): AsyncGenerator<string | Uint8Array> {
  const provider = call.target.deployment.provider;
  const tap = new StreamTap(call.surface, call.framing, {
    model: call.target.deployment.model,
    request: call.ir,
  });
  const filter = call.surface === "openai-chat" && !call.includeUsage ? new ChatUsageFilter() : undefined;
  // while another attempt may follow, the answer's opening is held until its first content
  let holding = call.earlyFailover === true;
  const held: (string | Uint8Array)[] = [];
  let failure: SwitchyardError | undefined;
  let firstChunkAt: number | undefined;
  let sent = 0;
  let early = false;
  try {
    try {
      for await (const chunk of res.body) {
        tap.push(chunk);
        const out = filter === undefined ? chunk : filter.push(chunk);
        if (holding) {
          if (tap.failed) break;
          if (out.length > 0) held.push(out);
          if (!tap.sawContent) continue;
          holding = false;
          firstChunkAt ??= performance.now();
          for (const h of held.splice(0)) {
            sent += h.length;
            yield h;
          }
          continue;
        }
        if (out.length === 0) continue;
        firstChunkAt ??= performance.now();
        sent += out.length;
        yield out;
      }
      const rest = filter?.end();
      if (rest !== undefined && rest !== "") held.push(rest);
    } catch (err) {
      failure = streamFailure(err, provider);
    }
    tap.end();
    if (call.earlyFailover === true && sent === 0 && failure?.kind !== "cancelled") {
      const refusal =
        failure ?? inStreamError(tap) ?? (tap.complete === false ? truncated(provider) : undefined);
      if (refusal !== undefined) {
        // nothing reached the client yet: the attempt loop may try another deployment
        early = true;
        throw new AttemptRefused(refusal);
      }
    }
    for (const h of held.splice(0)) {
      firstChunkAt ??= performance.now();
      sent += h.length;
      yield h;
    }
    const needsTail = failure === undefined ? tap.complete === false : tap.complete !== true;
    if (needsTail && failure?.kind !== "cancelled") {
      failure ??= truncated(provider);
      yield inStreamErrorTail(call.surface, call.framing, failure, {
        lastSequence: tap.lastSequence,
        array: tap.events > 0 ? "elements" : sent > 0 ? "opened" : "none",
      });
    }
  } finally {
    res.cancel();
    if (!early)
      recordCall(deps, call, {
        status: res.status,
        usage: tap.usage,
        error: failure ?? inStreamError(tap),
        firstChunkAt,
      });
  }
}

/** The upstream's own in-stream error, as the attempt loop and the ledger see it. */
function inStreamError(tap: StreamTap): SwitchyardError | undefined {
  const e = tap.error;
  if (e === undefined) return undefined;
  return new SwitchyardError({ kind: "server", message: e.message, code: e.code ?? "stream_error" });
}

/**
 * Records a JSON answer once it has been handed to the client: the usage tap parses the body
 * after the response is written (next turn of the event loop), off the answer's path.
 */
function recordJsonLater(call: Call, deps: Deps, status: number, bytes: Buffer): void {
  if (deps.hooks.onRecord === undefined) {
    recordCall(deps, call, { status });
    return;
  }
  setImmediate(() => recordCall(deps, call, { status, usage: usageOf(call, [bytes]) }));
}

function usageOf(call: Call, chunks: Uint8Array[]): Usage | undefined {
  try {
    const only = chunks.length === 1 ? chunks[0]! : undefined;
    const bytes =
      only === undefined ? Buffer.concat(chunks) : Buffer.from(only.buffer, only.byteOffset, only.byteLength);
    return FORMATS[call.surface].responseUsage(JSON.parse(bytes.toString("utf8")));
  } catch {
    return undefined;
  }
}
