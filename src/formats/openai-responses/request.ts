/**
 * `POST /v1/responses` body ↔ IR request. The IR *is* this API, so decoding validates and
 * keeps everything as given (a string `input` stays a string; every item and field as
 * is, nulls included; only sealed reasoning state a client sends back is opened, see
 * reasoning.ts) and encoding is close to identity. What encoding changes:
 * - the IR's extra sampling fields OpenAI has no slot for (`stop`, `top_k`, `seed`,
 *   `presence_penalty`, `frequency_penalty`, `n`) are left out and reported;
 * - `reasoning.budget_tokens` is left out (see reasoning.ts);
 * - `interop` never reaches OpenAI; other formats' state, opaque elements, reasoning and
 *   hosted-tool items are left out and reported, another model's assistant turns go as
 *   text (see items.ts);
 * - what OpenAI would reject is made acceptable: a service tier it does not know is left
 *   out, `max_output_tokens` below its minimum of 16 is raised (both reported), a
 *   JSON-schema format without a name gets one, a function tool without `strict` is sent
 *   non-strict (tools.ts);
 * - fields the caller sent that the IR has no slot for come back from `interop.openai.raw`.
 * Decoding also accepts the IR's extra sampling fields as an extension (see below).
 *
 * `user` is a Responses field (deprecated in favour of `safety_identifier` for abuse
 * detection and `prompt_cache_key` for cache routing, still accepted) with the same meaning
 * as the IR's: it goes as `user`. Copying it into `safety_identifier` would claim a privacy
 * property (a hashed, ≤64-character id) nobody promised; into `prompt_cache_key` a cache
 * policy nobody chose.
 *
 * Validation is structural (types, enums, required fields) and names the path. Value
 * ranges (temperature 0–2, …) are left to the provider: they differ per provider and
 * model, and the provider's own 400 says it best.
 *
 * @see https://platform.openai.com/docs/api-reference/responses/create
 * @see https://platform.openai.com/docs/guides/safety-best-practices#implement-safety-identifiers
 */

import type { Dropped, Translated } from "../../ir/dropped.ts";
import type { Interop } from "../../ir/interop.ts";
import type { IRInputItem, IRRequest } from "../../ir/request.ts";
import { reportForeignRaw, withRaw } from "../interop-carry.ts";
import {
  at,
  expectArray,
  expectBoolean,
  expectInteger,
  expectNumber,
  expectObject,
  expectOneOf,
  expectString,
  expectStringOrStrings,
  isObject,
  type JsonObject,
  unknownKeys,
} from "../validate.ts";
import type { RequestContext } from "../wire-format.ts";
import { reportInterop } from "./interop-report.ts";
import { checkItem, encodeInputItems, unsealItems } from "./items.ts";
import { checkReasoningConfig, encodeReasoningConfig } from "./reasoning.ts";
import { checkTextConfig, checkToolChoice, checkTools, encodeText, encodeTools } from "./tools.ts";
import { FORMAT, type ResponsesRequestBody, SERVICE_TIERS } from "./types.ts";

type Check = (v: unknown, path: string) => unknown;

function nullable(check: Check): Check {
  return (v, p) => (v === null ? null : check(v, p));
}

function checkInput(v: unknown, path: string): void {
  if (typeof v === "string") return;
  expectArray(v, path).forEach((item, i) => {
    checkItem(item, at(path, i));
  });
}

function checkMetadata(v: unknown, path: string): void {
  for (const [k, value] of Object.entries(expectObject(v, path))) expectString(value, at(path, k));
}

function checkStrings(v: unknown, path: string): void {
  expectArray(v, path).forEach((s, i) => {
    expectString(s, at(path, i));
  });
}

function checkConversation(v: unknown, path: string): void {
  if (typeof v !== "string") expectString(expectObject(v, path).id, at(path, "id"));
}

/** Every field of `ResponseCreateParams` and its check; other fields go to raw. */
const FIELDS: Readonly<Record<string, Check>> = {
  model: expectString,
  input: checkInput,
  instructions: nullable(expectString),
  tools: checkTools,
  tool_choice: checkToolChoice,
  parallel_tool_calls: nullable(expectBoolean),
  text: checkTextConfig,
  reasoning: checkReasoningConfig,
  temperature: nullable(expectNumber),
  top_p: nullable(expectNumber),
  top_logprobs: nullable(expectInteger),
  max_output_tokens: nullable(expectInteger),
  max_tool_calls: nullable(expectInteger),
  metadata: nullable(checkMetadata),
  include: nullable(checkStrings),
  stream: nullable(expectBoolean),
  stream_options: nullable(expectObject),
  store: nullable(expectBoolean),
  background: nullable(expectBoolean),
  previous_response_id: nullable(expectString),
  conversation: nullable(checkConversation),
  truncation: nullable((v, p) => expectOneOf(v, ["auto", "disabled"], p)),
  service_tier: nullable(expectString),
  user: nullable(expectString),
  safety_identifier: nullable(expectString),
  prompt_cache_key: nullable(expectString),
  prompt_cache_retention: nullable(expectString),
  prompt_cache_options: nullable(expectObject),
  prompt: nullable(expectObject),
  context_management: nullable(expectArray),
  moderation: nullable(expectObject),
  access_programs: nullable(expectObject),
  image: nullable(expectObject),
};

/**
 * Switchyard extension: a Responses body may carry the IR's extra sampling fields (the
 * OpenAI SDKs pass unknown params through), so that a Responses client can reach a
 * provider that has them. Encoding to OpenAI leaves them out, as OpenAI rejects them.
 */
const EXTENSION_FIELDS: Readonly<Record<string, Check>> = {
  stop: expectStringOrStrings,
  top_k: expectInteger,
  seed: expectInteger,
  presence_penalty: expectNumber,
  frequency_penalty: expectNumber,
  n: expectInteger,
};

const KNOWN: ReadonlySet<string> = new Set([
  ...Object.keys(FIELDS),
  ...Object.keys(EXTENSION_FIELDS),
  "interop",
]);

/** Validates a Responses request body and returns it as the IR request it already is. */
export function decodeRequest(body: unknown, ctx?: RequestContext): Translated<IRRequest> {
  const o = expectObject(body, "");
  const out: JsonObject = {};
  for (const [key, check] of Object.entries(FIELDS)) {
    const v = o[key];
    if (v === undefined) continue;
    check(v, key);
    // Sealed reasoning state a Responses client sends back is opened (reasoning.ts).
    out[key] = key === "input" && Array.isArray(v) ? unsealItems(v as object[]) : v;
  }
  for (const [key, check] of Object.entries(EXTENSION_FIELDS)) {
    const v = o[key];
    if (v !== undefined && v !== null) out[key] = check(v, key);
  }
  if (out.model === undefined && ctx?.model !== undefined) out.model = ctx.model;
  if (out.stream === undefined && ctx?.stream !== undefined) out.stream = ctx.stream;
  const raw = unknownKeys(o, KNOWN);
  const req = out as IRRequest;
  // An IR-aware client may send `interop` itself (e.g. a library caller going through HTTP).
  const interop = isObject(o.interop) ? (o.interop as Interop) : undefined;
  const merged = withRaw(interop, "openai", raw);
  if (merged !== undefined) req.interop = merged;
  return { value: req, dropped: [] };
}

/** OpenAI rejects a smaller `max_output_tokens`. */
const MIN_OUTPUT_TOKENS = 16;

/** IR extensions OpenAI has no field for; `neutral` is the value that asks for nothing. */
const EXTENSIONS: ReadonlyArray<{ key: keyof IRRequest; neutral?: unknown }> = [
  { key: "stop" },
  { key: "top_k" },
  { key: "seed" },
  { key: "presence_penalty", neutral: 0 },
  { key: "frequency_penalty", neutral: 0 },
  { key: "n", neutral: 1 },
];

function reportExtensions(req: IRRequest, dropped: Dropped[]): void {
  for (const { key, neutral } of EXTENSIONS) {
    const v = req[key];
    if (v === undefined || v === null || v === neutral) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    dropped.push({ path: key, reason: `no equivalent in ${FORMAT}` });
  }
}

/** IR request → Responses body (see the header for what changes). */
export function encodeRequest(req: IRRequest): Translated<ResponsesRequestBody> {
  const dropped: Dropped[] = [];
  const {
    interop,
    input,
    tools,
    reasoning,
    stop: _stop,
    top_k: _topK,
    seed: _seed,
    presence_penalty: _pp,
    frequency_penalty: _fp,
    n: _n,
    ...rest
  } = req;
  reportExtensions(req, dropped);
  const own: Interop | undefined = interop;
  const body: JsonObject = { ...own?.openai?.raw };
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) body[k] = v;
  if (input !== undefined) {
    body.input = typeof input === "string" ? input : encodeInputItems(input as IRInputItem[], dropped);
  }
  if (tools !== undefined) body.tools = encodeTools(tools, dropped);
  if (rest.text !== undefined && rest.text !== null) body.text = encodeText(rest.text);
  if (typeof body.max_output_tokens === "number" && body.max_output_tokens < MIN_OUTPUT_TOKENS) {
    dropped.push({
      path: "max_output_tokens",
      reason: `${FORMAT} needs at least ${MIN_OUTPUT_TOKENS}; raised from ${body.max_output_tokens}`,
    });
    body.max_output_tokens = MIN_OUTPUT_TOKENS;
  }
  if (typeof body.service_tier === "string" && !SERVICE_TIERS.includes(body.service_tier)) {
    dropped.push({ path: "service_tier", reason: `"${body.service_tier}" is not a ${FORMAT} service tier` });
    delete body.service_tier;
  }
  const r = encodeReasoningConfig(reasoning, dropped);
  if (r !== undefined) body.reasoning = r;
  reportForeignRaw(interop, "openai", "", dropped, FORMAT);
  reportInterop(interop, "", dropped, false);
  return { value: body as ResponsesRequestBody, dropped };
}
