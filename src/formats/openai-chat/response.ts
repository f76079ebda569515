import type { Translated } from "../../ir/dropped.ts";
import { SwitchyardError } from "../../ir/error.ts";
import { opaqueItem } from "../../ir/opaque.ts";
import type { IROutputItem } from "../../ir/request.ts";
import type { IRResponse } from "../../ir/response.ts";
import {
  at,
  describe,
  expectArray,
  expectNumber,
  expectObject,
  expectString,
  isObject,
  type JsonObject,
  unknownKeys,
} from "../validate.ts";
import { decodeAnnotations, decodeLogprobs } from "./annotations.ts";
import { decodeError } from "./error.ts";
import { decodeFinishReason } from "./finish-reason.ts";
import { type Residue, residueOf } from "./residue.ts";
import { encodeResponse } from "./response-encode.ts";
import { FORMAT } from "./types.ts";
import { decodeUsage } from "./usage.ts";

export { encodeResponse };

const TOP_KEYS = new Set(["id", "object", "created", "model", "choices", "usage", "service_tier"]);
const CHOICE_KEYS = new Set(["index", "message", "finish_reason", "logprobs"]);
const MESSAGE_KEYS = new Set([
  "role",
  "content",
  "refusal",
  "annotations",
  "audio",
  "tool_calls",
  "function_call",
]);

/**
 * Chat completion → IR response. The first choice is the answer: its message becomes an
 * assistant `message` item (content as `output_text`, with annotations and logprobs, and the
 * refusal as a `refusal` part), followed by its tool calls in order; model audio becomes an
 * opaque item. Everything the IR has no slot for stays in `interop.chat.raw`, shaped like the
 * native body: `system_fingerprint`, the other choices of an `n > 1` request, usage details,
 * and which optional fields were absent, so a same-format round trip is exact.
 * @see https://platform.openai.com/docs/api-reference/chat/object
 */
export function decodeResponse(body: unknown): Translated<IRResponse> {
  try {
    return { value: decode(body), dropped: [] };
  } catch (e) {
    // A malformed upstream answer is the upstream's fault, not the caller's: a 502.
    if (e instanceof SwitchyardError && e.kind === "invalid_request") {
      throw new SwitchyardError({
        kind: "server",
        status: 502,
        message: `malformed ${FORMAT} response: ${e.message}`,
        ...(e.param === undefined ? {} : { param: e.param }),
        source: FORMAT,
        raw: body,
      });
    }
    throw e;
  }
}

function decode(body: unknown): IRResponse {
  const b = expectObject(body, "");
  if (b.error != null) throw decodeError(200, b);
  const id = expectString(b.id, "id");
  const raw: Residue = { ...unknownKeys(b, TOP_KEYS) };
  const absent: string[] = [];
  if (b.object === undefined) absent.push("object");
  else if (b.object !== "chat.completion") raw.object = b.object;
  const res: IRResponse = { id, model: expectString(b.model, "model"), status: "completed", output: [] };
  if (b.created !== undefined) res.created_at = expectNumber(b.created, "created");
  if (b.service_tier !== undefined) {
    res.service_tier = b.service_tier === null ? null : expectString(b.service_tier, "service_tier");
  }
  if (b.usage !== undefined && b.usage !== null) {
    const { usage, residue } = decodeUsage(expectObject(b.usage, "usage"));
    res.usage = usage;
    if (residue !== undefined) raw.usage = residue;
  } else if (b.usage === null) raw.usage = null;

  const choices = expectArray(b.choices, "choices");
  if (choices.length === 0) raw.choices = [];
  else {
    const first = decodeChoice(choices[0], "choices[0]", id);
    res.output = first.output;
    if (first.stop !== undefined) {
      res.stop_reason = decodeFinishReason(first.stop);
      // OpenAI ends a refusal with a plain `stop`; the refusal text says what happened.
      if (first.stop === "stop" && first.refused) res.stop_reason.kind = "refusal";
      if (first.stop === "length" || first.stop === "content_filter") res.status = "incomplete";
    }
    raw.choices = [first.residue, ...choices.slice(1)];
  }
  if (absent.length > 0) raw.$absent = absent;
  res.interop = { chat: { raw } };
  return res;
}

interface DecodedChoice {
  output: IROutputItem[];
  stop: string | undefined;
  refused: boolean;
  residue: Residue;
}

function decodeChoice(v: unknown, path: string, responseId: string): DecodedChoice {
  const c = expectObject(v, path);
  const residue: Residue = { ...unknownKeys(c, CHOICE_KEYS) };
  const absent: string[] = [];
  if (c.index !== 0) residue.index = c.index;
  let stop: string | undefined;
  if (typeof c.finish_reason === "string") stop = c.finish_reason;
  else if (c.finish_reason === undefined) absent.push("finish_reason");
  else residue.finish_reason = c.finish_reason;

  const m = expectObject(c.message, at(path, "message"));
  const {
    output,
    residue: messageResidue,
    textPart,
  } = decodeMessage(m, at(path, "message"), responseId, stop);
  residue.message = messageResidue;

  if (c.logprobs === undefined) absent.push("logprobs");
  else if (!isObject(c.logprobs)) residue.logprobs = c.logprobs;
  else {
    const { content, ...rest } = c.logprobs;
    const mapped = Array.isArray(content) && textPart !== undefined ? decodeLogprobs(content) : undefined;
    if (mapped !== undefined && textPart !== undefined) {
      textPart.logprobs = mapped;
      residue.logprobs = rest;
    } else residue.logprobs = c.logprobs;
  }
  if (absent.length > 0) residue.$absent = absent;
  return { output, stop, residue, refused: typeof m.refusal === "string" };
}

function decodeMessage(
  m: JsonObject,
  path: string,
  responseId: string,
  stop: string | undefined,
): { output: IROutputItem[]; residue: Residue; textPart: JsonObject | undefined } {
  const residue: Residue = { ...unknownKeys(m, MESSAGE_KEYS) };
  const absent: string[] = [];
  if (m.role !== "assistant") residue.role = m.role;
  const parts: JsonObject[] = [];
  let textPart: JsonObject | undefined;

  if (typeof m.content === "string") {
    textPart = { type: "output_text", text: m.content, annotations: [] };
    parts.push(textPart);
  } else if (m.content === undefined) absent.push("content");
  else if (m.content !== null) throw invalidContent(at(path, "content"), m.content);

  if (Array.isArray(m.annotations)) {
    const mapped = textPart === undefined ? undefined : decodeAnnotations(m.annotations);
    if (mapped !== undefined && textPart !== undefined) textPart.annotations = mapped;
    else if (m.annotations.length > 0 || textPart === undefined) residue.annotations = m.annotations;
  } else if (m.annotations === undefined) absent.push("annotations");
  else residue.annotations = m.annotations;

  if (typeof m.refusal === "string") parts.push({ type: "refusal", refusal: m.refusal });
  else if (m.refusal === undefined) absent.push("refusal");
  else if (m.refusal !== null) residue.refusal = m.refusal;

  const output: IROutputItem[] = [];
  if (parts.length > 0) {
    output.push({
      type: "message",
      id: `msg_${responseId}_0`,
      role: "assistant",
      status: stop === "length" ? "incomplete" : "completed",
      content: parts,
    } as unknown as IROutputItem);
  }
  if (isObject(m.audio)) output.push(opaqueItem("chat", `audio_${responseId}_0`, { audio: m.audio }));
  else if (m.audio !== undefined) residue.audio = m.audio;

  if (Array.isArray(m.tool_calls)) {
    if (m.tool_calls.length === 0) residue.tool_calls = [];
    m.tool_calls.forEach((tc, i) => {
      output.push(decodeToolCall(tc, at(at(path, "tool_calls"), i)));
    });
  } else if (m.tool_calls !== undefined) residue.tool_calls = m.tool_calls;

  if (isObject(m.function_call)) {
    const fp = at(path, "function_call");
    const name = expectString(m.function_call.name, at(fp, "name"));
    const call_id = `call_${responseId}`;
    output.push({
      type: "function_call",
      id: `fc_${call_id}`,
      call_id,
      name,
      arguments: expectString(m.function_call.arguments, at(fp, "arguments")),
      status: "completed",
      interop: { chat: { raw: { $function_call: true } } },
    });
  } else if (m.function_call !== undefined) residue.function_call = m.function_call;
  if (absent.length > 0) residue.$absent = absent;
  return { output, residue, textPart };
}

function invalidContent(path: string, v: unknown): SwitchyardError {
  return new SwitchyardError({
    kind: "invalid_request",
    message: `${path}: expected a string or null, got ${describe(v)}`,
    param: path,
  });
}

function decodeToolCall(v: unknown, path: string): IROutputItem {
  const c = expectObject(v, path);
  const call_id = expectString(c.id, at(path, "id"));
  const extra = unknownKeys(c, new Set(["id", "type", "function", "custom"]));
  if (c.type === "custom") {
    const cp = at(path, "custom");
    const f = expectObject(c.custom, cp);
    return {
      type: "custom_tool_call",
      id: `ctc_${call_id}`,
      call_id,
      name: expectString(f.name, at(cp, "name")),
      input: expectString(f.input, at(cp, "input")),
      ...withResidue(residueOf({ ...extra })),
    } as IROutputItem;
  }
  const fp = at(path, "function");
  const f = expectObject(c.function, fp);
  return {
    type: "function_call",
    id: `fc_${call_id}`,
    call_id,
    name: expectString(f.name, at(fp, "name")),
    arguments: expectString(f.arguments, at(fp, "arguments")),
    status: "completed",
    ...withResidue(residueOf({ ...extra, ...(c.type === "function" ? {} : { type: c.type }) })),
  } as IROutputItem;
}

function withResidue(raw: Residue | undefined): JsonObject {
  return raw === undefined ? {} : { interop: { chat: { raw } } };
}
