import type { HeaderGetter } from "../formats/wire-format.ts";
import type { FormatId } from "../ir/stop-reason.ts";
import { authHeaders, type ResolvedProvider } from "../providers/index.ts";

/**
 * Where a generation request goes, per wire format. Base URLs follow the SDKs (DESIGN.md §4):
 * OpenAI-style bases include `/v1`, Anthropic's and Gemini's carry no version segment.
 * @see https://platform.openai.com/docs/api-reference/responses/create
 * @see https://platform.openai.com/docs/api-reference/chat/create
 * @see https://docs.anthropic.com/en/api/messages
 * @see https://ai.google.dev/api/generate-content
 */
export function generationURL(
  p: ResolvedProvider,
  format: FormatId,
  model: string,
  stream: boolean,
  framing: "sse" | "json-array" = "sse",
): string {
  const base = p.baseURL;
  switch (format) {
    case "openai-responses":
      return `${base}/responses`;
    case "openai-chat":
      return `${base}/chat/completions`;
    case "anthropic-messages":
      return `${base}/v1/messages`;
    case "gemini": {
      const m = encodeURIComponent(model.startsWith("models/") ? model.slice("models/".length) : model);
      if (!stream) return `${base}/v1beta/models/${m}:generateContent`;
      return `${base}/v1beta/models/${m}:streamGenerateContent${framing === "sse" ? "?alt=sse" : ""}`;
    }
    default:
      return format satisfies never;
  }
}

const USER_AGENT = "switchyard/0.1";

/**
 * Client headers Anthropic passthrough forwards: beta features are opted into per request
 * and the body the client wrote may depend on them. Nothing else from the client goes up —
 * above all not its auth headers.
 */
const ANTHROPIC_FORWARDED = ["anthropic-beta", "anthropic-version"] as const;

/**
 * The simulator's per-request controls (`x-sim-*`, src/simulator/controls.ts): forwarded as
 * they are, so end-to-end tests can drive a simulated upstream through the gateway (model
 * suffixes such as `~error=429` need nothing: the model id goes up as given). A real provider
 * ignores them. Named one by one: a request's headers are read by name, never enumerated.
 */
export const FORWARDED_CONTROLS: readonly string[] = [
  "x-sim-latency-ms",
  "x-sim-ttft-ms",
  "x-sim-tps",
  "x-sim-chunk",
  "x-sim-error",
  "x-sim-retry-after",
  "x-sim-hang",
  "x-sim-disconnect-after",
  "x-sim-fail-times",
  "x-sim-fixture",
];

/** Headers for one upstream request: JSON, the provider's static headers, its auth, and forwarded controls. */
export function upstreamHeaders(
  p: ResolvedProvider,
  opts: { stream: boolean; format?: FormatId; passthrough?: boolean; client?: HeaderGetter },
): Record<string, string> {
  const h: Record<string, string> = {
    "content-type": "application/json",
    accept: opts.stream ? "text/event-stream" : "application/json",
    "user-agent": USER_AGENT,
    ...lower(p.headers),
  };
  const client = opts.client;
  if (client !== undefined) {
    if (opts.passthrough === true && opts.format === "anthropic-messages") {
      for (const name of ANTHROPIC_FORWARDED) {
        const v = client(name);
        if (v != null && v !== "") h[name] = v;
      }
    }
    for (const name of FORWARDED_CONTROLS) {
      const v = client(name);
      if (v != null && v !== "") h[name] = v;
    }
  }
  Object.assign(h, authHeaders(p));
  return h;
}

function lower(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}
