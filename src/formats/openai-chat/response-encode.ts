import type { Dropped, Translated } from "../../ir/dropped.ts";
import { isOpaque, opaqueNative } from "../../ir/opaque.ts";
import type { ResponseOutputText } from "../../ir/openai-types.ts";
import type { IRResponse } from "../../ir/response.ts";
import { reportForeignRaw } from "../interop-carry.ts";
import { isObject, type JsonObject } from "../validate.ts";
import type { ResponseContext } from "../wire-format.ts";
import { encodeAnnotations, encodeLogprobs } from "./annotations.ts";
import { encodeFinishReason } from "./finish-reason.ts";
import { chatRaw, mergeResidue, type Residue, reportForeignInterop, wasAbsent } from "./residue.ts";
import { type ChatResponse, chatServiceTier, FORMAT } from "./types.ts";
import { encodeUsage } from "./usage.ts";

/**
 * Chat content is one string. IR text parts are joined as they are when a boundary already
 * has white space (Anthropic's citation-split blocks always do); otherwise a space separates
 * parts of one message and a blank line separates messages, so words never run together.
 */
function separator(before: string, next: string, newItem: boolean): string {
  if (before === "" || next === "" || /\s$/.test(before) || /^\s/.test(next)) return "";
  return newItem ? "\n\n" : " ";
}

/** What the IR output amounts to as one Chat choice. */
interface Gathered {
  text: string[];
  hasText: boolean;
  annotations: JsonObject[];
  logprobs: JsonObject[];
  /** Some text part carried a logprobs list (perhaps empty). */
  hasLogprobs: boolean;
  refusal: string[];
  toolCalls: JsonObject[];
  functionCall?: JsonObject;
  extra: JsonObject;
}

/**
 * IR response → Chat completion with one choice. All assistant text of the output joins into
 * `content` (see `separator`; annotation indices shifted to match), refusals into `refusal`,
 * function and custom tool calls into `tool_calls`; reasoning, web search calls and other
 * formats' opaque items have no Chat form and are reported dropped. The fields the current
 * API always sends (`logprobs`, `refusal`, `annotations`) are written unless the residue
 * says the native answer lacked them.
 * @see https://platform.openai.com/docs/api-reference/chat/object
 */
export function encodeResponse(res: IRResponse, _ctx?: ResponseContext): Translated<ChatResponse> {
  const dropped: Dropped[] = [];
  const raw = chatRaw(res);
  const out: JsonObject = { id: res.id };
  if (!wasAbsent(raw, "object"))
    out.object = typeof raw?.object === "string" ? raw.object : "chat.completion";
  // Chat requires `created`; a provider that gave no time leaves it for the caller to stamp.
  out.created = res.created_at ?? 0;
  out.model = res.model;

  const rawChoices = Array.isArray(raw?.choices) ? raw.choices : undefined;
  if (rawChoices !== undefined && rawChoices.length === 0 && res.output.length === 0) out.choices = [];
  else {
    const first = isObject(rawChoices?.[0]) ? rawChoices[0] : undefined;
    out.choices = [encodeChoice(res, first, dropped), ...(rawChoices?.slice(1) ?? [])];
  }
  if (res.usage !== undefined)
    out.usage = encodeUsage(res.usage, isObject(raw?.usage) ? raw.usage : undefined);
  if (res.service_tier === null || (res.service_tier !== undefined && raw !== undefined)) {
    out.service_tier = res.service_tier;
  } else if (res.service_tier !== undefined) {
    const tier = chatServiceTier(res.service_tier);
    if (tier !== undefined) out.service_tier = tier;
    else dropped.push({ path: "service_tier", reason: `no equivalent in ${FORMAT}` });
  }
  if (res.error != null) {
    dropped.push({ path: "error", reason: `${FORMAT} completions carry no error object` });
  }
  reportForeignRaw(res.interop, "chat", "", dropped, FORMAT);
  reportForeignInterop(res, "", dropped, true);
  const { choices: _c, ...rest } = raw ?? {};
  return { value: mergeResidue(out, rest) as ChatResponse, dropped };
}

function encodeChoice(res: IRResponse, residue: Residue | undefined, dropped: Dropped[]): JsonObject {
  const g = gather(res, dropped);
  const messageResidue = isObject(residue?.message) ? residue.message : undefined;
  const choice: JsonObject = { index: 0, message: buildMessage(g, messageResidue) };
  // A finish reason that was absent or not a string natively stays as it was.
  const keep =
    res.stop_reason === undefined &&
    (wasAbsent(residue, "finish_reason") || residue?.finish_reason !== undefined);
  if (!keep) choice.finish_reason = finishReason(res, g);
  // Responses always sends `logprobs: []`; an empty list only counts when Chat sent one.
  if (g.logprobs.length > 0 || (g.hasLogprobs && isObject(residue?.logprobs))) {
    choice.logprobs =
      residue?.logprobs === undefined ? { content: g.logprobs, refusal: null } : { content: g.logprobs };
  } else if (residue?.logprobs === undefined && !wasAbsent(residue, "logprobs")) choice.logprobs = null;
  return mergeResidue(choice, residue);
}

/**
 * The stop reason's Chat value; without one, tool calls, then the status, decide. A stop kind
 * from another format is kept as it is (a natural end with tool calls stays `stop`: the
 * decoder of that format decides whether its answer was waiting for tool results).
 */
function finishReason(res: IRResponse, g: Gathered): string {
  return chooseFinishReason(res, g.toolCalls.length, g.functionCall !== undefined);
}

/**
 * The Chat `finish_reason` for an answer holding `toolCalls` tool calls (and a legacy
 * `function_call` when `legacyCall`); shared by the non-streaming and the stream encoder.
 */
export function chooseFinishReason(res: IRResponse, toolCalls: number, legacyCall: boolean): string {
  const native = encodeFinishReason(res.stop_reason);
  const legacy = legacyCall && toolCalls === 0;
  if (native !== undefined) {
    const foreign = res.stop_reason?.native?.format !== FORMAT;
    return native === "tool_calls" && legacy && foreign ? "function_call" : native;
  }
  if (toolCalls > 0) return "tool_calls";
  if (legacy) return "function_call";
  return res.status === "incomplete" ? "length" : "stop";
}

function gather(res: IRResponse, dropped: Dropped[]): Gathered {
  const g: Gathered = {
    text: [],
    hasText: false,
    annotations: [],
    logprobs: [],
    hasLogprobs: false,
    refusal: [],
    toolCalls: [],
    extra: {},
  };
  let offset = 0;
  let joined = "";
  res.output.forEach((item, k) => {
    const path = `output[${k}]`;
    const it = item as unknown as JsonObject;
    const raw = chatRaw(it);
    const native = opaqueNative(it, "chat");
    if (isObject(native)) {
      Object.assign(g.extra, native);
      return;
    }
    if (isOpaque(it)) {
      dropped.push({ path, reason: `a native element of another format with no equivalent in ${FORMAT}` });
      return;
    }
    if (it.type !== "reasoning") reportForeignInterop(it, path, dropped);
    switch (it.type) {
      case "message":
        (Array.isArray(it.content) ? it.content : []).forEach((p, i) => {
          const pp = `${path}.content[${i}]`;
          if (!isObject(p)) return;
          reportForeignInterop(p, pp, dropped);
          if (p.type === "output_text") {
            const part = p as unknown as ResponseOutputText;
            const sep = separator(joined, part.text, i === 0);
            offset += sep.length;
            joined += sep + part.text;
            g.text.push(sep, part.text);
            g.hasText = true;
            g.annotations.push(
              ...encodeAnnotations(part.annotations ?? [], offset, `${pp}.annotations`, dropped),
            );
            if (part.logprobs !== undefined) {
              g.hasLogprobs = true;
              g.logprobs.push(...encodeLogprobs(part.logprobs));
            }
            offset += part.text.length;
          } else if (p.type === "refusal") g.refusal.push(String(p.refusal));
          else dropped.push({ path: pp, reason: `${String(p.type)} has no equivalent in ${FORMAT}` });
        });
        return;
      case "function_call": {
        const fn = { name: it.name, arguments: it.arguments };
        if (raw?.$function_call === true) g.functionCall = fn;
        else g.toolCalls.push(mergeResidue({ id: it.call_id, type: "function", function: fn }, raw));
        return;
      }
      case "custom_tool_call":
        g.toolCalls.push(
          mergeResidue({ id: it.call_id, type: "custom", custom: { name: it.name, input: it.input } }, raw),
        );
        return;
      case "reasoning":
        dropped.push({ path, reason: `reasoning items have no equivalent in ${FORMAT}` });
        return;
      default:
        dropped.push({ path, reason: `${String(it.type)} items have no equivalent in ${FORMAT}` });
    }
  });
  return g;
}

function buildMessage(g: Gathered, residue: Residue | undefined): JsonObject {
  const msg: JsonObject = { role: "assistant" };
  if (g.hasText) msg.content = g.text.join("");
  else if (residue?.content === undefined && !wasAbsent(residue, "content")) msg.content = null;
  if (g.refusal.length > 0) msg.refusal = g.refusal.join("");
  else if (residue?.refusal === undefined && !wasAbsent(residue, "refusal")) msg.refusal = null;
  if (
    g.annotations.length > 0 ||
    (residue?.annotations === undefined && !wasAbsent(residue, "annotations"))
  ) {
    msg.annotations = g.annotations;
  }
  Object.assign(msg, g.extra);
  if (g.toolCalls.length > 0) msg.tool_calls = g.toolCalls;
  if (g.functionCall !== undefined) msg.function_call = g.functionCall;
  return mergeResidue(msg, residue);
}
