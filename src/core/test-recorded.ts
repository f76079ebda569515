/**
 * Recorded upstream traffic for the core's tests: one plain-text answer per wire format,
 * non-streamed and streamed, taken from `../shared/wire` through test/support, and a stub
 * upstream that serves them on the paths each format's provider uses.
 */

import { type StreamFixture, streamFixtures } from "../../test/support/streams.ts";
import { responseFixtures } from "../../test/support/wire.ts";
import { FORMATS } from "../formats/registry.ts";
import type { IRResponse } from "../ir/response.ts";
import type { FormatId } from "../ir/stop-reason.ts";
import { decodeStream } from "./stream-translator.ts";
import { type StubReply, type StubRequest, startStub } from "./test-upstream.ts";

export const FORMAT_IDS: readonly FormatId[] = [
  "openai-responses",
  "openai-chat",
  "anthropic-messages",
  "gemini",
];

const JSON_FIXTURE: Record<FormatId, string> = {
  "openai-responses": "test_openai_responses_model_simple_response.0.response.json",
  "openai-chat": "test_max_completion_tokens[gpt-4o-mini].0.response.json",
  "anthropic-messages": "test_anthropic_model_instructions.0.response.json",
  gemini: "test_google_model.0.response.json",
};

const STREAM_FIXTURE: Record<FormatId, string> = {
  "openai-responses": "test_openai_responses_stream.1.response.sse",
  "openai-chat": "test_run_stream_sync_streams_real_model.1.response.sse",
  "anthropic-messages": "test_stream_events_text.0.response.sse",
  gemini: "test_google_model_stream.0.response.sse",
};

const GEMINI_JSON_ARRAY = "llm-gemini/extracted/test_resolved_model.0.response.json";

export interface Recorded {
  /** The non-streamed answer as the upstream sends it. */
  json: string;
  jsonText: string;
  stream: StreamFixture;
  streamText: string;
}

function find<T extends { name: string }>(list: T[], name: string): T {
  const f = list.find((x) => x.name.endsWith(name) || x.name.includes(name));
  if (f === undefined) throw new Error(`fixture not found: ${name}`);
  return f;
}

export function outputText(res: IRResponse): string {
  let out = "";
  for (const item of res.output) {
    if (item.type !== "message") continue;
    for (const part of item.content) if (part.type === "output_text") out += part.text;
  }
  return out;
}

export function streamText(
  format: FormatId,
  bytes: Uint8Array | string,
  framing: "sse" | "json-array" = "sse",
): string {
  return decodeStream(format, [bytes], { framing })
    .filter((e) => e.type === "response.output_text.delta")
    .map((e) => (e as { delta: string }).delta)
    .join("");
}

let cache: Map<FormatId, Recorded> | undefined;

export function recorded(format: FormatId): Recorded {
  cache ??= new Map();
  const hit = cache.get(format);
  if (hit !== undefined) return hit;
  const body = find(responseFixtures(format), JSON_FIXTURE[format]).body;
  const stream = find(streamFixtures(format), STREAM_FIXTURE[format]);
  const r: Recorded = {
    json: JSON.stringify(body),
    jsonText: outputText(FORMATS[format].decodeResponse(body).value),
    stream,
    streamText: streamText(format, stream.bytes),
  };
  cache.set(format, r);
  return r;
}

export function geminiJsonArray(): StreamFixture {
  return find(streamFixtures("gemini"), GEMINI_JSON_ARRAY);
}

/** Which format an upstream request is in, from its path. */
export function formatOfPath(url: string): FormatId | undefined {
  const path = url.split("?")[0] ?? "";
  if (path.endsWith("/responses")) return "openai-responses";
  if (path.endsWith("/chat/completions")) return "openai-chat";
  if (path.endsWith("/v1/messages")) return "anthropic-messages";
  if (/:(stream)?[gG]enerateContent$/.test(path)) return "gemini";
  return undefined;
}

export function isStreamRequest(r: StubRequest): boolean {
  if (r.url.includes(":streamGenerateContent")) return true;
  return (r.json as { stream?: unknown } | undefined)?.stream === true;
}

/** The recorded answer for a request, on the format its path names. */
export function recordedReply(r: StubRequest): StubReply {
  const format = formatOfPath(r.url);
  if (format === undefined) return { status: 404, body: `{"error":{"message":"no route ${r.url}"}}` };
  const rec = recorded(format);
  if (!isStreamRequest(r)) return { body: rec.json };
  if (format === "gemini" && !r.url.includes("alt=sse")) {
    return { body: [geminiJsonArray().bytes] };
  }
  return { headers: { "content-type": "text/event-stream" }, body: [rec.stream.bytes] };
}

export function startRecordedUpstream(): ReturnType<typeof startStub> {
  return startStub(recordedReply);
}
