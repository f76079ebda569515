import assert from "node:assert/strict";
import { test } from "node:test";
import type { Dropped } from "../../ir/dropped.ts";
import { SwitchyardError } from "../../ir/error.ts";
import type { IRRequest } from "../../ir/request.ts";
import { decodeToolConfig, decodeTools, encodeToolConfig, encodeTools } from "./tools.ts";

type IRTools = NonNullable<IRRequest["tools"]>;

test("declarations decode to JSON Schema function tools; built-in tools stay raw in place", () => {
  const native = [
    {
      functionDeclarations: [
        {
          name: "div",
          description: "Divide",
          parameters: { type: "OBJECT", properties: { a: { type: "NUMBER" } } },
        },
        { name: "noop", parametersJsonSchema: { type: "object", additionalProperties: false } },
      ],
    },
    { googleSearch: {} },
    { codeExecution: {} },
  ];
  const d = decodeTools(native, "tools", "gemini-2.5-flash");
  assert.deepEqual(d.tools, [
    {
      type: "function",
      name: "div",
      description: "Divide",
      parameters: { type: "object", properties: { a: { type: "number" } } },
      strict: null,
      interop: {
        gemini: { raw: { toolIndex: 0, parameters: native[0]!.functionDeclarations![0]!.parameters } },
      },
    },
    {
      type: "function",
      name: "noop",
      parameters: { type: "object", additionalProperties: false },
      strict: null,
      interop: { gemini: { raw: { toolIndex: 0 } } },
    },
    { type: "web_search", interop: { gemini: { raw: { toolIndex: 1 } } } },
  ]);
  assert.deepEqual(d.residual, [{}, {}, { codeExecution: {} }]);
  const dropped: Dropped[] = [];
  assert.deepEqual(encodeTools(d.tools, d.residual, "gemini-2.5-flash", dropped), native);
  assert.deepEqual(dropped, []);
});

test("tools from elsewhere: one Tool of declarations as JSON Schema, web search apart, the rest reported", () => {
  const tools: IRTools = [
    {
      type: "function",
      name: "get_weather",
      description: "Weather",
      strict: true,
      parameters: { type: "object", properties: { city: { type: "string" } }, additionalProperties: false },
    },
    { type: "web_search", search_context_size: "high" },
    { type: "function", name: "now", parameters: null, strict: false },
    { type: "file_search", vector_store_ids: ["vs_1"] },
  ];
  const dropped: Dropped[] = [];
  assert.deepEqual(encodeTools(tools, undefined, "gemini-3-pro-preview", dropped), [
    {
      functionDeclarations: [
        {
          name: "get_weather",
          description: "Weather",
          parametersJsonSchema: {
            type: "object",
            properties: { city: { type: "string" } },
            additionalProperties: false,
          },
        },
        { name: "now" },
      ],
    },
    { googleSearch: {} },
  ]);
  assert.deepEqual(
    dropped.map((d) => d.path),
    ["tools[0].strict", "tools[1].search_context_size", "tools[3]"],
  );
});

test("older models get the OpenAPI subset, with what it cannot say reported", () => {
  const dropped: Dropped[] = [];
  const out = encodeTools(
    [
      {
        type: "function",
        name: "f",
        strict: null,
        parameters: {
          type: "object",
          properties: { n: { type: ["integer", "null"] } },
          additionalProperties: false,
        },
      },
    ],
    undefined,
    "gemini-2.0-flash",
    dropped,
  );
  assert.deepEqual(out, [
    {
      functionDeclarations: [
        { name: "f", parameters: { type: "OBJECT", properties: { n: { type: "INTEGER", nullable: true } } } },
      ],
    },
  ]);
  assert.deepEqual(
    dropped.map((d) => d.path),
    ["tools[0].parameters.additionalProperties"],
  );
});

test("invalid tools name the offending path", () => {
  assert.throws(
    () => decodeTools([{ functionDeclarations: [{ description: "x" }] }], "tools", undefined),
    (e: unknown) => e instanceof SwitchyardError && e.param === "tools[0].functionDeclarations[0].name",
  );
  assert.throws(
    () => decodeTools([{ function_declarations: "nope" }], "tools", undefined),
    (e: unknown) => e instanceof SwitchyardError && e.param === "tools[0].function_declarations",
  );
});

test("functionCallingConfig ↔ tool_choice, every mode", () => {
  const cases: Array<[Record<string, unknown>, unknown]> = [
    [{ mode: "AUTO" }, "auto"],
    [{ mode: "NONE" }, "none"],
    [{ mode: "ANY" }, "required"],
    [
      { mode: "ANY", allowedFunctionNames: ["a"] },
      { type: "function", name: "a" },
    ],
    [
      { mode: "ANY", allowedFunctionNames: ["a", "b"] },
      {
        type: "allowed_tools",
        mode: "required",
        tools: [
          { type: "function", name: "a" },
          { type: "function", name: "b" },
        ],
      },
    ],
    [
      { mode: "AUTO", allowedFunctionNames: ["a"] },
      { type: "allowed_tools", mode: "auto", tools: [{ type: "function", name: "a" }] },
    ],
  ];
  for (const [fcc, choice] of cases) {
    const d = decodeToolConfig({ functionCallingConfig: fcc }, "toolConfig");
    assert.deepEqual(d.tool_choice, choice, JSON.stringify(fcc));
    assert.equal(d.residual, undefined);
    assert.deepEqual(encodeToolConfig(d.tool_choice, d.residual, []), { functionCallingConfig: fcc });
  }
});

test("VALIDATED reads as auto and survives; other toolConfig fields stay raw", () => {
  const native = {
    functionCallingConfig: { mode: "VALIDATED", streamFunctionCallArguments: true },
    retrievalConfig: { languageCode: "en" },
  };
  const d = decodeToolConfig(native, "toolConfig");
  assert.equal(d.tool_choice, "auto");
  assert.deepEqual(encodeToolConfig(d.tool_choice, d.residual, []), native);
  // a caller that changes its mind is obeyed over the kept mode
  assert.deepEqual(encodeToolConfig("none", d.residual, [])?.functionCallingConfig, {
    mode: "NONE",
    streamFunctionCallArguments: true,
  });
});

test("tool choices Gemini cannot express are reported", () => {
  const dropped: Dropped[] = [];
  assert.equal(encodeToolConfig({ type: "web_search_preview" }, undefined, dropped), undefined);
  assert.deepEqual(
    encodeToolConfig(
      {
        type: "allowed_tools",
        mode: "auto",
        tools: [
          { type: "function", name: "a" },
          { type: "mcp", server_label: "s" },
        ],
      },
      undefined,
      dropped,
    ),
    { functionCallingConfig: { mode: "AUTO", allowedFunctionNames: ["a"] } },
  );
  assert.deepEqual(
    dropped.map((d) => d.path),
    ["tool_choice", "tool_choice.tools[1]"],
  );
});

test("an unknown calling mode names its path", () => {
  assert.throws(
    () => decodeToolConfig({ functionCallingConfig: { mode: "SOMETIMES" } }, "toolConfig"),
    (e: unknown) => e instanceof SwitchyardError && e.param === "toolConfig.functionCallingConfig.mode",
  );
});
