import assert from "node:assert/strict";
import { test } from "node:test";
import type { Dropped } from "../../ir/dropped.ts";
import type { IRRequest } from "../../ir/request.ts";
import { decodeToolChoice, decodeTools, encodeToolChoice, encodeTools } from "./tools.ts";

test("custom tools ↔ function tools; strict only when the native said so", () => {
  const native = [
    {
      name: "get_weather",
      description: "Weather",
      input_schema: { type: "object", properties: { city: { type: "string" } } },
      cache_control: { type: "ephemeral", ttl: "1h" },
    },
    { name: "strict_one", input_schema: { type: "object" }, strict: true, input_examples: [{}] },
  ];
  const { tools, raw } = decodeTools(native, "tools");
  assert.equal(raw, undefined);
  assert.deepEqual(tools, [
    {
      type: "function",
      name: "get_weather",
      description: "Weather",
      parameters: { type: "object", properties: { city: { type: "string" } } },
      strict: false,
      interop: { anthropic: { cache_control: { type: "ephemeral", ttl: "1h" } } },
    },
    {
      type: "function",
      name: "strict_one",
      parameters: { type: "object" },
      strict: true,
      interop: { anthropic: { raw: { input_examples: [{}] } } },
    },
  ]);
  const dropped: Dropped[] = [];
  assert.deepEqual(encodeTools(tools, raw, dropped), native);
  assert.deepEqual(dropped, []);
});

test("web search ↔ IR web_search; other server tools keep their place", () => {
  const native = [
    { type: "code_execution_20250825", name: "code_execution" },
    {
      type: "web_search_20250305",
      name: "web_search",
      allowed_domains: ["example.com"],
      max_uses: 3,
      user_location: { type: "approximate", city: "Paris", country: "FR" },
    },
    { name: "f", input_schema: { type: "object" } },
  ];
  const { tools, raw } = decodeTools(native, "tools");
  assert.deepEqual(raw, [native[0], null, null]);
  assert.deepEqual(tools[0], {
    type: "web_search",
    filters: { allowed_domains: ["example.com"] },
    user_location: { type: "approximate", city: "Paris", country: "FR" },
    interop: { anthropic: { raw: { type: "web_search_20250305", max_uses: 3 } } },
  });
  assert.deepEqual(encodeTools(tools, raw, []), native);
});

test("IR tools from OpenAI: missing schema, hosted tools reported", () => {
  const dropped: Dropped[] = [];
  const out = encodeTools(
    [
      { type: "function", name: "noargs", parameters: null, strict: true },
      { type: "web_search", search_context_size: "high" },
      { type: "file_search", vector_store_ids: ["vs_1"] },
    ],
    undefined,
    dropped,
  );
  assert.deepEqual(out, [
    { name: "noargs", input_schema: { type: "object", properties: {} }, strict: true },
    { type: "web_search_20250305", name: "web_search" },
  ]);
  assert.deepEqual(
    dropped.map((d) => d.path),
    ["tools[1].search_context_size", "tools[2]"],
  );
});

test("tool_choice ↔ IR tool_choice + parallel_tool_calls", () => {
  assert.deepEqual(decodeToolChoice({ type: "auto" }, "tool_choice"), { tool_choice: "auto" });
  assert.deepEqual(decodeToolChoice({ type: "any", disable_parallel_tool_use: true }, "tool_choice"), {
    tool_choice: "required",
    parallel_tool_calls: false,
  });
  assert.deepEqual(decodeToolChoice({ type: "tool", name: "f" }, "tool_choice"), {
    tool_choice: { type: "function", name: "f" },
  });
  assert.deepEqual(decodeToolChoice({ type: "none" }, "tool_choice"), { tool_choice: "none" });
  assert.throws(() => decodeToolChoice({ type: "tool" }, "tool_choice"), /tool_choice\.name/);

  const enc = (req: IRRequest, dropped: Dropped[] = []) => encodeToolChoice(req, undefined, dropped);
  assert.deepEqual(enc({ tool_choice: "required", parallel_tool_calls: false }), {
    type: "any",
    disable_parallel_tool_use: true,
  });
  assert.deepEqual(enc({ tool_choice: { type: "function", name: "f" } }), { type: "tool", name: "f" });
  assert.deepEqual(enc({ tool_choice: "none", parallel_tool_calls: false }), { type: "none" });
  // parallel_tool_calls alone needs a tool_choice to ride on.
  assert.deepEqual(
    enc({
      parallel_tool_calls: false,
      tools: [{ type: "function", name: "f", parameters: {}, strict: false }],
    }),
    {
      type: "auto",
      disable_parallel_tool_use: true,
    },
  );
  assert.equal(enc({ parallel_tool_calls: true }), undefined);
  const dropped: Dropped[] = [];
  assert.deepEqual(
    enc(
      { tool_choice: { type: "allowed_tools", mode: "required", tools: [{ type: "function", name: "f" }] } },
      dropped,
    ),
    { type: "any" },
  );
  assert.equal(dropped[0]?.path, "tool_choice.tools");
});
