import type { Dropped } from "../../ir/dropped.ts";
import type { WithInterop } from "../../ir/interop.ts";
import type { Tool } from "../../ir/openai-types.ts";
import type { IRRequest } from "../../ir/request.ts";
import {
  at,
  expectArray,
  expectBoolean,
  expectObject,
  expectOneOf,
  expectString,
  isObject,
  type JsonObject,
  optional,
  unknownKeys,
} from "../validate.ts";
import {
  chatInterop,
  chatRaw,
  mergeResidue,
  type Residue,
  reportForeignInterop,
  residueOf,
  wasAbsent,
} from "./residue.ts";
import { FORMAT } from "./types.ts";

export type IRTool = WithInterop<Tool>;
export type IRToolChoice = NonNullable<IRRequest["tool_choice"]>;

const TOOL_KEYS = new Set(["type", "function", "custom"]);
const FUNCTION_KEYS = new Set(["name", "description", "parameters", "strict"]);
const CUSTOM_KEYS = new Set(["name", "description", "format"]);
const WEB_SEARCH_KEYS = new Set(["search_context_size", "user_location"]);

/**
 * Chat `tools` → IR tools. Function tools flatten (`{type, function:{…}}` → `{type, name, …}`);
 * the JSON Schema of `parameters` passes unchanged, since both sides take JSON Schema. An
 * absent `strict` means non-strict in Chat, so it reads as `false` (Responses would default
 * to strict). Custom (free-form input) tools map to Responses custom tools.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-tools
 * @see https://platform.openai.com/docs/guides/function-calling
 */
export function decodeTool(v: unknown, path: string): IRTool {
  const t = expectObject(v, path);
  const type = expectOneOf(t.type, ["function", "custom"] as const, at(path, "type"));
  if (type === "function") {
    const fp = at(path, "function");
    const f = expectObject(t.function, fp);
    return decodeFunction(f, fp, unknownKeys(t, TOOL_KEYS));
  }
  const cp = at(path, "custom");
  const c = expectObject(t.custom, cp);
  const name = expectString(c.name, at(cp, "name"));
  const description = optional(c, "description", cp, expectString);
  const format = optional(c, "format", cp, decodeCustomFormat);
  const extra = unknownKeys(c, CUSTOM_KEYS);
  return {
    type: "custom",
    name,
    ...(description === undefined ? {} : { description }),
    ...(format === undefined ? {} : { format }),
    ...chatInterop(residueOf({ ...unknownKeys(t, TOOL_KEYS), ...(extra ? { custom: extra } : {}) })),
  } as IRTool;
}

function decodeFunction(f: JsonObject, fp: string, outer: JsonObject | undefined, legacy = false): IRTool {
  const name = expectString(f.name, at(fp, "name"));
  const description = optional(f, "description", fp, expectString);
  const parameters = optional(f, "parameters", fp, expectObject);
  const strict = optional(f, "strict", fp, expectBoolean);
  const extra = unknownKeys(f, FUNCTION_KEYS);
  const raw = residueOf(
    {
      ...outer,
      ...(legacy ? extra : extra ? { function: extra } : {}),
      ...(legacy ? { $legacy: true } : {}),
    },
    f.strict === undefined ? ["strict"] : [],
  );
  return {
    type: "function",
    name,
    ...(description === undefined ? {} : { description }),
    parameters: parameters ?? null,
    strict: f.strict === null ? null : (strict ?? false),
    ...chatInterop(raw),
  };
}

/** The deprecated `functions` list: function tools marked `$legacy` so they go back as such. */
export function decodeLegacyFunction(v: unknown, path: string): IRTool {
  return decodeFunction(expectObject(v, path), path, undefined, true);
}

function decodeCustomFormat(v: unknown, path: string): JsonObject {
  const f = expectObject(v, path);
  const type = expectOneOf(f.type, ["text", "grammar"] as const, at(path, "type"));
  if (type === "text") return { ...f };
  const g = expectObject(f.grammar, at(path, "grammar"));
  const { grammar: _grammar, ...rest } = f;
  return { ...rest, ...g };
}

/**
 * Chat `web_search_options` (search models) → the IR `web_search` tool: the same context
 * size, and the user location flattened from `{type, approximate:{…}}`.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-web_search_options
 */
export function decodeWebSearchOptions(v: unknown, path: string): IRTool {
  const o = expectObject(v, path);
  const size = optional(o, "search_context_size", path, (x, p) =>
    expectOneOf(x, ["low", "medium", "high"] as const, p),
  );
  const tool: JsonObject = { type: "web_search" };
  if (size !== undefined) tool.search_context_size = size;
  if (o.user_location === null) tool.user_location = null;
  else if (o.user_location !== undefined) {
    const lp = at(path, "user_location");
    const ul = expectObject(o.user_location, lp);
    const approx = ul.approximate === undefined ? {} : expectObject(ul.approximate, at(lp, "approximate"));
    tool.user_location = { ...(ul.type === undefined ? {} : { type: ul.type }), ...approx };
  }
  return { ...tool, ...chatInterop(residueOf({ ...unknownKeys(o, WEB_SEARCH_KEYS) })) } as IRTool;
}

/** Tools encoded for Chat: `tools`, the deprecated `functions`, and web search options. */
export interface EncodedTools {
  tools: JsonObject[];
  functions: JsonObject[];
  web_search_options?: JsonObject;
}

/**
 * IR tools → Chat. Function and custom tools go to `tools` (or `functions` when they came
 * from that deprecated list); the first web search tool becomes `web_search_options`; hosted
 * tools Chat cannot run (file search, MCP, code interpreter, …) are reported dropped.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-tools
 */
export function encodeTools(tools: readonly IRTool[], dropped: Dropped[]): EncodedTools {
  const out: EncodedTools = { tools: [], functions: [] };
  tools.forEach((tool, i) => {
    const path = `tools[${i}]`;
    const t = tool as unknown as JsonObject;
    const raw = chatRaw(t);
    reportForeignInterop(t, path, dropped);
    switch (t.type) {
      case "function": {
        const fn = encodeFunction(t, raw);
        if (raw?.$legacy === true) out.functions.push(mergeResidue(fn, raw));
        else out.tools.push(mergeResidue({ type: "function", function: fn }, raw));
        reportUnsupported(t, ["allowed_callers", "async", "defer_loading"], path, dropped);
        break;
      }
      case "custom": {
        const custom: JsonObject = { name: t.name };
        if (typeof t.description === "string") custom.description = t.description;
        if (isObject(t.format)) custom.format = encodeCustomFormat(t.format);
        out.tools.push(mergeResidue({ type: "custom", custom }, raw));
        reportUnsupported(t, ["allowed_callers", "async", "defer_loading"], path, dropped);
        break;
      }
      case "web_search":
      case "web_search_2025_08_26":
      case "web_search_preview":
      case "web_search_preview_2025_03_11": {
        if (out.web_search_options !== undefined) {
          dropped.push({ path, reason: `${FORMAT} takes one set of web_search_options` });
          break;
        }
        out.web_search_options = mergeResidue(encodeWebSearch(t), raw);
        reportUnsupported(t, ["filters", "external_web_access", "search_content_types"], path, dropped);
        break;
      }
      default:
        dropped.push({ path, reason: `${String(t.type)} tools have no equivalent in ${FORMAT}` });
    }
  });
  return out;
}

function encodeFunction(t: JsonObject, raw: Residue | undefined): JsonObject {
  const fn: JsonObject = { name: t.name };
  if (typeof t.description === "string") fn.description = t.description;
  if (isObject(t.parameters)) fn.parameters = t.parameters;
  // `false` is Chat's default; write it only when the caller did.
  if (
    (typeof t.strict === "boolean" || t.strict === null) &&
    !(t.strict === false && wasAbsent(raw, "strict"))
  ) {
    fn.strict = t.strict;
  }
  return fn;
}

function encodeCustomFormat(f: JsonObject): JsonObject {
  if (f.type !== "grammar") return { ...f };
  const { definition, syntax, ...rest } = f;
  return { ...rest, grammar: { definition, syntax } };
}

function encodeWebSearch(t: JsonObject): JsonObject {
  const o: JsonObject = {};
  if (t.search_context_size !== undefined) o.search_context_size = t.search_context_size;
  if (t.user_location === null) o.user_location = null;
  else if (isObject(t.user_location)) {
    const { type, ...loc } = t.user_location;
    const approximate: JsonObject = {};
    for (const [k, v] of Object.entries(loc)) if (v !== null && v !== undefined) approximate[k] = v;
    o.user_location = { type: type ?? "approximate", approximate };
  }
  return o;
}

function reportUnsupported(t: JsonObject, keys: readonly string[], path: string, dropped: Dropped[]): void {
  for (const k of keys) {
    const v = t[k];
    if (v === undefined || v === null || v === false || (Array.isArray(v) && v.length === 0)) continue;
    dropped.push({ path: at(path, k), reason: `no equivalent in ${FORMAT}` });
  }
}

/**
 * Chat `tool_choice` → IR: the modes copy; a named function or custom tool flattens; an
 * `allowed_tools` choice maps to the Responses one, its tool entries flattened the same way.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-tool_choice
 */
export function decodeToolChoice(v: unknown, path: string): IRToolChoice {
  if (typeof v === "string") return expectOneOf(v, ["none", "auto", "required"] as const, path);
  const c = expectObject(v, path);
  const type = expectOneOf(c.type, ["function", "custom", "allowed_tools"] as const, at(path, "type"));
  switch (type) {
    case "function": {
      const f = expectObject(c.function, at(path, "function"));
      return { type: "function", name: expectString(f.name, at(at(path, "function"), "name")) };
    }
    case "custom": {
      const f = expectObject(c.custom, at(path, "custom"));
      return { type: "custom", name: expectString(f.name, at(at(path, "custom"), "name")) };
    }
    case "allowed_tools": {
      const ap = at(path, "allowed_tools");
      const a = expectObject(c.allowed_tools, ap);
      const mode = expectOneOf(a.mode, ["auto", "required"] as const, at(ap, "mode"));
      const tools = expectArray(a.tools, at(ap, "tools")).map((e, i) =>
        flattenEntry(expectObject(e, at(at(ap, "tools"), i))),
      );
      return { type: "allowed_tools", mode, tools };
    }
    default: {
      const never: never = type;
      return never;
    }
  }
}

function flattenEntry(e: JsonObject): JsonObject {
  const type = e.type;
  if ((type === "function" || type === "custom") && isObject(e[type])) {
    const { [type]: inner, ...rest } = e;
    return { ...rest, ...(inner as JsonObject) };
  }
  return e;
}

function nestEntry(e: JsonObject): JsonObject {
  const type = e.type;
  if ((type === "function" || type === "custom") && typeof e.name === "string") {
    const { type: _t, name, ...rest } = e;
    return { type, [type]: { name, ...rest } };
  }
  return e;
}

/** The deprecated `function_call` parameter → IR tool choice. */
export function decodeLegacyFunctionCall(v: unknown, path: string): IRToolChoice {
  if (typeof v === "string") return expectOneOf(v, ["none", "auto"] as const, path);
  const c = expectObject(v, path);
  return { type: "function", name: expectString(c.name, at(path, "name")) };
}

/**
 * IR tool choice → Chat `tool_choice` (or the deprecated `function_call` when every tool came
 * from `functions`). Choices that force a hosted tool have no Chat form and are reported.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-tool_choice
 */
export function encodeToolChoice(
  choice: IRToolChoice,
  legacy: boolean,
  dropped: Dropped[],
): { tool_choice?: unknown; function_call?: unknown } {
  if (typeof choice === "string") {
    if (legacy && choice !== "required") return { function_call: choice };
    return { tool_choice: choice };
  }
  const c = choice as unknown as JsonObject;
  switch (c.type) {
    case "function":
      return legacy
        ? { function_call: { name: c.name } }
        : { tool_choice: { type: "function", function: { name: c.name } } };
    case "custom":
      return { tool_choice: { type: "custom", custom: { name: c.name } } };
    case "allowed_tools": {
      const tools = Array.isArray(c.tools) ? c.tools.filter(isObject).map(nestEntry) : [];
      return { tool_choice: { type: "allowed_tools", allowed_tools: { mode: c.mode, tools } } };
    }
    default:
      dropped.push({
        path: "tool_choice",
        reason: `forcing ${String(c.type)} has no equivalent in ${FORMAT}`,
      });
      return {};
  }
}
