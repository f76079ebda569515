import type { Dropped, Translated } from "../../ir/dropped.ts";
import type { WithInterop } from "../../ir/interop.ts";
import type { ResponseFormatTextConfig } from "../../ir/openai-types.ts";
import { type IRRequest, inputItems } from "../../ir/request.ts";
import { reportForeignRaw } from "../interop-carry.ts";
import {
  at,
  expectArray,
  expectInteger,
  expectNumber,
  expectObject,
  expectString,
  isObject,
  type JsonObject,
} from "../validate.ts";
import type { RequestContext } from "../wire-format.ts";
import { decodeContents, decodeSystemInstruction, encodeContents } from "./history.ts";
import { field, jsonEqual, keyOf, knownFields, residual } from "./proto-json.ts";
import { decodeThinkingConfig, encodeThinkingConfig } from "./reasoning.ts";
import { geminiToJsonSchema } from "./schema.ts";
import { decodeToolConfig, decodeTools, encodeSchema, encodeToolConfig, encodeTools } from "./tools.ts";
import type { GeminiGenerationConfig, GeminiRequestBody, GeminiSchema } from "./types.ts";

const TOP_FIELDS = knownFields("contents", "systemInstruction", "tools", "toolConfig", "generationConfig");
const THINKING_FIELDS = knownFields("includeThoughts", "thinkingBudget", "thinkingLevel");
const JSON_MIME = "application/json";
/** The `text.format.name` given to a Gemini response schema, which has no name of its own. */
const DEFAULT_FORMAT_NAME = "response";

/** Sampling fields: native name, IR name, whether it must be an integer. */
const SAMPLING = [
  ["temperature", "temperature", false],
  ["topP", "top_p", false],
  ["topK", "top_k", true],
  ["candidateCount", "n", true],
  ["maxOutputTokens", "max_output_tokens", true],
  ["seed", "seed", true],
  ["presencePenalty", "presence_penalty", false],
  ["frequencyPenalty", "frequency_penalty", false],
] as const;

/**
 * A generateContent body into the IR. The model and streaming come from the URL (`ctx`).
 * What the IR has no slot for (`safetySettings`, `cachedContent`, `labels`, built-in tools,
 * `responseModalities`, …) is kept in `interop.gemini.raw` under its native key.
 * @see https://ai.google.dev/api/generate-content#request-body
 */
export function decodeRequest(body: unknown, ctx?: RequestContext): Translated<IRRequest> {
  const b = expectObject(body, "");
  const req: IRRequest = {};
  if (ctx?.model !== undefined) req.model = ctx.model;
  if (ctx?.stream !== undefined) req.stream = ctx.stream;
  const raw: JsonObject = { ...residual(b, TOP_FIELDS) };
  const input = [];
  const si = field(b, "systemInstruction");
  if (si !== undefined && si !== null) input.push(decodeSystemInstruction(si, keyOf(b, "systemInstruction")));
  input.push(...decodeContents(field(b, "contents"), keyOf(b, "contents")));
  req.input = input;
  const tools = field(b, "tools");
  if (tools !== undefined && tools !== null) {
    const decoded = decodeTools(tools, keyOf(b, "tools"), ctx?.model);
    req.tools = decoded.tools;
    if (decoded.residual !== undefined) raw.tools = decoded.residual;
  }
  const tc = field(b, "toolConfig");
  if (tc !== undefined && tc !== null) {
    const decoded = decodeToolConfig(expectObject(tc, keyOf(b, "toolConfig")), keyOf(b, "toolConfig"));
    if (decoded.tool_choice !== undefined) req.tool_choice = decoded.tool_choice;
    if (decoded.residual !== undefined) raw.toolConfig = decoded.residual;
  }
  const gc = field(b, "generationConfig");
  if (gc !== undefined && gc !== null) {
    const path = keyOf(b, "generationConfig");
    const rest = decodeGenerationConfig(expectObject(gc, path), path, req);
    if (rest !== undefined) raw.generationConfig = rest;
  }
  if (Object.keys(raw).length > 0) req.interop = { gemini: { raw } };
  return { value: req, dropped: [] };
}

/**
 * `generationConfig` into IR fields; returns what has no IR slot.
 * @see https://ai.google.dev/api/generate-content#generationconfig
 */
function decodeGenerationConfig(gc: JsonObject, path: string, req: IRRequest): JsonObject | undefined {
  const known = new Set<string>();
  const take = (name: string): unknown => {
    const key = keyOf(gc, name);
    known.add(key);
    return gc[key];
  };
  const ir = req as Record<string, unknown>;
  for (const [native, irName, integer] of SAMPLING) {
    const v = take(native);
    if (v === undefined || v === null) continue;
    const p = at(path, keyOf(gc, native));
    ir[irName] = integer ? expectInteger(v, p) : expectNumber(v, p);
  }
  const stop = take("stopSequences");
  if (stop !== undefined && stop !== null) {
    const p = at(path, keyOf(gc, "stopSequences"));
    req.stop = expectArray(stop, p).map((s, i) => expectString(s, at(p, i)));
  }
  const format = decodeResponseFormat(gc);
  if (format !== undefined) {
    req.text = { format };
    for (const k of ["responseMimeType", "responseSchema", "responseJsonSchema"]) take(k);
  }
  const tcValue = take("thinkingConfig");
  let rest = residual(gc, known);
  if (tcValue !== undefined && tcValue !== null) {
    const tp = at(path, keyOf(gc, "thinkingConfig"));
    const tc = expectObject(tcValue, tp);
    const reasoning = decodeThinkingConfig(tc, tp);
    if (reasoning !== undefined) req.reasoning = reasoning;
    const tcRest = residual(tc, THINKING_FIELDS);
    if (tcRest !== undefined) rest = { ...rest, thinkingConfig: tcRest };
  }
  return rest;
}

/**
 * `responseMimeType` + `responseJsonSchema`/`responseSchema` into `text.format`: JSON with a
 * schema → json_schema (the native OpenAPI schema kept on the format for the way back), JSON
 * alone → json_object, `text/plain` → text. Other MIME types (`text/x.enum`) stay raw.
 * @see https://ai.google.dev/gemini-api/docs/structured-output
 */
function decodeResponseFormat(gc: JsonObject): WithInterop<ResponseFormatTextConfig> | undefined {
  const mime = field(gc, "responseMimeType");
  const jsonSchema = field(gc, "responseJsonSchema");
  const schema = field(gc, "responseSchema");
  if (mime === JSON_MIME) {
    if (isObject(jsonSchema) && schema === undefined) {
      return { type: "json_schema", name: formatName(jsonSchema), schema: jsonSchema };
    }
    if (isObject(schema) && jsonSchema === undefined) {
      const converted = geminiToJsonSchema(schema);
      return {
        type: "json_schema",
        name: formatName(converted),
        schema: converted,
        interop: { gemini: { raw: { responseSchema: schema } } },
      };
    }
    if (schema === undefined && jsonSchema === undefined) return { type: "json_object" };
    return undefined;
  }
  if (mime === "text/plain" && schema === undefined && jsonSchema === undefined) return { type: "text" };
  return undefined;
}

function formatName(schema: JsonObject): string {
  return typeof schema.title === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(schema.title)
    ? schema.title
    : DEFAULT_FORMAT_NAME;
}

/** IR fields that mean nothing to Gemini when they hold these values. */
const NO_OP: Readonly<Record<string, (v: unknown) => boolean>> = {
  parallel_tool_calls: (v) => v === true,
  background: (v) => v === false,
  // Gemini streams always carry usage.
  stream_options: () => true,
  service_tier: (v) => v === "auto" || v === "default",
  truncation: (v) => v === "disabled",
};

const HANDLED = new Set([
  "model",
  "input",
  "instructions",
  "stream",
  "tools",
  "tool_choice",
  "reasoning",
  "text",
  "stop",
  "interop",
  ...SAMPLING.map(([, irName]) => irName),
]);

/**
 * The IR as a generateContent body (the model goes in the URL: the transport reads `req.model`).
 * @see https://ai.google.dev/api/generate-content#request-body
 */
export function encodeRequest(req: IRRequest): Translated<GeminiRequestBody> {
  const dropped: Dropped[] = [];
  const raw = req.interop?.gemini?.raw;
  reportForeignRaw(req.interop, "gemini", "", dropped, "gemini");
  const history = encodeContents(req.instructions, inputItems(req), req.model, dropped);
  const { tools: rawTools, toolConfig: rawToolConfig, generationConfig: rawGc, ...rawTop } = raw ?? {};
  const body: GeminiRequestBody = { ...rawTop, contents: history.contents };
  if (history.systemInstruction !== undefined) body.systemInstruction = history.systemInstruction;
  const tools = encodeTools(req.tools ?? [], rawTools, req.model, dropped);
  if (tools.length > 0) body.tools = tools;
  const toolConfig = encodeToolConfig(req.tool_choice ?? undefined, rawToolConfig, dropped);
  if (toolConfig !== undefined) body.toolConfig = toolConfig;
  // Always present, even empty, as the official SDKs write it.
  body.generationConfig = encodeGenerationConfig(req, rawGc, dropped);
  for (const [k, v] of Object.entries(req)) {
    if (HANDLED.has(k) || v === undefined || v === null || NO_OP[k]?.(v)) continue;
    dropped.push({ path: k, reason: "no equivalent in gemini" });
  }
  return { value: body, dropped };
}

/** @see https://ai.google.dev/api/generate-content#generationconfig */
function encodeGenerationConfig(req: IRRequest, rawGc: unknown, dropped: Dropped[]): GeminiGenerationConfig {
  const gc: GeminiGenerationConfig = isObject(rawGc) ? { ...rawGc } : {};
  const ir = req as Record<string, unknown>;
  for (const [native, irName] of SAMPLING) {
    const v = ir[irName];
    if (typeof v === "number") gc[native] = v;
  }
  if (req.stop !== undefined) gc.stopSequences = req.stop;
  const format = req.text?.format as WithInterop<ResponseFormatTextConfig> | undefined;
  if (format !== undefined) encodeResponseFormat(format, req.model, gc, dropped);
  if (req.text?.verbosity != null) {
    dropped.push({ path: "text.verbosity", reason: "no equivalent in gemini" });
  }
  if (req.reasoning != null) {
    const tc = encodeThinkingConfig(req.reasoning, req.model, dropped);
    if (tc !== undefined)
      gc.thinkingConfig = { ...(isObject(gc.thinkingConfig) ? gc.thinkingConfig : {}), ...tc };
  }
  return gc;
}

/** @see https://ai.google.dev/gemini-api/docs/structured-output */
function encodeResponseFormat(
  format: WithInterop<ResponseFormatTextConfig>,
  model: string | undefined,
  gc: GeminiGenerationConfig,
  dropped: Dropped[],
): void {
  switch (format.type) {
    case "text":
      gc.responseMimeType = "text/plain";
      return;
    case "json_object":
      gc.responseMimeType = JSON_MIME;
      return;
    case "json_schema": {
      gc.responseMimeType = JSON_MIME;
      const native = format.interop?.gemini?.raw?.responseSchema;
      if (isObject(native) && jsonEqual(geminiToJsonSchema(native), format.schema)) {
        gc.responseSchema = native as GeminiSchema;
      } else {
        const s = encodeSchema(format.schema, "text.format.schema", model, dropped);
        if (s.native !== undefined) gc.responseSchema = s.native;
        else gc.responseJsonSchema = s.json;
      }
      if (format.name !== formatName(format.schema)) {
        dropped.push({ path: "text.format.name", reason: "a Gemini response schema has no name" });
      }
      if (format.description !== undefined) {
        dropped.push({
          path: "text.format.description",
          reason: "a Gemini response schema has no description",
        });
      }
      return;
    }
    default: {
      const never: never = format;
      dropped.push({ path: "text.format", reason: `unknown format ${JSON.stringify(never)}` });
    }
  }
}
