import assert from "node:assert/strict";
import { test } from "node:test";
import { opaqueItem } from "../../ir/opaque.ts";
import type { IRResponse } from "../../ir/response.ts";
import { decodeResponse, encodeResponse } from "./response.ts";

const usage = {
  input_tokens: 10,
  output_tokens: 5,
  cache_read_input_tokens: 2,
  cache_creation_input_tokens: 0,
};

test("content blocks become output items in order, with deterministic ids", () => {
  const body = {
    id: "msg_01ABC",
    type: "message",
    role: "assistant",
    model: "claude-sonnet-4-5",
    content: [
      { type: "thinking", thinking: "plan", signature: "sig" },
      { type: "text", text: "Calling." },
      { type: "tool_use", id: "toolu_1", name: "f", input: { a: 1 } },
      { type: "container_upload", file_id: "file_1" },
    ],
    stop_reason: "tool_use",
    stop_sequence: null,
    usage,
  };
  const res = decodeResponse(body).value;
  assert.deepEqual(
    res.output.map((o) => [o.type, "id" in o ? o.id : undefined]),
    [
      ["reasoning", "rs_01ABC_0"],
      ["message", "msg_01ABC_1"],
      ["function_call", "toolu_1"],
      ["message", "item_01ABC_3"],
    ],
  );
  assert.deepEqual(res.output[2], {
    type: "function_call",
    call_id: "toolu_1",
    name: "f",
    arguments: '{"a":1}',
    id: "toolu_1",
    status: "completed",
  });
  assert.deepEqual(res.usage, {
    input_tokens: 12,
    output_tokens: 5,
    cached_input_tokens: 2,
    cache_write_tokens: 0,
  });
  assert.equal(res.stop_reason?.kind, "tool_use");
  assert.equal(res.status, "completed");
  assert.deepEqual(encodeResponse(res).value, body);
});

test("web search citations become url_citation annotations; native citations are kept", () => {
  const citation = {
    type: "web_search_result_location",
    cited_text: "It is sunny",
    url: "https://weather.example",
    title: "Weather",
    encrypted_index: "Eo8",
  };
  const res = decodeResponse({
    id: "msg_1",
    type: "message",
    role: "assistant",
    model: "m",
    content: [{ type: "text", text: "Sunny.", citations: [citation] }],
    stop_reason: "end_turn",
    stop_sequence: null,
    usage,
  }).value;
  const msg = res.output[0] as { content: unknown[] };
  assert.deepEqual(msg.content[0], {
    type: "output_text",
    text: "Sunny.",
    annotations: [
      {
        type: "url_citation",
        url: "https://weather.example",
        title: "Weather",
        start_index: 0,
        end_index: 6,
      },
    ],
    interop: { anthropic: { citations: [citation] } },
  });
});

test("max_tokens and context-window stops are incomplete answers", () => {
  const body = (stop: string) => ({
    id: "msg_1",
    type: "message",
    role: "assistant",
    model: "m",
    content: [],
    stop_reason: stop,
    stop_sequence: null,
    usage,
  });
  assert.equal(decodeResponse(body("max_tokens")).value.status, "incomplete");
  assert.equal(decodeResponse(body("model_context_window_exceeded")).value.status, "incomplete");
  assert.equal(decodeResponse(body("refusal")).value.stop_reason?.kind, "refusal");
});

test("an answer from another provider encodes as a Message", () => {
  const res: IRResponse = {
    id: "resp_1",
    model: "gpt-5",
    status: "completed",
    output: [
      { type: "reasoning", id: "rs_1", summary: [{ type: "summary_text", text: "thinking" }] },
      {
        type: "message",
        id: "msg_1",
        role: "assistant",
        status: "completed",
        content: [
          { type: "output_text", text: "Hello", annotations: [] },
          { type: "refusal", refusal: "But not that." },
        ],
      },
      { type: "function_call", call_id: "call_9", name: "f", arguments: '{"x":true}' },
      opaqueItem("gemini", "g1", { executableCode: { code: "1+1" } }),
    ],
    stop_reason: { kind: "tool_use", native: { format: "openai-chat", value: "tool_calls" } },
    usage: { input_tokens: 100, cached_input_tokens: 40, output_tokens: 20, reasoning_tokens: 5 },
    service_tier: "default",
  };
  const { value, dropped } = encodeResponse(res);
  assert.deepEqual(value, {
    id: "resp_1",
    type: "message",
    role: "assistant",
    model: "gpt-5",
    content: [
      { type: "thinking", thinking: "thinking", signature: "" },
      { type: "text", text: "Hello" },
      { type: "text", text: "But not that." },
      { type: "tool_use", id: "call_9", name: "f", input: { x: true } },
    ],
    stop_reason: "tool_use",
    stop_sequence: null,
    usage: {
      input_tokens: 60,
      output_tokens: 20,
      cache_creation_input_tokens: null,
      cache_read_input_tokens: 40,
      output_tokens_details: { thinking_tokens: 5 },
      service_tier: "standard",
    },
  });
  assert.deepEqual(
    dropped.map((d) => d.path),
    ["output[3]"],
  );
});

test("without a stop reason the answer's shape decides", () => {
  const base: IRResponse = { id: "r", model: "m", status: "completed", output: [] };
  assert.equal(encodeResponse(base).value.stop_reason, "end_turn");
  assert.equal(encodeResponse({ ...base, status: "incomplete" }).value.stop_reason, "max_tokens");
  assert.equal(
    encodeResponse({ ...base, output: [{ type: "function_call", call_id: "c", name: "f", arguments: "{}" }] })
      .value.stop_reason,
    "tool_use",
  );
});
