import assert from "node:assert/strict";
import { test } from "node:test";
import { SwitchyardError } from "../../ir/error.ts";
import type { IRRequest } from "../../ir/request.ts";
import { decodeRequest, encodeRequest } from "./request.ts";

function roundTrip(body: Record<string, unknown>): IRRequest {
  const ir = decodeRequest(body);
  assert.deepEqual(ir.dropped, []);
  const enc = encodeRequest(ir.value);
  assert.deepEqual(enc.dropped, []);
  assert.deepEqual(enc.value, body);
  return ir.value;
}

const messages = [{ role: "user", content: "hi" }];

test("every request field round-trips exactly", () => {
  const ir = roundTrip({
    model: "gpt-4o",
    messages,
    temperature: 0.2,
    top_p: null,
    stop: ["x", "y"],
    seed: 3,
    presence_penalty: 0.1,
    frequency_penalty: 0.2,
    n: 2,
    user: "u1",
    safety_identifier: "s1",
    metadata: { a: "b" },
    service_tier: "flex",
    store: true,
    logprobs: true,
    top_logprobs: 3,
    stream: true,
    stream_options: { include_usage: true, include_obfuscation: false },
    max_completion_tokens: 50,
    reasoning_effort: "high",
    verbosity: "low",
    response_format: {
      type: "json_schema",
      json_schema: { name: "x", schema: { type: "object" }, strict: true },
    },
    tools: [{ type: "function", function: { name: "f", parameters: { type: "object" }, strict: true } }],
    tool_choice: { type: "function", function: { name: "f" } },
    parallel_tool_calls: false,
    web_search_options: { search_context_size: "high" },
    prompt_cache_key: "k",
    prompt_cache_retention: "24h",
    moderation: { model: "omni-moderation-latest" },
    prediction: { type: "content", content: "x" },
    audio: { voice: "alloy", format: "mp3" },
    modalities: ["text", "audio"],
    logit_bias: { "12": 1 },
    vendor_knob: 1,
  });
  assert.equal(ir.max_output_tokens, 50);
  assert.deepEqual(ir.reasoning, { effort: "high" });
  assert.deepEqual(ir.include, ["message.output_text.logprobs"]);
  assert.deepEqual(ir.text, {
    verbosity: "low",
    format: { type: "json_schema", name: "x", schema: { type: "object" }, strict: true },
  });
  assert.deepEqual(ir.stream_options, { include_obfuscation: false });
  assert.deepEqual(Object.keys(ir.interop?.chat?.raw ?? {}).sort(), [
    "audio",
    "logit_bias",
    "modalities",
    "prediction",
    "stream_options",
    "vendor_knob",
  ]);
});

test("max_tokens goes back under its own name; max_completion_tokens is the default", () => {
  assert.equal(roundTrip({ model: "m", messages, max_tokens: 64 }).max_output_tokens, 64);
  assert.equal(
    roundTrip({ model: "m", messages, max_tokens: 64, max_completion_tokens: 128 }).max_output_tokens,
    128,
  );
  assert.deepEqual(encodeRequest({ model: "m", input: "hi", max_output_tokens: 10 }).value, {
    model: "m",
    messages,
    max_completion_tokens: 10,
  });
});

test("the deprecated functions / function_call pair round-trips", () => {
  roundTrip({
    model: "m",
    messages,
    functions: [{ name: "f", description: "F", parameters: { type: "object" } }],
    function_call: { name: "f" },
  });
});

test("instructions become a leading system message; string input a user message", () => {
  const enc = encodeRequest({ model: "m", instructions: "Be brief.", input: "hi" });
  assert.deepEqual(enc.value.messages, [
    { role: "system", content: "Be brief." },
    { role: "user", content: "hi" },
  ]);
});

test("what Chat cannot carry from another format is reported", () => {
  const enc = encodeRequest({
    model: "m",
    input: "hi",
    top_k: 40,
    previous_response_id: "resp_1",
    truncation: "auto",
    include: ["reasoning.encrypted_content", "message.output_text.logprobs"],
    reasoning: { effort: "high", budget_tokens: 16384, summary: "auto" },
    interop: { anthropic: { raw: { thinking: { type: "enabled" } }, cache_control: { type: "ephemeral" } } },
  });
  assert.equal(enc.value.reasoning_effort, "high");
  assert.equal(enc.value.logprobs, true);
  assert.deepEqual(enc.dropped.map((d) => d.path).sort(), [
    "include[0]",
    "interop.anthropic.cache_control",
    "interop.anthropic.raw.thinking",
    "previous_response_id",
    "reasoning.budget_tokens",
    "reasoning.summary",
    "top_k",
    "truncation",
  ]);
});

test("a budget without an effort reads through the effort table", () => {
  assert.equal(
    encodeRequest({ model: "m", input: "x", reasoning: { budget_tokens: 4000 } }).value.reasoning_effort,
    "low",
  );
  assert.equal(
    encodeRequest({ model: "m", input: "x", reasoning: { budget_tokens: 0 } }).value.reasoning_effort,
    "none",
  );
  assert.equal(
    encodeRequest({ model: "m", input: "x", reasoning: { budget_tokens: -1 } }).value.reasoning_effort,
    "medium",
  );
});

test("top_logprobs from Responses turns logprobs on, as Chat requires", () => {
  assert.equal(encodeRequest({ model: "m", input: "x", top_logprobs: 2 }).value.logprobs, true);
});

test("the model may come from the context; malformed fields name their path", () => {
  assert.equal(decodeRequest({ messages }, { model: "ctx-model" }).value.model, "ctx-model");
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ messages }, "model"],
    [{ model: "m" }, "messages"],
    [{ model: "m", messages, temperature: "hot" }, "temperature"],
    [{ model: "m", messages, seed: 1.5 }, "seed"],
    [{ model: "m", messages, stop: [1] }, "stop[0]"],
    [{ model: "m", messages, reasoning_effort: "extreme" }, "reasoning_effort"],
    [{ model: "m", messages, tools: [{ type: "function" }] }, "tools[0].function"],
    [
      { model: "m", messages, stream_options: { include_obfuscation: "yes" } },
      "stream_options.include_obfuscation",
    ],
  ];
  for (const [body, param] of cases) {
    assert.throws(
      () => decodeRequest(body),
      (e: unknown) => e instanceof SwitchyardError && e.kind === "invalid_request" && e.param === param,
      param,
    );
  }
  assert.throws(
    () => decodeRequest("nope"),
    (e: unknown) => e instanceof SwitchyardError && e.param === "",
  );
});

test("another provider's service tier is put in Chat's terms or reported", () => {
  assert.equal(encodeRequest({ model: "m", input: "x", service_tier: "auto" }).value.service_tier, "auto");
  const anthropic = encodeRequest({ model: "m", input: "x", service_tier: "standard_only" as "auto" });
  assert.equal(anthropic.value.service_tier, "default");
  const unknown = encodeRequest({ model: "m", input: "x", service_tier: "ultrafast" });
  assert.equal(unknown.value.service_tier, undefined);
  assert.deepEqual(
    unknown.dropped.map((d) => d.path),
    ["service_tier"],
  );
});
