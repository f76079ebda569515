/**
 * Tools, `tool_choice` and `text` (structured output) of a Responses request. All are
 * IR-native: decode validates them, encode passes them through with `interop` stripped.
 *
 * Function schemas go as given. In the Responses API an omitted `strict` means strict: OpenAI
 * normalises the schema into strict mode (every property required, no extra properties).
 * The wire schema requires the field, so a tool without it is sent with `strict: false`:
 * an IR tool that does not say comes from a format whose tools are non-strict, and strict
 * normalisation would make its optional parameters required.
 *
 * @see https://platform.openai.com/docs/guides/function-calling?api-mode=responses
 * @see https://platform.openai.com/docs/guides/structured-outputs?api-mode=responses
 * @see https://platform.openai.com/docs/api-reference/responses/create#responses-create-tool_choice
 */
import type { Dropped } from "../../ir/dropped.ts";
import type { Interop, WithInterop } from "../../ir/interop.ts";
import type { ResponseTextConfig, Tool } from "../../ir/openai-types.ts";
import {
  at,
  expectArray,
  expectBoolean,
  expectObject,
  expectOneOf,
  expectString,
  optional,
} from "../validate.ts";
import { reportInterop, withoutInterop } from "./interop-report.ts";

export const TOOL_TYPES = [
  "function",
  "custom",
  "file_search",
  "web_search",
  "web_search_2025_08_26",
  "web_search_preview",
  "web_search_preview_2025_03_11",
  "computer",
  "computer_use_preview",
  "mcp",
  "code_interpreter",
  "programmatic_tool_calling",
  "image_generation",
  "local_shell",
  "shell",
  "namespace",
  "tool_search",
  "apply_patch",
] as const;

export const TOOL_CHOICE_OPTIONS = ["none", "auto", "required"] as const;

export const TOOL_CHOICE_TYPES = [
  "function",
  "custom",
  "mcp",
  "allowed_tools",
  "file_search",
  "web_search_preview",
  "web_search_preview_2025_03_11",
  "computer",
  "computer_use",
  "computer_use_preview",
  "image_generation",
  "code_interpreter",
  "programmatic_tool_calling",
  "apply_patch",
  "shell",
] as const;

const TEXT_FORMATS = ["text", "json_schema", "json_object"] as const;
const VERBOSITY = ["low", "medium", "high"] as const;

function nullable<T>(check: (v: unknown, p: string) => T): (v: unknown, p: string) => T | null {
  return (v, p) => (v === null ? null : check(v, p));
}

/** One tool definition. */
export function checkTool(value: unknown, path: string): void {
  const tool = expectObject(value, path);
  const type = expectOneOf(tool.type, TOOL_TYPES, at(path, "type"));
  switch (type) {
    case "function":
      expectString(tool.name, at(path, "name"));
      if (tool.parameters !== undefined && tool.parameters !== null)
        expectObject(tool.parameters, at(path, "parameters"));
      optional(tool, "description", path, expectString);
      optional(tool, "strict", path, expectBoolean);
      return;
    case "custom":
    case "namespace":
      expectString(tool.name, at(path, "name"));
      if (type === "namespace") expectArray(tool.tools, at(path, "tools"));
      return;
    case "mcp":
      expectString(tool.server_label, at(path, "server_label"));
      return;
    default:
      // Hosted tools: OpenAI validates their options; the type is what routing needs.
      return;
  }
}

export function checkTools(value: unknown, path: string): void {
  expectArray(value, path).forEach((t, i) => {
    checkTool(t, at(path, i));
  });
}

/** `tool_choice`: an option string, or an object naming a tool (type). */
export function checkToolChoice(value: unknown, path: string): void {
  if (typeof value === "string") {
    expectOneOf(value, TOOL_CHOICE_OPTIONS, path);
    return;
  }
  const choice = expectObject(value, path);
  const type = expectOneOf(choice.type, TOOL_CHOICE_TYPES, at(path, "type"));
  switch (type) {
    case "function":
    case "custom":
      expectString(choice.name, at(path, "name"));
      return;
    case "mcp":
      expectString(choice.server_label, at(path, "server_label"));
      optional(choice, "name", path, expectString);
      return;
    case "allowed_tools":
      expectOneOf(choice.mode, ["auto", "required"], at(path, "mode"));
      expectArray(choice.tools, at(path, "tools")).forEach((t, i) => {
        expectString(expectObject(t, at(at(path, "tools"), i)).type, at(at(at(path, "tools"), i), "type"));
      });
      return;
    default:
      return;
  }
}

/** `text`: output format (plain, JSON schema, JSON object) and verbosity. */
export function checkTextConfig(value: unknown, path: string): void {
  const text = expectObject(value, path);
  optional(text, "verbosity", path, (v, p) => expectOneOf(v, VERBOSITY, p));
  const format = optional(text, "format", path, expectObject);
  if (format === undefined) return;
  const fpath = at(path, "format");
  const type = expectOneOf(format.type, TEXT_FORMATS, at(fpath, "type"));
  if (type !== "json_schema") return;
  expectString(format.name, at(fpath, "name"));
  expectObject(format.schema, at(fpath, "schema"));
  optional(format, "description", fpath, expectString);
  optional(format, "strict", fpath, nullable(expectBoolean));
}

/**
 * A function tool as the wire requires it: `strict` and `parameters` are required (both
 * nullable). A tool that does not say is taken as non-strict — every other format's
 * default — rather than letting OpenAI make its optional parameters required.
 */
function completeTool(tool: Tool): Tool {
  if (tool.type !== "function" || (tool.strict !== undefined && tool.parameters !== undefined)) return tool;
  return { ...tool, strict: tool.strict ?? false, parameters: tool.parameters ?? null };
}

/**
 * `text` as the wire requires it: a JSON-schema format needs a `name`; formats that have
 * none (Gemini `responseSchema`, Chat `json_object`-style schemas) get OpenAI's usual one.
 */
export function encodeText(text: ResponseTextConfig): ResponseTextConfig {
  const format = text.format as { type?: string; name?: unknown } | undefined;
  if (format?.type !== "json_schema" || typeof format.name === "string") return text;
  return { ...text, format: { ...format, name: "response" } as ResponseTextConfig["format"] };
}

/** IR tools → OpenAI tools: provider state on a tool (e.g. Anthropic cache_control) is reported. */
export function encodeTools(tools: ReadonlyArray<WithInterop<Tool>>, dropped: Dropped[]): Tool[] {
  return tools.map((tool, i) => {
    const io: Interop | undefined = tool.interop;
    if (io === undefined) return completeTool(tool);
    reportInterop(io, `tools[${i}].`, dropped);
    return completeTool(withoutInterop(tool) as Tool);
  });
}
