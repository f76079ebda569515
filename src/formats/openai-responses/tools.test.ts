import assert from "node:assert/strict";
import { test } from "node:test";
import type { Dropped } from "../../ir/dropped.ts";
import { SwitchyardError } from "../../ir/error.ts";
import type { WithInterop } from "../../ir/interop.ts";
import type { Tool } from "../../ir/openai-types.ts";
import { checkTextConfig, checkToolChoice, checkTools, encodeTools } from "./tools.ts";

function rejects(fn: () => void, param: string): void {
  assert.throws(
    fn,
    (e: unknown) => e instanceof SwitchyardError && e.kind === "invalid_request" && e.param === param,
  );
}

const fn: Tool = {
  type: "function",
  name: "get_weather",
  description: null,
  parameters: {
    type: "object",
    properties: { city: { type: "string" } },
    required: ["city"],
    additionalProperties: false,
  },
  strict: true,
};

test("tool definitions: functions, custom, MCP and hosted tools pass", () => {
  checkTools(
    [
      fn,
      { type: "custom", name: "grammar" },
      {
        type: "mcp",
        server_label: "deepwiki",
        server_url: "https://mcp.deepwiki.com/mcp",
        require_approval: "never",
      },
      { type: "web_search", search_context_size: "medium" },
      { type: "code_interpreter", container: { type: "auto" } },
      { type: "tool_search", execution: "client" },
      { type: "apply_patch" },
    ],
    "tools",
  );
});

test("tool errors name the path", () => {
  rejects(() => checkTools([{ type: "function" }], "tools"), "tools[0].name");
  rejects(
    () => checkTools([fn, { type: "function", name: "x", parameters: "{}" }], "tools"),
    "tools[1].parameters",
  );
  rejects(() => checkTools([{ type: "function", name: "x", strict: "yes" }], "tools"), "tools[0].strict");
  rejects(() => checkTools([{ type: "bash" }], "tools"), "tools[0].type");
  rejects(() => checkTools([{ type: "mcp" }], "tools"), "tools[0].server_label");
  rejects(() => checkTools({}, "tools"), "tools");
});

test("tool_choice: options, named function, allowed tools, hosted types", () => {
  for (const c of ["auto", "none", "required"]) checkToolChoice(c, "tool_choice");
  checkToolChoice({ type: "function", name: "f" }, "tool_choice");
  checkToolChoice(
    { type: "allowed_tools", mode: "auto", tools: [{ type: "function", name: "f" }] },
    "tool_choice",
  );
  checkToolChoice({ type: "file_search" }, "tool_choice");
  checkToolChoice({ type: "mcp", server_label: "s" }, "tool_choice");
  rejects(() => checkToolChoice("any", "tool_choice"), "tool_choice");
  rejects(() => checkToolChoice({ type: "function" }, "tool_choice"), "tool_choice.name");
  rejects(() => checkToolChoice({ type: "tool", name: "f" }, "tool_choice"), "tool_choice.type");
  rejects(
    () => checkToolChoice({ type: "allowed_tools", mode: "any", tools: [] }, "tool_choice"),
    "tool_choice.mode",
  );
});

test("text.format: plain, JSON object and JSON schema (structured output)", () => {
  checkTextConfig({ format: { type: "text" }, verbosity: "low" }, "text");
  checkTextConfig({ format: { type: "json_object" } }, "text");
  checkTextConfig(
    { format: { type: "json_schema", name: "out", schema: { type: "object" }, strict: true } },
    "text",
  );
  rejects(() => checkTextConfig({ format: { type: "json_schema", schema: {} } }, "text"), "text.format.name");
  rejects(
    () => checkTextConfig({ format: { type: "json_schema", name: "x" } }, "text"),
    "text.format.schema",
  );
  rejects(() => checkTextConfig({ format: { type: "yaml" } }, "text"), "text.format.type");
  rejects(() => checkTextConfig({ verbosity: "max" }, "text"), "text.verbosity");
});

test("encodeTools keeps OpenAI tools as they are", () => {
  const dropped: Dropped[] = [];
  assert.deepEqual(encodeTools([fn, { type: "web_search" }], dropped), [fn, { type: "web_search" }]);
  assert.deepEqual(dropped, []);
});

test("a function tool without strict/parameters is completed; provider state on a tool is reported", () => {
  const dropped: Dropped[] = [];
  const tool = {
    type: "function",
    name: "lookup",
    parameters: { type: "object", properties: { q: { type: "string" } } },
    interop: { anthropic: { cache_control: { type: "ephemeral" } } },
  } as unknown as WithInterop<Tool>;
  assert.deepEqual(encodeTools([tool], dropped), [
    {
      type: "function",
      name: "lookup",
      parameters: { type: "object", properties: { q: { type: "string" } } },
      strict: false,
    },
  ]);
  assert.deepEqual(
    dropped.map((d) => d.path),
    ["tools[0].interop.anthropic.cache_control"],
  );
  const bare = { type: "function", name: "noop" } as unknown as Tool;
  assert.deepEqual(encodeTools([bare], []), [
    { type: "function", name: "noop", strict: false, parameters: null },
  ]);
});
