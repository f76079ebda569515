import type { Dropped } from "../../ir/dropped.ts";
import type { ResponseInputItem } from "../../ir/openai-types.ts";
import { isObject, type JsonObject } from "../validate.ts";
import { decodeInputPart, encodeInputPart, type IRInputPart } from "./content.ts";
import { asArray, asString, field } from "./proto-json.ts";
import type { FunctionCall, Part } from "./types.ts";

type FunctionCallOutput = ResponseInputItem.FunctionCallOutput;

/**
 * Gemini often omits `functionCall.id` (the Developer API never sends one; Vertex and some
 * clients do). The IR needs a `call_id` that is unique in the conversation and deterministic,
 * so one is derived from where the call sits (and the response id when there is one):
 * `call_<ordinal>_<name>` or `call_<responseId>_<ordinal>_<name>`. A derived id is recognised
 * on the way back and not sent, so Gemini sees the call as it made it.
 * @see https://ai.google.dev/api/caching#FunctionCall
 */
export function deriveCallId(name: string, ordinal: number, responseId?: string): string {
  const prefix = responseId === undefined || responseId === "" ? "call" : `call_${safe(responseId)}`;
  return `${prefix}_${ordinal}_${safe(name)}`;
}

/** Whether `callId` is one `deriveCallId` made for a call named `name`. */
export function isDerivedCallId(callId: string, name: string): boolean {
  const suffix = `_${safe(name)}`;
  if (!callId.startsWith("call_") || !callId.endsWith(suffix)) return false;
  return /^call_(?:[A-Za-z0-9_-]+_)?\d+$/.test(callId.slice(0, -suffix.length));
}

/** Other providers restrict ids to `[A-Za-z0-9_-]` (Anthropic); Gemini names may hold `.` and `:`. */
function safe(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]/g, "_");
}

/** IR `arguments` (a JSON string) from `args`, or from streamed `partialArgs` when only those came. */
export function argumentsOf(fc: JsonObject): string {
  if (isObject(fc.args)) return JSON.stringify(fc.args);
  const partial = asArray(field(fc, "partialArgs"));
  return JSON.stringify(partial === undefined ? {} : assemblePartialArgs(partial));
}

/**
 * Rebuilds an object from Vertex `streamFunctionCallArguments` pieces: each sets the value at
 * a JSONPath (`$.a.b[0]`); string values with `willContinue` are continued by the next piece.
 * @see https://cloud.google.com/vertex-ai/generative-ai/docs/multimodal/function-calling#streaming-arguments
 */
export function assemblePartialArgs(pieces: unknown[]): JsonObject {
  const root: JsonObject = {};
  for (const p of pieces) {
    if (!isObject(p)) continue;
    const path = parseJsonPath(asString(field(p, "jsonPath")) ?? "$");
    if (path.length === 0) continue;
    const value =
      field(p, "stringValue") ??
      field(p, "numberValue") ??
      field(p, "boolValue") ??
      (field(p, "nullValue") !== undefined ? null : undefined);
    setAt(root, path, value);
  }
  return root;
}

function parseJsonPath(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  const re = /\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/g;
  for (const m of path.replace(/^\$/, "").matchAll(re)) {
    if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push((m[1] ?? m[3] ?? m[4])!);
  }
  return out;
}

function setAt(root: JsonObject, path: Array<string | number>, value: unknown): void {
  let cur: Record<string | number, unknown> = root;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      const prev = cur[key];
      cur[key] = typeof prev === "string" && typeof value === "string" ? prev + value : value;
      return;
    }
    const next = path[i + 1];
    if (typeof cur[key] !== "object" || cur[key] === null) cur[key] = typeof next === "number" ? [] : {};
    cur = cur[key] as Record<string | number, unknown>;
  });
}

/** IR `arguments` back into `args`; a non-object is reported and sent as `{}` (args is a Struct). */
export function argsOf(args: string, path: string, dropped: Dropped[]): Record<string, unknown> {
  if (args.trim() === "") return {};
  try {
    const v: unknown = JSON.parse(args);
    if (isObject(v)) return v;
  } catch {
    // fall through
  }
  dropped.push({ path, reason: "Gemini function call args must be a JSON object" });
  return {};
}

/** A `functionCall` for an IR call, with the id only when it is not one we derived. */
export function encodeFunctionCall(
  name: string,
  callId: string,
  args: string,
  raw: JsonObject | undefined,
  path: string,
  dropped: Dropped[],
): FunctionCall {
  const fc: FunctionCall & JsonObject = { ...(isObject(raw?.functionCall) ? raw.functionCall : {}), name };
  const parsed = argsOf(args, `${path}.arguments`, dropped);
  const partial = asArray(fc.partialArgs);
  // A call that came as streamed pieces goes back as them, unless the arguments were changed.
  if (partial === undefined || args !== JSON.stringify(assemblePartialArgs(partial))) fc.args = parsed;
  if (callId !== "" && !isDerivedCallId(callId, name)) fc.id = callId;
  return fc;
}

/**
 * The JSON object a tool result string is, when it is one written exactly as `JSON.stringify`
 * writes it: then the object and the text are interchangeable and nothing (not even spacing)
 * changes on the way through Gemini's Struct. Other JSON-looking text travels as a string.
 */
function jsonObjectIn(s: string): JsonObject | undefined {
  if (!s.startsWith("{")) return undefined;
  try {
    const v: unknown = JSON.parse(s);
    return isObject(v) && JSON.stringify(v) === s ? v : undefined;
  } catch {
    return undefined;
  }
}

export interface DecodedOutput {
  output: FunctionCallOutput["output"];
  isError: boolean;
  /** The native `parts` when one of them has no IR form (they then travel verbatim). */
  rawParts?: unknown[];
}

/**
 * `functionResponse.response` (a Struct) into an IR tool result. Google's convention is
 * `{output: …}` for results and `{error: …}` for failures; a lone string `output`/`error` becomes
 * the IR string (error → `interop.is_error`), any other object its JSON text, so the mapping is
 * one-to-one both ways. Multimodal results (`parts`: images, files) follow the text as parts.
 * @see https://ai.google.dev/api/caching#FunctionResponse
 * @see https://ai.google.dev/gemini-api/docs/function-calling#multimodal
 */
export function decodeFunctionResponse(fr: JsonObject, path: string): DecodedOutput {
  const response = isObject(fr.response) ? fr.response : {};
  const keys = Object.keys(response);
  let text: string;
  let isError = false;
  const only = keys.length === 1 ? keys[0] : undefined;
  const value = only === undefined ? undefined : response[only];
  if (
    (only === "output" || only === "error") &&
    typeof value === "string" &&
    jsonObjectIn(value) === undefined
  ) {
    text = value;
    isError = only === "error";
  } else {
    text = JSON.stringify(response);
    isError = "error" in response && !("output" in response);
  }
  const parts = asArray(fr.parts);
  if (parts === undefined) return { output: text, isError };
  const list: IRInputPart[] = [{ type: "input_text", text }];
  for (const [i, p] of parts.entries()) {
    const part = isObject(p) ? decodeInputPart(p, `${path}.parts[${i}]`) : undefined;
    if (part === undefined || part.type === "input_text") return { output: text, isError, rawParts: parts };
    list.push(part);
  }
  return { output: list as FunctionCallOutput["output"], isError };
}

/** An IR tool result into `response` (+ `parts` for images and files). */
export function encodeFunctionResponse(
  output: FunctionCallOutput["output"],
  isError: boolean,
  path: string,
  dropped: Dropped[],
): { response: Record<string, unknown>; parts?: Part[] } {
  let text: string;
  const parts: Part[] = [];
  if (typeof output === "string") text = output;
  else {
    const texts: string[] = [];
    output.forEach((p, i) => {
      if (p.type === "input_text") {
        texts.push(p.text);
        return;
      }
      const part = encodeInputPart(p as IRInputPart, `${path}.output[${i}]`, dropped);
      if (part !== undefined) parts.push(part);
    });
    text = texts.join("");
  }
  const obj = jsonObjectIn(text);
  let response: Record<string, unknown>;
  if (obj !== undefined) response = isError && !("error" in obj) ? { error: obj } : obj;
  else response = isError ? { error: text } : { output: text };
  return parts.length > 0 ? { response, parts } : { response };
}
