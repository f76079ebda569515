/**
 * Request bodies both ways: `POST /v1/messages` params ↔ IRRequest.
 */
import type { Dropped, Translated } from "../../ir/dropped.ts";
import type { IRInputItem, IRRequest } from "../../ir/request.ts";
import { inputItems } from "../../ir/request.ts";
import { reportForeignRaw, withRaw } from "../interop-carry.ts";
import {
  at,
  expectArray,
  expectBoolean,
  expectInteger,
  expectNumber,
  expectObject,
  expectString,
  isObject,
  type JsonObject,
  optional,
  unknownKeys,
} from "../validate.ts";
import type { RequestContext } from "../wire-format.ts";
import { rawOf } from "./carry.ts";
import { decodeMessages, decodeSystem, encodeMessages, inMessages, systemBlocks } from "./messages.ts";
import { modelTraits } from "./models.ts";
import { decodeReasoning, encodeReasoning } from "./reasoning.ts";
import { decodeToolChoice, decodeTools, encodeToolChoice, encodeTools } from "./tools.ts";
import type { AnthropicRequest, MessageParam, TextBlockParam } from "./types.ts";
import { FORMAT, KEY } from "./types.ts";

/** Top-level fields this codec maps; everything else is kept in `interop.anthropic.raw`. */
const KNOWN = new Set([
  "model",
  "max_tokens",
  "messages",
  "system",
  "temperature",
  "top_p",
  "top_k",
  "stop_sequences",
  "stream",
  "metadata",
  "tools",
  "tool_choice",
  "thinking",
  "output_config",
  "service_tier",
]);

/**
 * A native request → IR. Structure is validated (a malformed body is a 400 naming the field);
 * unknown fields are kept raw, not rejected.
 * @see https://docs.anthropic.com/en/api/messages
 */
export function decodeRequest(body: unknown, ctx?: RequestContext): Translated<IRRequest> {
  const b = expectObject(body, "");
  const raw: JsonObject = { ...unknownKeys(b, KNOWN) };
  const req: IRRequest = {};
  const model =
    b.model === undefined && ctx?.model !== undefined ? ctx.model : expectString(b.model, "model");
  req.model = model;
  req.max_output_tokens = expectInteger(b.max_tokens, "max_tokens");

  const system = decodeSystem(b.system, "system");
  if (system.instructions !== undefined) req.instructions = system.instructions;
  req.input = [...system.items, ...decodeMessages(b.messages, "messages")];

  const temperature = optional(b, "temperature", "", expectNumber);
  if (temperature !== undefined) req.temperature = temperature;
  const topP = optional(b, "top_p", "", expectNumber);
  if (topP !== undefined) req.top_p = topP;
  const topK = optional(b, "top_k", "", expectInteger);
  if (topK !== undefined) req.top_k = topK;
  if (b.stop_sequences !== undefined) {
    req.stop = expectArray(b.stop_sequences, "stop_sequences").map((s, i) =>
      expectString(s, at("stop_sequences", i)),
    );
  }
  const stream = b.stream ?? ctx?.stream;
  if (stream !== undefined) req.stream = expectBoolean(stream, "stream");

  if (b.metadata !== undefined) {
    const md = expectObject(b.metadata, "metadata");
    if (typeof md.user_id === "string") req.user = md.user_id;
    const rest = unknownKeys(md, new Set(typeof md.user_id === "string" ? ["user_id"] : []));
    if (rest !== undefined || Object.keys(md).length === 0) raw.metadata = rest ?? {};
  }

  if (b.tools !== undefined) {
    const tools = decodeTools(b.tools, "tools");
    req.tools = tools.tools;
    if (tools.raw !== undefined) raw.tools = tools.raw;
  }
  if (b.tool_choice !== undefined) {
    const tc = decodeToolChoice(b.tool_choice, "tool_choice");
    if (tc.tool_choice !== undefined) req.tool_choice = tc.tool_choice;
    if (tc.parallel_tool_calls !== undefined) req.parallel_tool_calls = tc.parallel_tool_calls;
    if (tc.raw !== undefined) raw.tool_choice = tc.raw;
  }

  const oc = b.output_config === undefined ? undefined : expectObject(b.output_config, "output_config");
  const r = decodeReasoning(b.thinking, oc?.effort, "");
  if (r.reasoning !== undefined) req.reasoning = r.reasoning;
  if (r.thinkingRaw !== undefined) raw.thinking = r.thinkingRaw;
  if (oc !== undefined) {
    const ocRaw: JsonObject = { ...unknownKeys(oc, new Set(["effort", "format"])) };
    if (r.effortRaw !== undefined || (oc.effort !== undefined && r.reasoning?.effort === undefined)) {
      ocRaw.effort = oc.effort;
    }
    const format = decodeFormat(oc.format, "output_config.format");
    if (format === "raw") ocRaw.format = oc.format;
    else if (format !== undefined) req.text = { format };
    if (Object.keys(ocRaw).length > 0 || Object.keys(oc).length === 0) raw.output_config = ocRaw;
  }

  if (b.service_tier !== undefined) {
    if (b.service_tier === "auto") req.service_tier = "auto";
    else if (b.service_tier === "standard_only") req.service_tier = "default";
    else raw.service_tier = b.service_tier;
  }

  const interop = withRaw(undefined, KEY, Object.keys(raw).length > 0 ? raw : undefined);
  if (interop !== undefined) req.interop = interop;
  return { value: req, dropped: [] };
}

type JsonSchemaFormat = { type: "json_schema"; name: string; schema: JsonObject; strict: boolean };

/**
 * `output_config.format` {type:"json_schema", schema} → IR `text.format`. Anthropic structured
 * outputs are always enforced, so the IR says `strict: true`; the Responses API needs a
 * `name`, taken from the schema's `title` (sanitised) or `response`.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/structured-outputs
 */
function decodeFormat(v: unknown, path: string): JsonSchemaFormat | "raw" | undefined {
  if (v === undefined || v === null) return undefined;
  const f = expectObject(v, path);
  if (
    f.type !== "json_schema" ||
    !isObject(f.schema) ||
    unknownKeys(f, new Set(["type", "schema"])) !== undefined
  ) {
    return "raw";
  }
  const title =
    typeof f.schema.title === "string" ? f.schema.title.replace(/[^a-zA-Z0-9_-]/g, "_").slice(0, 64) : "";
  return { type: "json_schema", name: title || "response", schema: f.schema, strict: true };
}

/** IR fields this encoder reads; any other field set in the IR is reported as dropped. */
const HANDLED_IR = new Set([
  "model",
  "input",
  "instructions",
  "max_output_tokens",
  "temperature",
  "top_p",
  "top_k",
  "stop",
  "stream",
  "user",
  "safety_identifier",
  "tools",
  "tool_choice",
  "parallel_tool_calls",
  "reasoning",
  "text",
  "service_tier",
  "interop",
]);

/** Set-but-harmless values that do not need reporting. */
function isNoOp(key: string, v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (key === "store" || key === "background") return v === false;
  if (key === "n") return v === 1;
  if (key === "include") return Array.isArray(v) && v.length === 0;
  if (key === "metadata") return isObject(v) && Object.keys(v).length === 0;
  // Anthropic streams always report usage, which is all stream_options asks for.
  if (key === "stream_options") return true;
  if (key === "truncation") return v === "disabled";
  return false;
}

/**
 * IR → native request. `max_tokens` is required on the wire: when the IR has none the model's
 * default from models.ts is used (not a loss, so not reported). Reasoning, sampling and
 * system placement follow what the model accepts (models.ts).
 * @see https://docs.anthropic.com/en/api/messages
 */
export function encodeRequest(req: IRRequest): Translated<AnthropicRequest> {
  const dropped: Dropped[] = [];
  const traits = modelTraits(req.model);
  const raw = rawOf(req);
  reportForeignRaw(req.interop, KEY, "", dropped, FORMAT);

  const items = inputItems(req);
  let lead = 0;
  while (lead < items.length && isLeadingSystem(items[lead]!)) lead++;
  const history = encodeMessages(items.slice(lead), lead, traits, dropped);
  const system = encodeSystem(
    req.instructions ?? undefined,
    items.slice(0, lead),
    history.lateSystem,
    dropped,
  );

  const r = encodeReasoning(
    req.reasoning,
    traits,
    req.max_output_tokens ?? undefined,
    raw,
    dropped,
    req.stream === true,
  );
  const out = {
    model: req.model ?? "",
    max_tokens: r.maxTokens,
    messages: history.messages,
  } as AnthropicRequest;
  if (system !== undefined) out.system = system;

  for (const key of ["temperature", "top_p", "top_k"] as const) {
    const v = req[key];
    if (v === undefined || v === null) continue;
    if (traits.sampling) out[key] = v;
    else dropped.push({ path: key, reason: `not accepted by ${req.model}` });
  }
  if (req.stop !== undefined) out.stop_sequences = req.stop;
  if (req.stream !== undefined) out.stream = req.stream;

  const user = req.user ?? req.safety_identifier ?? undefined;
  if (req.user != null && req.safety_identifier != null && req.safety_identifier !== req.user) {
    dropped.push({
      path: "safety_identifier",
      reason: `${FORMAT} has one user id (metadata.user_id), given \`user\``,
    });
  }
  if (user !== undefined || isObject(raw?.metadata)) {
    out.metadata = {
      ...(user === undefined ? {} : { user_id: user }),
      ...(raw?.metadata as JsonObject | undefined),
    };
  }

  const tools = encodeTools(req.tools, raw?.tools, dropped);
  if (tools !== undefined) out.tools = tools;
  const toolChoice = encodeToolChoice(req, raw?.tool_choice, dropped);
  if (toolChoice !== undefined) out.tool_choice = toolChoice;

  if (r.thinking !== undefined) {
    if (thinkingBlocked(r.thinking.type, history.messages)) {
      dropped.push({
        path: "reasoning",
        reason:
          "the last assistant tool-use turn has no Anthropic thinking block (its reasoning came from another provider), which Anthropic rejects while thinking is on; thinking is off for this request",
      });
    } else {
      out.thinking = r.thinking;
      dropSamplingWithThinking(out, dropped);
    }
  }
  const outputConfig: JsonObject = {};
  if (r.effort !== undefined) outputConfig.effort = r.effort;
  encodeFormat(req.text, outputConfig, dropped);
  if (isObject(raw?.output_config)) Object.assign(outputConfig, raw.output_config);
  if (Object.keys(outputConfig).length > 0 || isObject(raw?.output_config)) {
    out.output_config = outputConfig as AnthropicRequest["output_config"];
  }

  const tier = encodeServiceTier(req.service_tier, dropped);
  if (tier !== undefined) out.service_tier = tier;

  for (const [k, v] of Object.entries(raw ?? {})) {
    if (!KNOWN.has(k)) (out as unknown as JsonObject)[k] = v;
  }
  if (raw?.service_tier !== undefined && out.service_tier === undefined) {
    (out as unknown as JsonObject).service_tier = raw.service_tier;
  }
  for (const [k, v] of Object.entries(req)) {
    if (!HANDLED_IR.has(k) && !isNoOp(k, v)) dropped.push({ path: k, reason: `no equivalent in ${FORMAT}` });
  }
  return { value: out, dropped };
}

function isLeadingSystem(item: IRInputItem): boolean {
  const it = item as { type?: string; role?: string };
  return (
    (it.type ?? "message") === "message" &&
    (it.role === "system" || it.role === "developer") &&
    !inMessages(item)
  );
}

/**
 * `instructions` + leading system/developer messages (+ mid-conversation ones the model
 * cannot take in place) → `system`. A lone plain-string prompt stays a string; anything built
 * from parts is a block list, so `cache_control` on system blocks survives.
 * @see https://docs.anthropic.com/en/api/messages#body-system
 */
function encodeSystem(
  instructions: string | undefined,
  leading: IRInputItem[],
  late: TextBlockParam[],
  dropped: Dropped[],
): string | TextBlockParam[] | undefined {
  const blocks: TextBlockParam[] = [];
  let fromParts = late.length > 0;
  if (instructions !== undefined) blocks.push({ type: "text", text: instructions });
  leading.forEach((item, i) => {
    const content = (item as { content: unknown }).content;
    if (typeof content !== "string") fromParts = true;
    blocks.push(...systemBlocks(content, `input[${i}]`, dropped));
  });
  blocks.push(...late);
  if (blocks.length === 0) return undefined;
  if (!fromParts && blocks.length === 1) return blocks[0]!.text;
  return blocks;
}

/**
 * With thinking on, Anthropic requires the final assistant turn that used tools to start with
 * a thinking block. History from another provider has none (its reasoning was dropped), so
 * the request would fail; thinking is turned off for it instead.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#extended-thinking-with-tool-use
 */
function thinkingBlocked(type: string, messages: MessageParam[]): boolean {
  if (type !== "enabled" && type !== "adaptive") return false;
  const last = [...messages].reverse().find((m) => m.role === "assistant");
  if (last === undefined || typeof last.content === "string") return false;
  const usesTools = last.content.some((b) => b.type === "tool_use");
  const first = last.content[0]?.type;
  return usesTools && first !== "thinking" && first !== "redacted_thinking";
}

/**
 * With thinking on, Anthropic rejects a temperature other than 1, any top_k and a top_p
 * below 0.95; such values (typical of requests written for other models) are reported and
 * left out rather than failing the request.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#feature-compatibility
 */
function dropSamplingWithThinking(out: AnthropicRequest, dropped: Dropped[]): void {
  if (out.thinking?.type !== "enabled" && out.thinking?.type !== "adaptive") return;
  const reason = `not compatible with thinking on ${FORMAT}`;
  if (out.temperature !== undefined && out.temperature !== 1) {
    delete out.temperature;
    dropped.push({ path: "temperature", reason });
  }
  if (out.top_k !== undefined) {
    delete out.top_k;
    dropped.push({ path: "top_k", reason });
  }
  if (out.top_p !== undefined && out.top_p < 0.95) {
    delete out.top_p;
    dropped.push({ path: "top_p", reason });
  }
}

/**
 * IR `text` → `output_config.format`: a JSON schema goes across (Anthropic always enforces
 * it); JSON mode without a schema, a schema description and verbosity have no slot.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/structured-outputs
 */
function encodeFormat(text: IRRequest["text"], out: JsonObject, dropped: Dropped[]): void {
  const f = text?.format;
  if (f?.type === "json_schema") {
    out.format = { type: "json_schema", schema: f.schema };
    if (f.description !== undefined) {
      dropped.push({ path: "text.format.description", reason: `no equivalent in ${FORMAT}` });
    }
  } else if (f?.type === "json_object") {
    dropped.push({ path: "text.format", reason: `${FORMAT} has no JSON mode without a schema` });
  }
  if (text?.verbosity != null) dropped.push({ path: "text.verbosity", reason: `no equivalent in ${FORMAT}` });
}

/**
 * IR (OpenAI) service tier → Anthropic `service_tier`: `auto` uses priority capacity when the
 * workspace has it, `standard_only` never does.
 * @see https://docs.anthropic.com/en/api/service-tiers
 */
function encodeServiceTier(
  tier: IRRequest["service_tier"],
  dropped: Dropped[],
): AnthropicRequest["service_tier"] | undefined {
  switch (tier) {
    case undefined:
    case null:
      return undefined;
    case "auto":
    case "priority":
      return "auto";
    case "default":
      return "standard_only";
    default:
      dropped.push({ path: "service_tier", reason: `${tier} has no equivalent in ${FORMAT}` });
      return undefined;
  }
}
