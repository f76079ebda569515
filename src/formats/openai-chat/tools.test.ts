import assert from "node:assert/strict";
import { test } from "node:test";
import type { Dropped } from "../../ir/dropped.ts";
import { SwitchyardError } from "../../ir/error.ts";
import {
  decodeLegacyFunction,
  decodeLegacyFunctionCall,
  decodeTool,
  decodeToolChoice,
  decodeWebSearchOptions,
  encodeToolChoice,
  encodeTools,
  type IRTool,
} from "./tools.ts";

test("function and custom tools round-trip, strict kept exactly", () => {
  const tools = [
    { type: "function", function: { name: "a", parameters: { type: "object", properties: {} } } },
    {
      type: "function",
      function: { name: "b", description: "B", parameters: { type: "object" }, strict: true },
    },
    { type: "function", function: { name: "c", strict: false } },
    { type: "function", function: { name: "d", strict: null } },
    { type: "custom", custom: { name: "e", description: "E", format: { type: "text" } } },
    {
      type: "custom",
      custom: { name: "f", format: { type: "grammar", grammar: { definition: "start: x", syntax: "lark" } } },
    },
  ];
  const ir = tools.map((t, i) => decodeTool(t, `tools[${i}]`));
  const dropped: Dropped[] = [];
  assert.deepEqual(encodeTools(ir, dropped).tools, tools);
  assert.deepEqual(dropped, []);
});

test("decoded tools take the Responses shapes; absent strict reads as non-strict", () => {
  const { interop: _i, ...a } = decodeTool(
    { type: "function", function: { name: "a", description: "A", parameters: { type: "object" } } },
    "t",
  ) as IRTool & { interop?: unknown };
  assert.deepEqual(a, {
    type: "function",
    name: "a",
    description: "A",
    parameters: { type: "object" },
    strict: false,
  });
  assert.deepEqual(
    decodeTool(
      {
        type: "custom",
        custom: { name: "g", format: { type: "grammar", grammar: { definition: "d", syntax: "regex" } } },
      },
      "t",
    ),
    { type: "custom", name: "g", format: { type: "grammar", definition: "d", syntax: "regex" } },
  );
});

test("web_search_options ↔ the web_search tool", () => {
  const options = [
    {},
    { search_context_size: "low" },
    {
      user_location: {
        type: "approximate",
        approximate: { city: "Paris", country: "FR", timezone: "Europe/Paris" },
      },
    },
    { user_location: null },
  ];
  for (const o of options) {
    const tool = decodeWebSearchOptions(o, "web_search_options");
    assert.equal((tool as { type: string }).type, "web_search");
    assert.deepEqual(encodeTools([tool], []).web_search_options, o);
  }
  const dropped: Dropped[] = [];
  const enc = encodeTools(
    [
      {
        type: "web_search_preview",
        search_context_size: "high",
        user_location: { type: "approximate", city: "Oslo", region: null },
      },
      { type: "web_search", filters: { allowed_domains: ["a.com"] } },
    ],
    dropped,
  );
  assert.deepEqual(enc.web_search_options, {
    search_context_size: "high",
    user_location: { type: "approximate", approximate: { city: "Oslo" } },
  });
  assert.deepEqual(
    dropped.map((d) => d.path),
    ["tools[1]"],
  );
});

test("hosted tools and Responses-only tool fields are reported dropped", () => {
  const dropped: Dropped[] = [];
  const enc = encodeTools(
    [
      { type: "file_search", vector_store_ids: ["vs"] },
      { type: "function", name: "f", parameters: null, strict: null, defer_loading: true },
      { type: "web_search", filters: { allowed_domains: ["x.org"] } },
    ] as IRTool[],
    dropped,
  );
  assert.deepEqual(enc.tools, [{ type: "function", function: { name: "f", strict: null } }]);
  assert.deepEqual(
    dropped.map((d) => d.path),
    ["tools[0]", "tools[1].defer_loading", "tools[2].filters"],
  );
});

test("tool_choice: modes, named function and custom, allowed_tools", () => {
  const choices = [
    "none",
    "auto",
    "required",
    { type: "function", function: { name: "f" } },
    { type: "custom", custom: { name: "g" } },
    {
      type: "allowed_tools",
      allowed_tools: { mode: "required", tools: [{ type: "function", function: { name: "f" } }] },
    },
  ];
  for (const c of choices) {
    const ir = decodeToolChoice(c, "tool_choice");
    assert.deepEqual(encodeToolChoice(ir, false, []), { tool_choice: c });
  }
  assert.deepEqual(decodeToolChoice({ type: "function", function: { name: "f" } }, "tool_choice"), {
    type: "function",
    name: "f",
  });
  assert.deepEqual(
    decodeToolChoice(
      {
        type: "allowed_tools",
        allowed_tools: { mode: "auto", tools: [{ type: "function", function: { name: "f" } }] },
      },
      "tc",
    ),
    { type: "allowed_tools", mode: "auto", tools: [{ type: "function", name: "f" }] },
  );
  const dropped: Dropped[] = [];
  assert.deepEqual(encodeToolChoice({ type: "web_search_preview" }, false, dropped), {});
  assert.deepEqual(
    dropped.map((d) => d.path),
    ["tool_choice"],
  );
  assert.throws(
    () => decodeToolChoice({ type: "function", function: {} }, "tool_choice"),
    (e: unknown) => e instanceof SwitchyardError && e.param === "tool_choice.function.name",
  );
  assert.throws(
    () => decodeToolChoice("always", "tool_choice"),
    (e: unknown) => e instanceof SwitchyardError && e.param === "tool_choice",
  );
});

test("the deprecated functions / function_call pair goes back as such", () => {
  const fns = [{ name: "f", parameters: { type: "object" } }];
  const ir = fns.map((f, i) => decodeLegacyFunction(f, `functions[${i}]`));
  const enc = encodeTools(ir, []);
  assert.deepEqual(enc.functions, fns);
  assert.deepEqual(enc.tools, []);
  for (const fc of ["none", "auto", { name: "f" }]) {
    assert.deepEqual(encodeToolChoice(decodeLegacyFunctionCall(fc, "function_call"), true, []), {
      function_call: fc,
    });
  }
});

test("tool validation names the path", () => {
  assert.throws(
    () => decodeTool({ type: "function", function: { parameters: {} } }, "tools[2]"),
    (e: unknown) => e instanceof SwitchyardError && e.param === "tools[2].function.name",
  );
  assert.throws(
    () => decodeTool({ type: "retrieval" }, "tools[0]"),
    (e: unknown) => e instanceof SwitchyardError && e.param === "tools[0].type",
  );
});
