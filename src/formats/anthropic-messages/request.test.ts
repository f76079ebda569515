import assert from "node:assert/strict";
import { test } from "node:test";
import { SwitchyardError } from "../../ir/error.ts";
import type { IRInputItem, IRRequest } from "../../ir/request.ts";
import { decodeRequest, encodeRequest } from "./request.ts";

const base = { model: "claude-sonnet-4-5", max_tokens: 1024 };

function invalid(body: unknown, param: string): void {
  assert.throws(
    () => decodeRequest(body),
    (e: unknown) => e instanceof SwitchyardError && e.kind === "invalid_request" && e.param === param,
    param,
  );
}

test("validation names the offending path", () => {
  invalid(null, "");
  invalid({ max_tokens: 1, messages: [] }, "model");
  invalid({ model: "m", messages: [] }, "max_tokens");
  invalid({ ...base, messages: {} }, "messages");
  invalid({ ...base, messages: [{ role: "robot", content: "x" }] }, "messages[0].role");
  invalid({ ...base, messages: [{ role: "user", content: 3 }] }, "messages[0].content");
  invalid({ ...base, messages: [{ role: "user", content: [{ text: "x" }] }] }, "messages[0].content[0].type");
  invalid(
    { ...base, messages: [{ role: "user", content: [{ type: "text" }] }] },
    "messages[0].content[0].text",
  );
  invalid(
    { ...base, messages: [{ role: "assistant", content: [{ type: "tool_use", name: "f", input: {} }] }] },
    "messages[0].content[0].id",
  );
  invalid(
    { ...base, messages: [{ role: "user", content: [{ type: "tool_result" }] }] },
    "messages[0].content[0].tool_use_id",
  );
  invalid({ ...base, messages: [], system: [{ type: "image" }] }, "system[0].type");
  invalid({ ...base, messages: [], temperature: "hot" }, "temperature");
  invalid({ ...base, messages: [], tools: [{ name: "f" }] }, "tools[0].input_schema");
  invalid({ ...base, messages: [], thinking: { type: "enabled" } }, "thinking.budget_tokens");
});

test("unknown top-level fields are kept, not rejected", () => {
  const body = {
    ...base,
    messages: [],
    container: "c_1",
    mcp_servers: [{ type: "url", url: "u", name: "n" }],
  };
  const ir = decodeRequest(body).value;
  assert.deepEqual(ir.interop, { anthropic: { raw: { container: "c_1", mcp_servers: body.mcp_servers } } });
  assert.deepEqual(encodeRequest(ir).value, body);
});

test("a plain-string system prompt is instructions; a block list is a leading system message", () => {
  const str = decodeRequest({
    ...base,
    system: "Be brief.",
    messages: [{ role: "user", content: "hi" }],
  }).value;
  assert.equal(str.instructions, "Be brief.");
  const list = decodeRequest({
    ...base,
    system: [{ type: "text", text: "Long context", cache_control: { type: "ephemeral" } }],
    messages: [{ role: "user", content: "hi" }],
  }).value;
  assert.equal(list.instructions, undefined);
  assert.deepEqual((list.input as IRInputItem[])[0], {
    type: "message",
    role: "system",
    content: [
      {
        type: "input_text",
        text: "Long context",
        interop: { anthropic: { cache_control: { type: "ephemeral" } } },
      },
    ],
  });
});

test("instructions and system/developer messages from other formats gather into system", () => {
  const ir: IRRequest = {
    model: "claude-sonnet-4-5",
    instructions: "You are terse.",
    input: [
      { type: "message", role: "developer", content: "Use metric units." },
      { type: "message", role: "user", content: "Weather?" },
      { type: "message", role: "system", content: "Late note." },
      { type: "message", role: "assistant", content: "Sunny." },
    ],
  };
  const { value, dropped } = encodeRequest(ir);
  assert.deepEqual(value.system, [
    { type: "text", text: "You are terse." },
    { type: "text", text: "Use metric units." },
    { type: "text", text: "Late note." },
  ]);
  assert.deepEqual(value.messages, [
    { role: "user", content: "Weather?" },
    { role: "assistant", content: "Sunny." },
  ]);
  assert.equal(value.max_tokens, 16384);
  assert.deepEqual(dropped, []);
  // Models that take mid-conversation system messages get them in place.
  const late = encodeRequest({ ...ir, model: "claude-opus-4-8" }).value;
  assert.deepEqual(late.messages[1], { role: "system", content: "Late note." });
  assert.equal(
    encodeRequest({ model: "claude-haiku-4-5", instructions: "Only this." }).value.system,
    "Only this.",
  );
});

test("an OpenAI tool loop becomes tool_use / tool_result turns", () => {
  const ir: IRRequest = {
    model: "claude-haiku-4-5",
    max_output_tokens: 500,
    input: [
      { type: "message", role: "user", content: "Weather in Paris?" },
      { type: "function_call", call_id: "call_1", name: "weather", arguments: '{"city":"Paris"}' },
      { type: "function_call", call_id: "call_2", name: "time", arguments: "" },
      { type: "function_call_output", call_id: "call_1", output: "18C" },
      { type: "function_call_output", call_id: "call_2", output: "noon", interop: { is_error: true } },
      { type: "message", role: "user", content: [{ type: "input_text", text: "Thanks" }] },
    ],
    tools: [
      { type: "function", name: "weather", parameters: { type: "object", properties: {} }, strict: true },
    ],
    tool_choice: "auto",
    parallel_tool_calls: true,
  };
  const { value, dropped } = encodeRequest(ir);
  assert.deepEqual(value.messages, [
    { role: "user", content: "Weather in Paris?" },
    {
      role: "assistant",
      content: [
        { type: "tool_use", id: "call_1", name: "weather", input: { city: "Paris" } },
        { type: "tool_use", id: "call_2", name: "time", input: {} },
      ],
    },
    {
      role: "user",
      content: [
        { type: "tool_result", tool_use_id: "call_1", content: "18C" },
        { type: "tool_result", tool_use_id: "call_2", content: "noon", is_error: true },
        { type: "text", text: "Thanks" },
      ],
    },
  ]);
  assert.deepEqual(value.tool_choice, { type: "auto", disable_parallel_tool_use: false });
  assert.deepEqual(dropped, []);
});

test("reasoning continuity: only Anthropic's own thinking goes back", () => {
  const ir: IRRequest = {
    model: "claude-sonnet-4-5",
    max_output_tokens: 8000,
    reasoning: { effort: "low" },
    input: [
      { type: "message", role: "user", content: "Go" },
      {
        type: "reasoning",
        id: "rs_1",
        summary: [{ type: "summary_text", text: "openai thought" }],
        encrypted_content: "gAAA",
      },
      { type: "function_call", call_id: "c1", name: "f", arguments: "{}" },
      { type: "function_call_output", call_id: "c1", output: "ok" },
    ],
  };
  const { value, dropped } = encodeRequest(ir);
  assert.deepEqual(value.messages[1], {
    role: "assistant",
    content: [{ type: "tool_use", id: "c1", name: "f", input: {} }],
  });
  // The tool turn has no thinking block, which Anthropic rejects while thinking is on.
  assert.equal(value.thinking, undefined);
  assert.deepEqual(
    dropped.map((d) => d.path),
    ["input[1]", "reasoning"],
  );

  const own: IRRequest = {
    ...ir,
    input: [
      (ir.input as IRInputItem[])[0]!,
      {
        type: "reasoning",
        id: "rs_1",
        summary: [],
        encrypted_content: "REDACTED",
        interop: { anthropic: { origin: true, redacted: true } },
      } as IRInputItem,
      ...(ir.input as IRInputItem[]).slice(2),
    ],
  };
  const mine = encodeRequest(own);
  assert.deepEqual(mine.value.thinking, { type: "enabled", budget_tokens: 4096 });
  assert.deepEqual(mine.value.messages[1], {
    role: "assistant",
    content: [
      { type: "redacted_thinking", data: "REDACTED" },
      { type: "tool_use", id: "c1", name: "f", input: {} },
    ],
  });
  assert.deepEqual(mine.dropped, []);
});

test("a final assistant message is a prefill and stays", () => {
  const body = {
    ...base,
    messages: [
      { role: "user", content: "Name a color" },
      { role: "assistant", content: "The color is" },
    ],
  };
  assert.deepEqual(encodeRequest(decodeRequest(body).value).value, body);
});

test("consecutive messages of one role stay separate", () => {
  const body = {
    ...base,
    messages: [
      { role: "user", content: "one" },
      { role: "user", content: [{ type: "text", text: "two" }] },
    ],
  };
  assert.deepEqual(encodeRequest(decodeRequest(body).value).value, body);
});

test("sampling, stop, user, service tier and structured output map both ways", () => {
  const body = {
    ...base,
    messages: [{ role: "user", content: "x" }],
    temperature: 0.2,
    top_p: 0.9,
    top_k: 40,
    stop_sequences: ["END"],
    metadata: { user_id: "u-1" },
    service_tier: "standard_only",
    output_config: {
      format: { type: "json_schema", schema: { type: "object", title: "Dog profile", properties: {} } },
    },
  };
  const ir = decodeRequest(body).value;
  assert.equal(ir.user, "u-1");
  assert.equal(ir.service_tier, "default");
  assert.deepEqual(ir.stop, ["END"]);
  assert.equal(ir.top_k, 40);
  assert.deepEqual(ir.text, {
    format: {
      type: "json_schema",
      name: "Dog_profile",
      schema: body.output_config.format.schema,
      strict: true,
    },
  });
  assert.deepEqual(encodeRequest(ir).value, body);
});

test("what Anthropic cannot take is reported, never silent", () => {
  const { value, dropped } = encodeRequest({
    model: "claude-opus-4-7",
    input: "hi",
    temperature: 0.5,
    seed: 7,
    frequency_penalty: 1,
    metadata: { a: "b" },
    store: false,
    service_tier: "flex",
    text: { format: { type: "json_object" }, verbosity: "low" },
    interop: { openai: { raw: { prompt_cache_key: "k" } } },
  });
  assert.deepEqual(value.messages, [{ role: "user", content: "hi" }]);
  assert.equal(value.temperature, undefined);
  assert.deepEqual(dropped.map((d) => d.path).sort(), [
    "frequency_penalty",
    "interop.openai.raw.prompt_cache_key",
    "metadata",
    "seed",
    "service_tier",
    "temperature",
    "text.format",
    "text.verbosity",
  ]);
});

test("another provider's item state (Gemini thought signatures) is reported", () => {
  const { value, dropped } = encodeRequest({
    model: "claude-haiku-4-5",
    input: [
      { type: "message", role: "user", content: "Go" },
      {
        type: "function_call",
        call_id: "c1",
        name: "f",
        arguments: "{}",
        interop: { gemini: { thoughtSignature: "CiQB" } },
      } as IRInputItem,
      { type: "function_call_output", call_id: "c1", output: "ok" },
    ],
  });
  assert.equal(value.messages.length, 3);
  assert.deepEqual(
    dropped.map((d) => d.path),
    ["input[1].interop.gemini.thoughtSignature"],
  );
});

test("sampling values thinking does not allow are reported, not sent", () => {
  const { value, dropped } = encodeRequest({
    model: "claude-sonnet-4-5",
    input: "hi",
    reasoning: { effort: "low" },
    temperature: 0.2,
    top_p: 0.9,
    top_k: 5,
  });
  assert.deepEqual(value.thinking, { type: "enabled", budget_tokens: 4096 });
  assert.equal(value.temperature, undefined);
  assert.deepEqual(
    dropped.map((d) => d.path),
    ["temperature", "top_k", "top_p"],
  );
  const ok = encodeRequest({
    model: "claude-sonnet-4-5",
    input: "hi",
    reasoning: { effort: "low" },
    temperature: 1,
  });
  assert.equal(ok.value.temperature, 1);
  assert.deepEqual(ok.dropped, []);
});
