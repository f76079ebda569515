import { createHash } from "node:crypto";
import { deriveCallId } from "../formats/gemini/function-calls.ts";
import { isObject } from "../formats/validate.ts";
import type { Interop } from "../ir/interop.ts";
import type { FunctionTool, ResponseReasoningItem } from "../ir/openai-types.ts";
import { type IRInputItem, type IROutputItem, type IRRequest, inputItems } from "../ir/request.ts";
import type { IRResponse } from "../ir/response.ts";
import type { FormatId } from "../ir/stop-reason.ts";
import type { Usage } from "../ir/usage.ts";
import { valueFromSchema } from "./schema-value.ts";

export interface AnswerOptions {
  /** The wire format the answer will be encoded to (ids and opaque state follow it). */
  format: FormatId;
  /** Unix seconds for `created_at`; left out when not given (the answer stays pure). */
  created?: number;
}

/**
 * The simulator's model: a deterministic answer derived from the request alone, so tests
 * can predict it and a benchmark gets the same bytes every run.
 *
 * - tools offered, `tool_choice` not `"none"`, and the last input item not a tool result →
 *   a call to the first function tool (the one `tool_choice` names, when it names one), and
 *   to the second as well when `parallel_tool_calls` is not false; arguments from the
 *   tool's JSON Schema (schema-value.ts);
 * - the last input item a tool result → `Tool result: <output>`;
 * - structured output (`text.format` json_schema / json_object) → JSON from the schema;
 * - else `Echo: <last user text>` (images, files and audio noted as `[image]`, …).
 * Reasoning, when asked for, comes first: a summary `Thinking about: <last user text>`, with
 * opaque state only where `format` carries it (Anthropic signature, Gemini thought
 * signature, Responses `encrypted_content` when `include` asks for it).
 */
export function answer(req: IRRequest, opts: AnswerOptions): IRResponse {
  const { format } = opts;
  const items = inputItems(req);
  const h = requestHash(req);
  const ids = idsFor(format, h);
  const userText = lastUserText(items);
  const output: IROutputItem[] = [];
  let reasoningChars = 0;

  if (wantsReasoning(req)) {
    const summary = `Thinking about: ${userText}`;
    reasoningChars = summary.length;
    output.push(reasoningItem(req, format, ids.reasoning, summary, h));
  }

  let outChars = 0;
  const results = trailingToolResults(items);
  const calls = results === undefined ? toolsToCall(req) : [];
  if (calls.length > 0) {
    calls.forEach((tool, i) => {
      const args = JSON.stringify(valueFromSchema(tool.parameters ?? { type: "object" }, userText));
      outChars += tool.name.length + args.length;
      output.push({
        type: "function_call",
        id: `fc_${h}_${i}`,
        call_id: ids.call(tool.name, i),
        name: tool.name,
        arguments: args,
        status: "completed",
      });
    });
  } else {
    const text =
      results !== undefined
        ? `Tool result: ${results.join("\n")}`
        : (structuredText(req, userText) ?? `Echo: ${userText}`);
    outChars = text.length;
    output.push({
      type: "message",
      id: ids.message,
      role: "assistant",
      status: "completed",
      content: [{ type: "output_text", text, annotations: [], logprobs: [] }],
    });
  }

  const reasoningTokens = reasoningChars > 0 ? tokens(reasoningChars) : undefined;
  const input = countInputTokens(req);
  const outputTokens = tokens(outChars) + (reasoningTokens ?? 0);
  const usage: Usage = {
    input_tokens: input,
    output_tokens: outputTokens,
    total_tokens: input + outputTokens,
    ...(reasoningTokens === undefined ? {} : { reasoning_tokens: reasoningTokens }),
  };
  return {
    id: ids.response,
    model: req.model ?? "simulator",
    ...(opts.created === undefined ? {} : { created_at: opts.created }),
    status: "completed",
    output,
    stop_reason: { kind: calls.length > 0 ? "tool_use" : "end_turn" },
    usage,
  };
}

/** ≈ 4 characters a token, never 0 for non-empty text. */
export function tokens(chars: number): number {
  return Math.ceil(chars / 4);
}

/** Input tokens as the simulator counts them (usage and Anthropic `count_tokens` agree). */
export function countInputTokens(req: IRRequest): number {
  let chars = textLength(req.instructions);
  for (const item of inputItems(req)) chars += textLength(item);
  for (const tool of req.tools ?? []) chars += JSON.stringify(tool).length;
  return Math.max(1, tokens(chars));
}

/** The characters of every string that reaches the model (text, arguments, outputs). */
function textLength(v: unknown): number {
  if (typeof v === "string") return v.length;
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + textLength(x), 0);
  if (!isObject(v)) return 0;
  let n = 0;
  for (const key of ["text", "content", "arguments", "output", "name", "summary", "refusal"]) {
    if (key in v) n += textLength(v[key]);
  }
  if (v.type === "input_image") n += PLACEHOLDER.input_image!.length;
  return n;
}

/** 24 hex digits of the request's SHA-256 (streaming aside): the seed of every id in the answer. */
export function requestHash(req: IRRequest): string {
  // Streamed or not, the same question gets the same answer (and ids).
  const { stream: _s, stream_options: _o, ...rest } = req;
  return createHash("sha256").update(JSON.stringify(rest)).digest("hex").slice(0, 24);
}

interface Ids {
  response: string;
  message: string;
  reasoning: string;
  call(name: string, i: number): string;
}

/** Ids in the shape each provider uses, derived from the request hash. */
function idsFor(format: FormatId, hex: string): Ids {
  switch (format) {
    case "openai-responses":
      return {
        response: `resp_${hex}`,
        message: `msg_${hex}`,
        reasoning: `rs_${hex}`,
        call: (_name, i) => `call_${hex}${i}`,
      };
    case "openai-chat":
      return {
        response: `chatcmpl-${hex}`,
        message: `msg_${hex}`,
        reasoning: `rs_${hex}`,
        call: (_name, i) => `call_${hex}${i}`,
      };
    case "anthropic-messages":
      return {
        response: `msg_${hex}`,
        message: `msg_${hex}`,
        reasoning: `rs_${hex}`,
        call: (_name, i) => `toolu_${hex}${i}`,
      };
    case "gemini":
      // Gemini sends no call ids: derived ones are recognised by its encoder and left out.
      return {
        response: hex,
        message: `msg_${hex}_0`,
        reasoning: `rs_${hex}_0`,
        call: (name, i) => deriveCallId(name, i, hex),
      };
    default:
      return format satisfies never;
  }
}

const PLACEHOLDER: Readonly<Record<string, string>> = {
  input_image: "[image]",
  input_file: "[file]",
  input_audio: "[audio]",
};

/** The text of the last user message, non-text parts noted as `[image]`, `[file]`, `[audio]`. */
export function lastUserText(items: readonly IRInputItem[]): string {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]!;
    if (item.type !== undefined && item.type !== "message") continue;
    if (!("role" in item) || item.role !== "user") continue;
    const content: unknown = item.content;
    if (typeof content === "string") return content;
    if (!Array.isArray(content)) return "";
    const parts: string[] = [];
    for (const part of content) {
      if (!isObject(part)) continue;
      if (typeof part.text === "string") parts.push(part.text);
      else if (typeof part.type === "string" && PLACEHOLDER[part.type] !== undefined)
        parts.push(PLACEHOLDER[part.type]!);
    }
    return parts.join(" ");
  }
  return "";
}

/** The outputs of the tool results that end the input, or undefined when it ends otherwise. */
function trailingToolResults(items: readonly IRInputItem[]): string[] | undefined {
  const out: string[] = [];
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]!;
    if (item.type !== "function_call_output" && item.type !== "custom_tool_call_output") break;
    out.unshift(outputText(item.output));
  }
  return out.length === 0 ? undefined : out;
}

function outputText(output: unknown): string {
  if (typeof output === "string") return output;
  if (!Array.isArray(output)) return JSON.stringify(output ?? null);
  return output
    .map((p) =>
      isObject(p) && typeof p.text === "string" ? p.text : isObject(p) ? `[${String(p.type)}]` : "",
    )
    .join(" ");
}

/** The function tools to call: none when `tool_choice` is `"none"`, one or (parallel) two. */
function toolsToCall(req: IRRequest): FunctionTool[] {
  const choice = req.tool_choice;
  if (choice === "none") return [];
  let tools = (req.tools ?? []).filter(
    (t): t is FunctionTool & { interop?: Interop } => t.type === "function",
  );
  if (isObject(choice) && choice.type === "function" && typeof choice.name === "string") {
    const named = tools.find((t) => t.name === choice.name);
    return named === undefined ? [] : [named];
  }
  if (isObject(choice) && choice.type === "allowed_tools" && Array.isArray(choice.tools)) {
    const allowed = new Set(
      choice.tools.flatMap((t) => (isObject(t) && typeof t.name === "string" ? [t.name] : [])),
    );
    tools = tools.filter((t) => allowed.has(t.name));
  }
  if (tools.length === 0) return [];
  return req.parallel_tool_calls !== false && tools.length >= 2 ? tools.slice(0, 2) : tools.slice(0, 1);
}

/** Whether the request asks for reasoning: an effort other than none, or a thinking budget. */
export function wantsReasoning(req: IRRequest): boolean {
  const r = req.reasoning;
  if (r == null) return false;
  if (r.budget_tokens !== undefined) return r.budget_tokens !== 0;
  return r.effort != null && r.effort !== "none";
}

function structuredText(req: IRRequest, userText: string): string | undefined {
  const format = req.text?.format;
  if (format?.type === "json_schema") return JSON.stringify(valueFromSchema(format.schema, userText));
  if (format?.type === "json_object") return JSON.stringify({ text: userText });
  return undefined;
}

/** A reasoning item, with the opaque state `format` would carry (and only that). */
function reasoningItem(
  req: IRRequest,
  format: FormatId,
  id: string,
  summary: string,
  h: string,
): ResponseReasoningItem & { interop?: Interop } {
  const item: ResponseReasoningItem & { interop?: Interop } = {
    type: "reasoning",
    id,
    summary: [{ type: "summary_text", text: summary }],
  };
  const opaque = Buffer.from(`switchyard-simulator:${h}`).toString("base64");
  if (format === "anthropic-messages") {
    item.encrypted_content = opaque;
    item.interop = { anthropic: { origin: true } };
  } else if (format === "gemini") {
    item.interop = { gemini: { thoughtSignature: opaque } };
  } else if (format === "openai-responses" && req.include?.includes("reasoning.encrypted_content")) {
    item.encrypted_content = `gAAAAA${opaque}`;
  }
  return item;
}
