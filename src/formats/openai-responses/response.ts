/**
 * Responses `Response` object ↔ IR response.
 *
 * Decode keeps the answer's core (id, model, created_at, status, output items as they
 * are — sealed reasoning state opened, see reasoning.ts — usage, error, service tier),
 * derives the stop reason (finish-reason.ts) and keeps
 * every other field — the request echo (`instructions`, `tools`, `temperature`, …),
 * `billing`, `completed_at`, usage details the IR has no slot for — in
 * `interop.openai.raw`, so a same-format round trip is exact.
 *
 * Encode writes a full `Response`: the echo fields come from the request being answered
 * (`ctx.request`) when given, else from `interop.openai.raw`, else the defaults below for
 * the fields the schema requires. Optional echo fields (`text`, `reasoning`,
 * `max_output_tokens`, …) are written only when known. `status` and `incomplete_details`
 * come from the stop reason; usage counts the IR does not know are written as 0 (usage.ts).
 * `created_at`, when the IR has none (Anthropic and Gemini send no timestamp), is the time
 * of encoding: when this Response object was made. Output items: output-items.ts.
 *
 * @see https://platform.openai.com/docs/api-reference/responses/object
 */
import type { Dropped, Translated } from "../../ir/dropped.ts";
import { SwitchyardError } from "../../ir/error.ts";
import type { Interop } from "../../ir/interop.ts";
import type { IROutputItem, IRRequest } from "../../ir/request.ts";
import type { IRResponse } from "../../ir/response.ts";
import { reportForeignRaw } from "../interop-carry.ts";
import {
  at,
  expectArray,
  expectObject,
  expectOneOf,
  expectString,
  isObject,
  type JsonObject,
} from "../validate.ts";
import type { ResponseContext } from "../wire-format.ts";
import { decodeError } from "./error.ts";
import {
  decodeStopReason,
  encodeStopReason,
  type IncompleteReason,
  type ResponseStatus,
  unrepresentableStop,
} from "./finish-reason.ts";
import { reportInterop } from "./interop-report.ts";
import { encodeOutputItems } from "./output-items.ts";
import { encodeReasoningConfig, unsealReasoning } from "./reasoning.ts";
import { encodeTools } from "./tools.ts";
import { FORMAT, type ResponsesResponseBody, SERVICE_TIERS } from "./types.ts";
import { decodeUsage, encodeUsage } from "./usage.ts";

const STATUSES: readonly ResponseStatus[] = [
  "completed",
  "failed",
  "in_progress",
  "cancelled",
  "queued",
  "incomplete",
];

/** Fields with an IR slot (or derived from one); everything else is kept raw. */
const CORE: ReadonlySet<string> = new Set([
  "id",
  "object",
  "model",
  "created_at",
  "status",
  "output",
  "usage",
  "error",
  "service_tier",
  "incomplete_details",
]);

function malformed(cause: unknown): SwitchyardError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new SwitchyardError({
    kind: "server",
    status: 502,
    message: `malformed ${FORMAT} response: ${detail}`,
    source: FORMAT,
    cause,
  });
}

/** An OpenAI error envelope where a Response was expected. */
function isErrorEnvelope(o: JsonObject): boolean {
  return isObject(o.error) && o.output === undefined && o.object !== "response";
}

function readIncomplete(v: unknown): IncompleteReason | undefined {
  if (!isObject(v)) return undefined;
  return v.reason === "max_output_tokens" || v.reason === "content_filter" ? v.reason : undefined;
}

export function decodeResponse(body: unknown): Translated<IRResponse> {
  if (isObject(body) && isErrorEnvelope(body)) throw decodeError(0, body);
  let o: JsonObject;
  let output: IROutputItem[];
  let status: ResponseStatus;
  try {
    o = expectObject(body, "");
    expectString(o.id, "id");
    expectString(o.model, "model");
    output = expectArray(o.output, "output").map((item, i) => {
      expectString(expectObject(item, at("output", i)).type, at(at("output", i), "type"));
      return unsealReasoning(item as IROutputItem);
    });
    status = expectOneOf(o.status ?? "completed", STATUSES, "status");
  } catch (e) {
    throw malformed(e);
  }
  const res: IRResponse = { id: o.id as string, model: o.model as string, status, output };
  if (typeof o.created_at === "number") res.created_at = o.created_at;
  const stop = decodeStopReason(status, readIncomplete(o.incomplete_details), output);
  if (stop !== undefined) res.stop_reason = stop;
  if (o.error !== undefined) res.error = o.error as IRResponse["error"];
  if (o.service_tier !== undefined) res.service_tier = o.service_tier as string | null;

  const raw: JsonObject = {};
  for (const [k, v] of Object.entries(o)) if (!CORE.has(k) && v !== undefined) raw[k] = v;
  const usage = decodeUsage(o.usage);
  if (usage !== undefined) {
    res.usage = usage.usage;
    if (usage.extra !== undefined) raw.usage = usage.extra;
  } else if (o.usage === null) {
    raw.usage = null;
  }
  if (Object.keys(raw).length > 0) res.interop = { openai: { raw } };
  return { value: res, dropped: [] };
}

/** Echo fields the schema requires, with the value a Responses client expects by default. */
const REQUIRED_ECHO: ReadonlyArray<[string, unknown]> = [
  ["instructions", null],
  ["tools", []],
  ["tool_choice", "auto"],
  ["parallel_tool_calls", true],
  ["temperature", null],
  ["top_p", null],
  ["metadata", {}],
];

/** Optional echo fields, written only when the request or the raw answer has them. */
const OPTIONAL_ECHO: readonly string[] = [
  "text",
  "reasoning",
  "max_output_tokens",
  "max_tool_calls",
  "previous_response_id",
  "store",
  "background",
  "truncation",
  "top_logprobs",
  "user",
  "safety_identifier",
  "prompt_cache_key",
  "prompt_cache_retention",
  "prompt",
];

/** The request's value of an echo field, as a Response states it. */
function fromRequest(req: IRRequest, key: string): unknown {
  switch (key) {
    case "tools":
      return req.tools === undefined ? undefined : encodeTools(req.tools, []);
    case "reasoning":
      return encodeReasoningConfig(req.reasoning, []);
    case "conversation":
      return typeof req.conversation === "string" ? { id: req.conversation } : req.conversation;
    default:
      return (req as Record<string, unknown>)[key];
  }
}

/** A failed Response must say why; when the IR has no error object, its stop reason does. */
function failureOf(res: IRResponse): NonNullable<IRResponse["error"]> {
  const why = res.stop_reason?.native?.value ?? res.stop_reason?.kind ?? "unknown";
  return { code: "server_error", message: `the model's answer failed (${why})` };
}

export function encodeResponse(res: IRResponse, ctx?: ResponseContext): Translated<ResponsesResponseBody> {
  const dropped: Dropped[] = [];
  const interop: Interop | undefined = res.interop;
  const { usage: rawUsage, ...raw } = interop?.openai?.raw ?? {};
  const req = ctx?.request;
  const echo = (key: string): unknown => {
    const v = req === undefined ? undefined : fromRequest(req, key);
    return v !== undefined ? v : raw[key];
  };

  const { status, incomplete_details } = encodeStopReason(res.status, res.stop_reason);
  const body: JsonObject = { ...raw };
  for (const [key, dflt] of REQUIRED_ECHO) body[key] = echo(key) ?? dflt;
  for (const key of [...OPTIONAL_ECHO, "conversation"]) {
    const v = echo(key);
    if (v !== undefined) body[key] = v;
  }
  Object.assign(body, {
    id: res.id,
    object: "response",
    created_at: res.created_at ?? Math.floor(Date.now() / 1000),
    status,
    error: res.error ?? (status === "failed" ? failureOf(res) : null),
    incomplete_details,
    model: res.model,
    output: encodeOutputItems(res.output, res.id, dropped),
  });
  if (
    res.service_tier === null ||
    (res.service_tier !== undefined && SERVICE_TIERS.includes(res.service_tier))
  ) {
    body.service_tier = res.service_tier;
  } else if (res.service_tier !== undefined) {
    dropped.push({ path: "service_tier", reason: `"${res.service_tier}" is not a ${FORMAT} service tier` });
  }
  if (res.usage !== undefined) body.usage = encodeUsage(res.usage, isObject(rawUsage) ? rawUsage : undefined);
  else if (rawUsage === null) body.usage = null;

  if (unrepresentableStop(res.stop_reason)) {
    dropped.push({ path: "stop_reason", reason: `${res.stop_reason?.kind} has no equivalent in ${FORMAT}` });
  }
  reportForeignRaw(interop, "openai", "", dropped, FORMAT);
  reportInterop(interop, "", dropped, false);
  return { value: body as ResponsesResponseBody, dropped };
}
