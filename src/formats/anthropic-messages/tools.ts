/**
 * Tool definitions and tool_choice both ways. Custom tools ↔ IR function tools; the web
 * search server tool ↔ IR `web_search`; every other server tool (code execution, web fetch,
 * memory, tool search, advisor, …) has no IR tool and is kept in `interop.anthropic.raw.tools`
 * at its position (other entries `null`) so a same-format round trip keeps order.
 */
import type { Dropped } from "../../ir/dropped.ts";
import type { WithInterop } from "../../ir/interop.ts";
import type { FunctionTool, Tool } from "../../ir/openai-types.ts";
import type { IRRequest } from "../../ir/request.ts";
import {
  at,
  expectArray,
  expectBoolean,
  expectObject,
  expectString,
  isObject,
  type JsonObject,
  unknownKeys,
} from "../validate.ts";
import { attach, interopWith, nativeExtras, rawOf, splitNative } from "./carry.ts";
import type { ToolChoice, ToolUnion } from "./types.ts";
import { FORMAT } from "./types.ts";

type IRTool = WithInterop<Tool>;
type WebSearchTool = Extract<Tool, { type: "web_search" | "web_search_2025_08_26" }>;

const CUSTOM_KEYS = new Set(["name", "description", "input_schema"]);

/** Native `type` of the web search tool when the IR does not say which version. */
export const WEB_SEARCH_TYPE = "web_search_20250305";

export interface DecodedTools {
  tools: IRTool[];
  /** Native tools with no IR equivalent, at their native index; `null` where an IR tool sits. */
  raw?: Array<JsonObject | null>;
}

/**
 * Native `tools` → IR tools. `strict` is true only when the native said so (Anthropic's
 * default is not strict, OpenAI's is); `defer_loading` maps to the field of the same name.
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/web-search-tool
 */
export function decodeTools(v: unknown, path: string): DecodedTools {
  const list = expectArray(v, path);
  const tools: IRTool[] = [];
  const raw: Array<JsonObject | null> = [];
  let anyRaw = false;
  list.forEach((t, i) => {
    const p = at(path, i);
    const native = expectObject(t, p);
    const mapped = decodeTool(native, p);
    if (mapped === undefined) {
      raw.push(native);
      anyRaw = true;
    } else {
      tools.push(mapped);
      raw.push(null);
    }
  });
  return anyRaw ? { tools, raw } : { tools };
}

function decodeTool(native: JsonObject, path: string): IRTool | undefined {
  const type = native.type;
  if (type === undefined || type === null || type === "custom") {
    const name = expectString(native.name, at(path, "name"));
    const schema = expectObject(native.input_schema, at(path, "input_schema"));
    const known = new Set(CUSTOM_KEYS);
    const tool: FunctionTool = { type: "function", name, parameters: schema, strict: native.strict === true };
    if (native.strict === true) known.add("strict");
    if (typeof native.description === "string") tool.description = native.description;
    else known.delete("description");
    if (typeof native.defer_loading === "boolean") {
      tool.defer_loading = native.defer_loading;
      known.add("defer_loading");
    }
    return attach(tool, interopWith(splitNative(native, known)));
  }
  if (typeof type === "string" && type.startsWith("web_search_") && native.name === "web_search") {
    const tool: WebSearchTool = { type: "web_search" };
    const known = new Set(["name"]);
    if (Array.isArray(native.allowed_domains)) {
      tool.filters = {
        allowed_domains: native.allowed_domains.map((d, i) =>
          expectString(d, at(at(path, "allowed_domains"), i)),
        ),
      };
      known.add("allowed_domains");
    }
    if (isObject(native.user_location)) {
      tool.user_location = native.user_location as WebSearchTool["user_location"];
      known.add("user_location");
    }
    // `type` (the tool version), `max_uses`, `blocked_domains`, nulls… stay raw.
    return attach(tool, interopWith(splitNative(native, known)));
  }
  return undefined;
}

/**
 * IR tools → native `tools`, re-inserting carried server tools at their positions. IR tools
 * Anthropic cannot run (file search, computer use preview, code interpreter, image
 * generation, MCP, custom grammar tools, …) are reported.
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use
 */
export function encodeTools(
  tools: IRRequest["tools"],
  carried: unknown,
  dropped: Dropped[],
): ToolUnion[] | undefined {
  const mapped: ToolUnion[] = [];
  (tools ?? []).forEach((t, i) => {
    const native = encodeTool(t, `tools[${i}]`, dropped);
    if (native !== undefined) mapped.push(native);
  });
  const slots = Array.isArray(carried) ? carried : [];
  if (slots.length === 0) return tools === undefined ? undefined : mapped;
  const out: ToolUnion[] = [];
  let next = 0;
  for (const slot of slots) {
    if (isObject(slot)) out.push(slot as unknown as ToolUnion);
    else if (next < mapped.length) out.push(mapped[next++]!);
  }
  out.push(...mapped.slice(next));
  return out;
}

function encodeTool(tool: IRTool, path: string, dropped: Dropped[]): ToolUnion | undefined {
  switch (tool.type) {
    case "function": {
      const native: JsonObject = {
        name: tool.name,
        input_schema: inputSchema(tool.parameters),
      };
      if (tool.description !== undefined && tool.description !== null) native.description = tool.description;
      if (tool.strict === true) native.strict = true;
      if (tool.defer_loading !== undefined) native.defer_loading = tool.defer_loading;
      if (tool.allowed_callers != null) {
        dropped.push({ path: `${path}.allowed_callers`, reason: `no equivalent in ${FORMAT}` });
      }
      return { ...native, ...nativeExtras(tool) } as unknown as ToolUnion;
    }
    case "web_search":
    case "web_search_2025_08_26":
    case "web_search_preview":
    case "web_search_preview_2025_03_11": {
      const native: JsonObject = { type: WEB_SEARCH_TYPE, name: "web_search" };
      if ("filters" in tool && tool.filters?.allowed_domains != null) {
        native.allowed_domains = tool.filters.allowed_domains;
      }
      if (tool.user_location != null) native.user_location = { ...tool.user_location, type: "approximate" };
      if (tool.search_context_size !== undefined && rawOf(tool) === undefined) {
        dropped.push({ path: `${path}.search_context_size`, reason: `no equivalent in ${FORMAT}` });
      }
      return { ...native, ...nativeExtras(tool) } as unknown as ToolUnion;
    }
    default:
      dropped.push({ path, reason: `${tool.type} tools have no equivalent in ${FORMAT}` });
      return undefined;
  }
}

/** Anthropic needs an object schema; a function without parameters takes no input. */
function inputSchema(parameters: FunctionTool["parameters"]): JsonObject {
  if (parameters === null || parameters === undefined) return { type: "object", properties: {} };
  return parameters.type === undefined ? { type: "object", ...parameters } : parameters;
}

// ---- tool_choice ----------------------------------------------------------------------------

export interface DecodedToolChoice {
  tool_choice?: IRRequest["tool_choice"];
  parallel_tool_calls?: boolean;
  raw?: JsonObject;
}

/**
 * `tool_choice` {auto | any | tool + name | none, disable_parallel_tool_use} → IR tool_choice
 * (auto / required / {type:function,name} / none) and `parallel_tool_calls`.
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use#forcing-tool-use
 */
export function decodeToolChoice(v: unknown, path: string): DecodedToolChoice {
  const tc = expectObject(v, path);
  const type = expectString(tc.type, at(path, "type"));
  const out: DecodedToolChoice = {};
  const known = new Set(["type"]);
  switch (type) {
    case "auto":
      out.tool_choice = "auto";
      break;
    case "any":
      out.tool_choice = "required";
      break;
    case "none":
      out.tool_choice = "none";
      break;
    case "tool":
      out.tool_choice = { type: "function", name: expectString(tc.name, at(path, "name")) };
      known.add("name");
      break;
    default:
      return { raw: tc };
  }
  if (tc.disable_parallel_tool_use !== undefined) {
    out.parallel_tool_calls = !expectBoolean(
      tc.disable_parallel_tool_use,
      at(path, "disable_parallel_tool_use"),
    );
    known.add("disable_parallel_tool_use");
  }
  const rest = unknownKeys(tc, known);
  if (rest !== undefined) out.raw = rest;
  return out;
}

/**
 * IR tool_choice + parallel_tool_calls → native tool_choice. `parallel_tool_calls: false`
 * alone becomes `{type:"auto", disable_parallel_tool_use:true}` (there is no other slot).
 * An `allowed_tools` restriction or a hosted-tool choice cannot be expressed and is reported.
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use#parallel-tool-use
 */
export function encodeToolChoice(
  req: IRRequest,
  carried: unknown,
  dropped: Dropped[],
): ToolChoice | undefined {
  const tc = req.tool_choice;
  const extra = isObject(carried) ? carried : undefined;
  let native: JsonObject | undefined;
  if (tc === undefined || tc === null) {
    if (extra !== undefined && typeof extra.type === "string") return extra as unknown as ToolChoice;
    if (req.parallel_tool_calls === false && (req.tools?.length ?? 0) > 0) native = { type: "auto" };
  } else if (tc === "auto") native = { type: "auto" };
  else if (tc === "required") native = { type: "any" };
  else if (tc === "none") native = { type: "none" };
  else if (tc.type === "function") native = { type: "tool", name: tc.name };
  else if (tc.type === "allowed_tools") {
    native = { type: tc.mode === "required" ? "any" : "auto" };
    dropped.push({
      path: "tool_choice.tools",
      reason: `${FORMAT} cannot restrict the choice to a subset of tools`,
    });
  } else if (tc.type === "web_search_preview" || tc.type === "web_search_preview_2025_03_11") {
    native = { type: "tool", name: "web_search" };
  } else {
    dropped.push({ path: "tool_choice", reason: `${tc.type} tool choice has no equivalent in ${FORMAT}` });
    return undefined;
  }
  if (native === undefined) return undefined;
  if (req.parallel_tool_calls != null && native.type !== "none") {
    native.disable_parallel_tool_use = !req.parallel_tool_calls;
  }
  return { ...native, ...extra } as unknown as ToolChoice;
}
