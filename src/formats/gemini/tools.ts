import type { Dropped } from "../../ir/dropped.ts";
import type { WithInterop } from "../../ir/interop.ts";
import type { FunctionTool, Tool, ToolChoiceFunction, ToolChoiceOptions } from "../../ir/openai-types.ts";
import type { IRRequest } from "../../ir/request.ts";
import {
  at,
  expectArray,
  expectObject,
  expectOneOf,
  expectString,
  expectStringOrStrings,
  isObject,
  type JsonObject,
} from "../validate.ts";
import { reportForeignInterop } from "./foreign-interop.ts";
import { field, jsonEqual, keyOf, knownFields, residual } from "./proto-json.ts";
import { acceptsJsonSchema } from "./reasoning.ts";
import { geminiToJsonSchema, jsonSchemaToGemini } from "./schema.ts";
import type {
  GeminiCallingMode,
  GeminiFunctionDeclaration,
  GeminiSchema,
  GeminiTool,
  GeminiToolConfig,
} from "./types.ts";

type IRTool = WithInterop<Tool>;
type IRToolChoice = NonNullable<IRRequest["tool_choice"]>;

const TOOL_FIELDS = knownFields("functionDeclarations", "googleSearch");
const DECL_FIELDS = knownFields(
  "name",
  "description",
  "parameters",
  "parametersJsonSchema",
  "response",
  "responseJsonSchema",
);
/** Codec bookkeeping kept in a tool's `interop.gemini.raw`, never sent as a declaration field. */
const TOOL_INDEX = "toolIndex";

export interface DecodedTools {
  tools: IRTool[];
  /**
   * The native `tools` entries minus what the IR holds (built-in tools such as `codeExecution`,
   * `urlContext`, `fileSearch`), by position; undefined when nothing is left.
   */
  residual: JsonObject[] | undefined;
}

/**
 * `tools` into IR tools: function declarations (their OpenAPI `parameters` converted to JSON
 * Schema, or `parametersJsonSchema` as is) and `googleSearch` as `web_search`. An IR tool
 * keeps a native OpenAPI schema in `interop.gemini.raw` so an unchanged tool goes back
 * byte-for-byte, and, when there were several `Tool` objects, which one it came from.
 * @see https://ai.google.dev/api/caching#Tool
 */
export function decodeTools(v: unknown, path: string, model: string | undefined): DecodedTools {
  const arr = expectArray(v, path);
  const tools: IRTool[] = [];
  const residuals: JsonObject[] = [];
  let anyResidual = false;
  arr.forEach((t, i) => {
    const tp = at(path, i);
    const obj = expectObject(t, tp);
    const index = arr.length > 1 ? { [TOOL_INDEX]: i } : undefined;
    const decls = field(obj, "functionDeclarations");
    if (decls !== undefined && decls !== null) {
      const dp = at(tp, keyOf(obj, "functionDeclarations"));
      expectArray(decls, dp).forEach((d, j) => {
        tools.push(decodeDeclaration(expectObject(d, at(dp, j)), at(dp, j), index, acceptsJsonSchema(model)));
      });
    }
    const search = field(obj, "googleSearch");
    if (search !== undefined && search !== null) {
      const s = expectObject(search, at(tp, keyOf(obj, "googleSearch")));
      const raw = { ...(Object.keys(s).length > 0 ? { googleSearch: s } : {}), ...index };
      tools.push({
        type: "web_search",
        ...(Object.keys(raw).length > 0 ? { interop: { gemini: { raw } } } : {}),
      });
    }
    const rest = residual(obj, TOOL_FIELDS);
    residuals.push(rest ?? {});
    if (rest !== undefined) anyResidual = true;
  });
  return { tools, residual: anyResidual ? residuals : undefined };
}

/** @see https://ai.google.dev/api/caching#FunctionDeclaration */
function decodeDeclaration(
  d: JsonObject,
  path: string,
  index: JsonObject | undefined,
  jsonDefault: boolean,
): IRTool {
  const name = expectString(d.name, at(path, "name"));
  const raw: JsonObject = { ...residual(d, DECL_FIELDS), ...index };
  const tool: WithInterop<FunctionTool> = { type: "function", name, parameters: null, strict: null };
  const description = d.description;
  if (description === null) tool.description = null;
  else if (description !== undefined) tool.description = expectString(description, at(path, "description"));
  const params = field(d, "parameters");
  const paramsJson = field(d, "parametersJsonSchema");
  if (isObject(params)) {
    tool.parameters = geminiToJsonSchema(params);
    raw.parameters = params;
  } else if (isObject(paramsJson)) {
    tool.parameters = paramsJson;
    // Only where the encoder would not pick the JSON Schema field by itself.
    if (!jsonDefault) raw.parametersJsonSchema = paramsJson;
  }
  const response = field(d, "response");
  const responseJson = field(d, "responseJsonSchema");
  if (isObject(response)) {
    tool.output_schema = geminiToJsonSchema(response);
    raw.response = response;
  } else if (isObject(responseJson)) {
    tool.output_schema = responseJson;
    if (!jsonDefault) raw.responseJsonSchema = responseJson;
  }
  if (Object.keys(raw).length > 0) tool.interop = { gemini: { raw } };
  return tool;
}

/**
 * IR tools into `tools`. Function tools from elsewhere share one `Tool`; web search becomes
 * `googleSearch` in its own `Tool`, as Google's examples write it; tools Gemini cannot run are
 * reported. Parameters go as `parametersJsonSchema` where the model takes it (see
 * `encodeSchema`), so no JSON Schema keyword is lost.
 * @see https://ai.google.dev/gemini-api/docs/function-calling
 * @see https://ai.google.dev/gemini-api/docs/google-search
 */
export function encodeTools(
  tools: readonly IRTool[],
  residualTools: unknown,
  model: string | undefined,
  dropped: Dropped[],
): GeminiTool[] {
  const out: GeminiTool[] = Array.isArray(residualTools)
    ? residualTools.map((t) => (isObject(t) ? { ...t } : {}))
    : [];
  let shared: GeminiTool | undefined;
  /** The `Tool` at a kept position, or a new one at the end. */
  const slot = (index: number | undefined): GeminiTool => {
    const t: GeminiTool = (index === undefined ? undefined : out[index]) ?? {};
    if (index === undefined) out.push(t);
    else out[index] = t;
    return t;
  };
  tools.forEach((tool, i) => {
    const path = `tools[${i}]`;
    const raw = tool.interop?.gemini?.raw;
    const index = typeof raw?.[TOOL_INDEX] === "number" ? raw[TOOL_INDEX] : undefined;
    reportForeignInterop(tool, path, dropped);
    switch (tool.type) {
      case "function": {
        if (index === undefined && shared === undefined) shared = slot(undefined);
        const target = index === undefined ? shared! : slot(index);
        const decls = target.functionDeclarations ?? [];
        decls.push(encodeDeclaration(tool, raw, path, model, dropped));
        target.functionDeclarations = decls;
        return;
      }
      case "web_search":
      case "web_search_2025_08_26":
      case "web_search_preview":
      case "web_search_preview_2025_03_11": {
        slot(index).googleSearch = isObject(raw?.googleSearch) ? { ...raw.googleSearch } : {};
        reportSearchOptions(tool, path, dropped);
        return;
      }
      default:
        dropped.push({ path, reason: `${tool.type} tools have no Gemini equivalent` });
    }
  });
  return out.filter((t) => t !== undefined && Object.keys(t).length > 0);
}

function reportSearchOptions(tool: IRTool, path: string, dropped: Dropped[]): void {
  const t = tool as unknown as JsonObject;
  for (const k of ["filters", "user_location", "search_context_size", "search_content_types"]) {
    if (t[k] !== undefined && t[k] !== null) {
      dropped.push({ path: `${path}.${k}`, reason: "Gemini googleSearch has no such option" });
    }
  }
  if (t.external_web_access === false) {
    dropped.push({ path: `${path}.external_web_access`, reason: "Gemini googleSearch has no such option" });
  }
}

function encodeDeclaration(
  tool: FunctionTool,
  raw: JsonObject | undefined,
  path: string,
  model: string | undefined,
  dropped: Dropped[],
): GeminiFunctionDeclaration {
  const d: GeminiFunctionDeclaration = { name: tool.name };
  if (raw !== undefined) {
    const extra = residual(raw, knownFields(...DECL_FIELDS, TOOL_INDEX));
    if (extra !== undefined) Object.assign(d, extra);
  }
  if (tool.description !== undefined) d.description = tool.description;
  if (tool.parameters !== null && tool.parameters !== undefined) {
    if (isObject(raw?.parameters) && jsonEqual(geminiToJsonSchema(raw.parameters), tool.parameters)) {
      d.parameters = raw.parameters;
    } else if (isObject(raw?.parametersJsonSchema) && jsonEqual(raw.parametersJsonSchema, tool.parameters)) {
      d.parametersJsonSchema = tool.parameters;
    } else {
      const s = encodeSchema(tool.parameters, `${path}.parameters`, model, dropped);
      if (s.native !== undefined) d.parameters = s.native;
      else d.parametersJsonSchema = s.json;
    }
  }
  const outSchema = tool.output_schema;
  if (outSchema !== null && outSchema !== undefined) {
    if (isObject(raw?.response) && jsonEqual(geminiToJsonSchema(raw.response), outSchema)) {
      d.response = raw.response;
    } else if (isObject(raw?.responseJsonSchema) && jsonEqual(raw.responseJsonSchema, outSchema)) {
      d.responseJsonSchema = outSchema;
    } else {
      const s = encodeSchema(outSchema, `${path}.output_schema`, model, dropped);
      if (s.native !== undefined) d.response = s.native;
      else d.responseJsonSchema = s.json;
    }
  }
  if (tool.strict === true) {
    dropped.push({ path: `${path}.strict`, reason: "Gemini function declarations have no strict flag" });
  }
  const t = tool as unknown as JsonObject;
  for (const k of ["allowed_callers", "async", "defer_loading"]) {
    if (t[k] !== undefined && t[k] !== null && t[k] !== false) {
      dropped.push({ path: `${path}.${k}`, reason: "no equivalent in Gemini function declarations" });
    }
  }
  return d;
}

/**
 * A JSON Schema (the IR's) for Gemini. Models from 2.5 on take plain JSON Schema
 * (`parametersJsonSchema`, `responseJsonSchema`: `$ref`, `additionalProperties`, `const`, type
 * arrays and all), so it goes as is and nothing is lost; older models only know the OpenAPI
 * subset, so it is converted and what the subset cannot say is reported.
 * @see https://ai.google.dev/api/caching#FunctionDeclaration
 * @see https://ai.google.dev/gemini-api/docs/structured-output
 */
export function encodeSchema(
  schema: JsonObject,
  path: string,
  model: string | undefined,
  dropped: Dropped[],
): { native?: GeminiSchema; json?: JsonObject } {
  if (acceptsJsonSchema(model)) return { json: schema };
  return { native: jsonSchemaToGemini(schema, path, dropped) };
}

const MODES: readonly GeminiCallingMode[] = ["MODE_UNSPECIFIED", "AUTO", "ANY", "NONE", "VALIDATED"];
const CALLING_FIELDS = knownFields("mode", "allowedFunctionNames");

export interface DecodedToolConfig {
  tool_choice?: IRToolChoice;
  /** `toolConfig` fields the IR has no slot for (retrievalConfig, VALIDATED mode, …). */
  residual?: JsonObject;
}

/**
 * `toolConfig.functionCallingConfig` into IR `tool_choice`: AUTO → auto, NONE → none,
 * ANY → required (one allowed name → that function; several → allowed_tools). VALIDATED
 * (calls or text, schema-checked) reads as auto with the mode kept for the round trip.
 * @see https://ai.google.dev/api/caching#FunctionCallingConfig
 */
export function decodeToolConfig(tc: JsonObject, path: string): DecodedToolConfig {
  const out: DecodedToolConfig = {};
  const fccKey = keyOf(tc, "functionCallingConfig");
  const fccValue = field(tc, "functionCallingConfig");
  let rest: JsonObject = { ...residual(tc, knownFields("functionCallingConfig")) };
  if (fccValue !== undefined && fccValue !== null) {
    const fp = at(path, fccKey);
    const fcc = expectObject(fccValue, fp);
    const modeValue = field(fcc, "mode");
    const mode =
      modeValue === undefined || modeValue === null
        ? undefined
        : expectOneOf(modeValue, MODES, at(fp, keyOf(fcc, "mode")));
    const namesValue = field(fcc, "allowedFunctionNames");
    const names =
      namesValue === undefined || namesValue === null
        ? undefined
        : expectStringOrStrings(namesValue, at(fp, keyOf(fcc, "allowedFunctionNames")));
    const choice = toolChoiceFor(mode, names);
    let fccRest = residual(fcc, CALLING_FIELDS);
    if (choice !== undefined) out.tool_choice = choice;
    if (mode === "VALIDATED" || mode === "MODE_UNSPECIFIED" || choice === undefined) {
      fccRest = { ...fccRest, ...(mode === undefined ? {} : { mode }) };
    }
    if (names !== undefined && (mode === "NONE" || choice === undefined)) {
      fccRest = { ...fccRest, allowedFunctionNames: names };
    }
    if (fccRest !== undefined && Object.keys(fccRest).length > 0)
      rest = { ...rest, functionCallingConfig: fccRest };
  }
  if (Object.keys(rest).length > 0) out.residual = rest;
  return out;
}

function toolChoiceFor(
  mode: GeminiCallingMode | undefined,
  names: string[] | undefined,
): IRToolChoice | undefined {
  const fn = (name: string) => ({ type: "function", name });
  switch (mode) {
    case "AUTO":
    case "VALIDATED":
      return names === undefined ? "auto" : { type: "allowed_tools", mode: "auto", tools: names.map(fn) };
    case "ANY":
      if (names === undefined) return "required";
      if (names.length === 1) return { type: "function", name: names[0]! };
      return { type: "allowed_tools", mode: "required", tools: names.map(fn) };
    case "NONE":
      return "none";
    case "MODE_UNSPECIFIED":
    case undefined:
      return undefined;
    default: {
      const never: never = mode;
      return never;
    }
  }
}

/**
 * IR `tool_choice` into `toolConfig`, merged with the native residual (so VALIDATED and
 * retrieval settings survive; a residual mode only stands in for AUTO).
 * @see https://ai.google.dev/api/caching#FunctionCallingConfig
 */
export function encodeToolConfig(
  choice: IRToolChoice | undefined,
  residualConfig: unknown,
  dropped: Dropped[],
): GeminiToolConfig | undefined {
  const base = isObject(residualConfig) ? residualConfig : {};
  const out: GeminiToolConfig = { ...base };
  const restFcc = isObject(base.functionCallingConfig) ? base.functionCallingConfig : undefined;
  const fcc = choice === undefined ? undefined : callingConfigFor(choice, dropped);
  if (fcc !== undefined) {
    const merged = { ...restFcc, ...fcc };
    if (fcc.mode === "AUTO" && restFcc?.mode === "VALIDATED") merged.mode = "VALIDATED";
    out.functionCallingConfig = merged;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function callingConfigFor(
  choice: IRToolChoice,
  dropped: Dropped[],
): { mode: GeminiCallingMode; allowedFunctionNames?: string[] } | undefined {
  if (typeof choice === "string") {
    const c: ToolChoiceOptions = choice;
    switch (c) {
      case "auto":
        return { mode: "AUTO" };
      case "none":
        return { mode: "NONE" };
      case "required":
        return { mode: "ANY" };
      default: {
        const never: never = c;
        return never;
      }
    }
  }
  if (choice.type === "function") {
    return { mode: "ANY", allowedFunctionNames: [(choice as ToolChoiceFunction).name] };
  }
  if (choice.type === "allowed_tools") {
    const names: string[] = [];
    choice.tools.forEach((t, i) => {
      if (t.type === "function" && typeof t.name === "string") names.push(t.name);
      else
        dropped.push({ path: `tool_choice.tools[${i}]`, reason: "Gemini can only restrict function tools" });
    });
    return { mode: choice.mode === "required" ? "ANY" : "AUTO", allowedFunctionNames: names };
  }
  dropped.push({ path: "tool_choice", reason: `Gemini cannot force a ${choice.type} tool` });
  return undefined;
}
