import { FORMATS } from "../formats/registry.ts";
import { isObject } from "../formats/validate.ts";
import { SwitchyardError } from "../ir/error.ts";
import type { IRRequest } from "../ir/request.ts";
import type { FormatId } from "../ir/stop-reason.ts";
import { streamFailure } from "./deps.ts";
import { type IRCore, type IRRunOptions, planIR } from "./ir-run.ts";
import { upstreamHeaders } from "./upstream-request.ts";

/** How many input tokens a request would use, and how that number was obtained. */
export interface TokenCount {
  inputTokens: number;
  /**
   * `provider`: the provider's own counter (Anthropic `count_tokens`, Gemini `countTokens`);
   * `estimate`: ⌈characters / 4⌉ over the encoded request's text, for formats without a
   * counter this library calls (OpenAI Responses / Chat and compatible providers).
   */
  method: "provider" | "estimate";
  provider: string;
  model: string;
}

/** Fields Anthropic's `count_tokens` accepts (it rejects `max_tokens`, `stream`, sampling). */
const ANTHROPIC_COUNT_FIELDS = [
  "model",
  "messages",
  "system",
  "tools",
  "tool_choice",
  "thinking",
  "mcp_servers",
];

/**
 * Counts a request's input tokens with the provider that would serve it. Throws a
 * `SwitchyardError` when the request is malformed or the provider's counter fails.
 */
export async function countIRTokens(
  core: IRCore,
  ir: IRRequest,
  opts: IRRunOptions = {},
): Promise<TokenCount> {
  const plan = planIR(core, { ...ir, stream: false }, opts);
  const { call, format, body } = plan;
  const d = call.target.deployment;
  const base = { provider: d.provider, model: d.model };
  const p = call.target.provider.resolved;
  let url: string;
  let payload: Record<string, unknown>;
  if (format === "anthropic-messages") {
    url = `${p.baseURL}/v1/messages/count_tokens`;
    payload = {};
    for (const k of ANTHROPIC_COUNT_FIELDS) if (body[k] !== undefined) payload[k] = body[k];
  } else if (format === "gemini") {
    const m = d.model.startsWith("models/") ? d.model : `models/${d.model}`;
    url = `${p.baseURL}/v1beta/${m.split("/").map(encodeURIComponent).join("/")}:countTokens`;
    payload = { generateContentRequest: { model: m, ...body } };
  } else {
    return { ...base, inputTokens: estimate(format, body), method: "estimate" };
  }
  let text: string;
  let status: number;
  let header: (n: string) => string | undefined;
  try {
    const res = await core.deps.http.send({
      url,
      headers: upstreamHeaders(p, { stream: false, format, client: call.client }),
      body: JSON.stringify(payload),
      signal: call.signal,
    });
    status = res.status;
    header = (n) => res.header(n);
    text = await res.text(1024 * 1024);
  } catch (e) {
    throw streamFailure(e, d.provider);
  }
  if (status < 200 || status >= 300) {
    const err = FORMATS[format].decodeError(status, text, header);
    throw new SwitchyardError({
      kind: err.kind,
      status: err.status,
      message: core.deps.redactor.text(err.message),
    });
  }
  const parsed: unknown = JSON.parse(text);
  const n = isObject(parsed) ? (parsed.input_tokens ?? parsed.totalTokens) : undefined;
  if (typeof n !== "number") {
    throw new SwitchyardError({
      kind: "server",
      status: 502,
      message: `${d.provider}: unreadable token count`,
    });
  }
  return { ...base, inputTokens: n, method: "provider" };
}

/** ⌈characters / 4⌉ over every string in the encoded body except the model name. */
function estimate(_format: FormatId, body: Record<string, unknown>): number {
  let chars = 0;
  const walk = (v: unknown, key: string): void => {
    if (typeof v === "string") {
      if (key !== "model" && key !== "type" && key !== "role") chars += v.length;
    } else if (Array.isArray(v)) for (const x of v) walk(x, key);
    else if (isObject(v)) for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(body, "");
  return Math.ceil(chars / 4);
}
