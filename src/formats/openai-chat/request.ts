import type { Dropped, Translated } from "../../ir/dropped.ts";
import { invalidRequest } from "../../ir/error.ts";
import type { ResponseTextConfig } from "../../ir/openai-types.ts";
import { type IRRequest, inputItems } from "../../ir/request.ts";
import { reportForeignRaw } from "../interop-carry.ts";
import { effortFromAnthropicBudget, isEffort } from "../reasoning-effort.ts";
import {
  at,
  describe,
  expectArray,
  expectBoolean,
  expectInteger,
  expectNumber,
  expectObject,
  expectString,
  expectStringOrStrings,
  type JsonObject,
} from "../validate.ts";
import type { RequestContext } from "../wire-format.ts";
import { decodeMessages } from "./messages-decode.ts";
import { encodeMessages } from "./messages-encode.ts";
import { mergeResidue, reportForeignInterop } from "./residue.ts";
import { decodeResponseFormat, encodeResponseFormat } from "./structured-output.ts";
import {
  decodeLegacyFunction,
  decodeLegacyFunctionCall,
  decodeTool,
  decodeToolChoice,
  decodeWebSearchOptions,
  encodeToolChoice,
  encodeTools,
  type IRTool,
} from "./tools.ts";
import { type ChatRequest, chatServiceTier, FORMAT } from "./types.ts";

const LOGPROBS_INCLUDE = "message.output_text.logprobs";

/** Chat fields whose value (null included) copies to the same IR field. */
const SAME_NULLABLE = [
  "temperature",
  "top_p",
  "metadata",
  "service_tier",
  "store",
  "top_logprobs",
  "parallel_tool_calls",
  "prompt_cache_key",
  "prompt_cache_retention",
  "prompt_cache_options",
  "safety_identifier",
  "moderation",
] as const;

/** Of those, the ones Chat itself does not allow to be null (so null is neither read nor written). */
const NOT_NULL_IN_CHAT = new Set<string>(["parallel_tool_calls", "prompt_cache_options"]);

/** Chat fields that copy to the same IR field, where the IR has no null (null reads as absent). */
const SAME = ["seed", "presence_penalty", "frequency_penalty", "n", "user"] as const;

type Check = (v: unknown, path: string) => unknown;
const CHECKS: Readonly<Record<(typeof SAME_NULLABLE)[number] | (typeof SAME)[number], Check>> = {
  temperature: expectNumber,
  top_p: expectNumber,
  metadata: expectObject,
  service_tier: expectString,
  store: expectBoolean,
  top_logprobs: expectInteger,
  parallel_tool_calls: expectBoolean,
  prompt_cache_key: expectString,
  prompt_cache_retention: expectString,
  prompt_cache_options: expectObject,
  safety_identifier: expectString,
  moderation: expectObject,
  seed: expectInteger,
  presence_penalty: expectNumber,
  frequency_penalty: expectNumber,
  n: expectInteger,
  user: expectString,
};

/** Fields with their own decoding below; everything else goes to `interop.chat.raw`. */
const HANDLED = new Set<string>([
  ...SAME_NULLABLE,
  ...SAME,
  "model",
  "messages",
  "stop",
  "stream",
  "stream_options",
  "logprobs",
  "max_completion_tokens",
  "max_tokens",
  "reasoning_effort",
  "verbosity",
  "response_format",
  "tools",
  "functions",
  "web_search_options",
  "tool_choice",
  "function_call",
]);

/**
 * Chat Completions request → IR request. Messages become input items (see
 * messages-decode.ts); sampling fields copy; `reasoning_effort` becomes `reasoning.effort`,
 * `response_format` + `verbosity` become `text`, `web_search_options` a `web_search` tool,
 * `logprobs: true` the `message.output_text.logprobs` include. `max_completion_tokens` and
 * the older `max_tokens` both give `max_output_tokens`; `max_tokens` is also kept raw so it
 * goes back under its own name. Fields with no IR slot (`audio`, `modalities`, `logit_bias`,
 * `prediction`, unknown ones) are kept raw.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
export function decodeRequest(body: unknown, ctx?: RequestContext): Translated<IRRequest> {
  const b = expectObject(body, "");
  const req: IRRequest = {};
  const raw: JsonObject = {};
  const model = b.model === undefined ? ctx?.model : expectString(b.model, "model");
  if (model === undefined) throw invalidRequest("model", "a string");
  req.model = model;
  if (b.messages === undefined) throw invalidRequest("messages", "an array of messages");
  req.input = decodeMessages(b.messages, "messages");

  const r = req as Record<string, unknown>;
  for (const key of SAME_NULLABLE) {
    if (b[key] === null && !NOT_NULL_IN_CHAT.has(key)) r[key] = null;
    else if (b[key] != null) r[key] = CHECKS[key](b[key], key);
  }
  for (const key of SAME) {
    if (b[key] != null) r[key] = CHECKS[key](b[key], key);
  }
  if (b.stop != null) req.stop = expectStringOrStrings(b.stop, "stop");
  if (b.stream != null) req.stream = expectBoolean(b.stream, "stream");
  else if (ctx?.stream !== undefined) req.stream = ctx.stream;
  if (b.stream_options != null) {
    const { include_obfuscation, ...rest } = expectObject(b.stream_options, "stream_options");
    if (include_obfuscation !== undefined) {
      req.stream_options = {
        include_obfuscation: expectBoolean(include_obfuscation, "stream_options.include_obfuscation"),
      };
    }
    if (Object.keys(rest).length > 0) raw.stream_options = rest;
  }
  if (b.logprobs != null && expectBoolean(b.logprobs, "logprobs")) req.include = [LOGPROBS_INCLUDE];

  decodeMaxTokens(b, req, raw);
  if (b.reasoning_effort !== undefined) {
    const e = b.reasoning_effort;
    if (e !== null && !isEffort(e))
      throw invalidRequest("reasoning_effort", `a reasoning effort, got ${describe(e)}`);
    req.reasoning = { effort: e };
  }
  const text: ResponseTextConfig = {};
  if (b.verbosity !== undefined) {
    text.verbosity = b.verbosity === null ? null : (expectString(b.verbosity, "verbosity") as "low");
  }
  if (b.response_format != null) {
    const { format, extra } = decodeResponseFormat(b.response_format, "response_format");
    text.format = format;
    if (extra !== undefined) raw.response_format = extra;
  }
  if (Object.keys(text).length > 0) req.text = text;
  decodeToolFields(b, req, raw);

  for (const key of Object.keys(b)) if (!HANDLED.has(key) && b[key] !== undefined) raw[key] = b[key];
  if (Object.keys(raw).length > 0) req.interop = { chat: { raw } };
  return { value: req, dropped: [] };
}

function decodeMaxTokens(b: JsonObject, req: IRRequest, raw: JsonObject): void {
  if (b.max_completion_tokens !== undefined) {
    req.max_output_tokens =
      b.max_completion_tokens === null
        ? null
        : expectInteger(b.max_completion_tokens, "max_completion_tokens");
  }
  if (b.max_tokens != null) {
    const v = expectInteger(b.max_tokens, "max_tokens");
    if (req.max_output_tokens == null) req.max_output_tokens = v;
    // Older models and many compatible servers only know this name; keep which one was used.
    raw.max_tokens = v;
  }
}

function decodeToolFields(b: JsonObject, req: IRRequest, raw: JsonObject): void {
  const tools: IRTool[] = [];
  if (b.tools != null)
    tools.push(...expectArray(b.tools, "tools").map((t, i) => decodeTool(t, at("tools", i))));
  if (b.functions != null) {
    tools.push(
      ...expectArray(b.functions, "functions").map((f, i) => decodeLegacyFunction(f, at("functions", i))),
    );
  }
  if (b.web_search_options != null)
    tools.push(decodeWebSearchOptions(b.web_search_options, "web_search_options"));
  if (b.tools != null || tools.length > 0) req.tools = tools;
  if (b.tool_choice != null) {
    req.tool_choice = decodeToolChoice(b.tool_choice, "tool_choice");
    if (b.function_call != null) raw.function_call = b.function_call;
  } else if (b.function_call != null) {
    req.tool_choice = decodeLegacyFunctionCall(b.function_call, "function_call");
  }
}

/** IR request fields this encoder writes; any other field that is set is reported dropped. */
const ENCODED = new Set<string>([
  ...SAME_NULLABLE,
  ...SAME,
  "model",
  "input",
  "instructions",
  "stop",
  "stream",
  "stream_options",
  "include",
  "max_output_tokens",
  "reasoning",
  "text",
  "tools",
  "tool_choice",
  "interop",
]);

/**
 * IR request → Chat Completions request. `instructions` becomes a leading system message;
 * input items become messages (see messages-encode.ts); the rest is the inverse of
 * `decodeRequest`. What Chat cannot carry (`top_k`, reasoning summaries, an exact thinking
 * budget, `previous_response_id`, hosted tools, other formats' raw fields, …) is returned in
 * `dropped`.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
export function encodeRequest(req: IRRequest): Translated<ChatRequest> {
  const dropped: Dropped[] = [];
  const out: JsonObject = {};
  if (req.model !== undefined) out.model = req.model;
  const messages: JsonObject[] = [];
  const instructions: unknown = req.instructions;
  if (typeof instructions === "string" && instructions !== "") {
    messages.push({ role: "system", content: instructions });
  } else if (Array.isArray(instructions)) {
    // A Responses answer echoes instructions as items; accept that form too.
    messages.push(...encodeMessages(instructions, dropped));
  }
  messages.push(...encodeMessages(inputItems(req), dropped));
  out.messages = messages;

  const r = req as Record<string, unknown>;
  for (const key of SAME_NULLABLE) {
    if (r[key] !== undefined && !(r[key] === null && NOT_NULL_IN_CHAT.has(key))) out[key] = r[key];
  }
  if (typeof req.service_tier === "string") {
    const tier = chatServiceTier(req.service_tier);
    if (tier === undefined) {
      delete out.service_tier;
      dropped.push({ path: "service_tier", reason: `no equivalent in ${FORMAT}` });
    } else out.service_tier = tier;
  }
  for (const key of SAME) if (r[key] !== undefined) out[key] = r[key];
  if (req.stop !== undefined) out.stop = req.stop;
  if (req.stream !== undefined) out.stream = req.stream;
  if (req.stream_options != null) out.stream_options = { ...req.stream_options };
  encodeInclude(req.include, out, dropped);
  // Chat rejects top_logprobs unless logprobs is on; Responses asks for both with top_logprobs alone.
  if (typeof req.top_logprobs === "number" && req.top_logprobs > 0 && out.logprobs === undefined)
    out.logprobs = true;
  const raw = req.interop?.chat?.raw;
  encodeMaxTokens(req.max_output_tokens, raw?.max_tokens, out);
  encodeReasoning(req.reasoning, out, dropped);
  if (req.text?.format !== undefined) out.response_format = encodeResponseFormat(req.text.format);
  if (req.text?.verbosity !== undefined) out.verbosity = req.text.verbosity;

  let legacy = false;
  if (req.tools !== undefined) {
    const enc = encodeTools(req.tools, dropped);
    if (enc.tools.length > 0 || (enc.functions.length === 0 && enc.web_search_options === undefined)) {
      out.tools = enc.tools;
    }
    if (enc.functions.length > 0) out.functions = enc.functions;
    if (enc.web_search_options !== undefined) out.web_search_options = enc.web_search_options;
    legacy = enc.functions.length > 0 && enc.tools.length === 0;
  }
  if (req.tool_choice != null) Object.assign(out, encodeToolChoice(req.tool_choice, legacy, dropped));

  mergeResidue(out, raw);
  reportForeignRaw(req.interop, "chat", "", dropped, FORMAT);
  reportForeignInterop(req, "", dropped, true);
  for (const [key, v] of Object.entries(req)) {
    if (ENCODED.has(key) || v === undefined || v === null) continue;
    dropped.push({ path: key, reason: `no equivalent in ${FORMAT}` });
  }
  return { value: out as ChatRequest, dropped };
}

function encodeInclude(include: IRRequest["include"], out: JsonObject, dropped: Dropped[]): void {
  (include ?? []).forEach((v, i) => {
    if (v === LOGPROBS_INCLUDE) out.logprobs = true;
    else dropped.push({ path: `include[${i}]`, reason: `no equivalent in ${FORMAT}` });
  });
}

/**
 * `max_completion_tokens` is the current name; a request that came with `max_tokens` goes
 * back with `max_tokens` (older models and many compatible servers reject the new name).
 */
function encodeMaxTokens(max: number | null | undefined, rawMax: unknown, out: JsonObject): void {
  if (typeof rawMax === "number" && (max === undefined || max === null || max === rawMax)) {
    out.max_tokens = max ?? rawMax;
    return;
  }
  if (max !== undefined) out.max_completion_tokens = max;
}

/**
 * IR reasoning → `reasoning_effort`, through the one effort table: Chat takes the OpenAI
 * effort names as they are. An exact budget without an effort reads as its nearest bucket;
 * the exact number, summaries and the other Responses knobs cannot cross.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-reasoning_effort
 */
function encodeReasoning(reasoning: IRRequest["reasoning"], out: JsonObject, dropped: Dropped[]): void {
  // `reasoning: null` asks for nothing; Chat says the same by leaving the field out.
  if (reasoning == null) return;
  if (reasoning.effort !== undefined) out.reasoning_effort = reasoning.effort;
  if (reasoning.budget_tokens !== undefined) {
    if (reasoning.effort === undefined) {
      out.reasoning_effort =
        reasoning.budget_tokens === 0 ? "none" : effortFromAnthropicBudget(reasoning.budget_tokens);
    }
    dropped.push({
      path: "reasoning.budget_tokens",
      reason: `${FORMAT} takes an effort, not a token budget`,
    });
  }
  for (const key of ["summary", "generate_summary", "context", "mode"] as const) {
    if (reasoning[key] != null)
      dropped.push({ path: `reasoning.${key}`, reason: `no equivalent in ${FORMAT}` });
  }
}
