import assert from "node:assert/strict";
import { test } from "node:test";
import type { Dropped } from "../../ir/dropped.ts";
import { opaqueItem } from "../../ir/opaque.ts";
import type { IRInputItem } from "../../ir/request.ts";
import { encodeMessages } from "./messages-encode.ts";

function encode(items: unknown[]): { messages: unknown[]; dropped: Dropped[] } {
  const dropped: Dropped[] = [];
  return { messages: encodeMessages(items as IRInputItem[], dropped), dropped };
}

test("another format's turn (thinking, text, parallel calls) becomes one assistant message", () => {
  const { messages, dropped } = encode([
    { type: "message", role: "user", content: "Weather in Paris and Oslo?" },
    {
      type: "reasoning",
      id: "rs_1",
      summary: [{ type: "summary_text", text: "two calls" }],
      encrypted_content: "sig",
      interop: { anthropic: { origin: true } },
    },
    {
      type: "message",
      role: "assistant",
      content: [{ type: "output_text", text: "Checking both.", annotations: [] }],
    },
    {
      type: "function_call",
      call_id: "toolu_1",
      name: "weather",
      arguments: '{"city":"Paris"}',
      interop: { gemini: { thoughtSignature: "c2ln" } },
    },
    { type: "function_call", call_id: "toolu_2", name: "weather", arguments: '{"city":"Oslo"}' },
    { type: "function_call_output", call_id: "toolu_1", output: "18C" },
    { type: "function_call_output", call_id: "toolu_2", output: "failed", interop: { is_error: true } },
  ]);
  assert.deepEqual(messages, [
    { role: "user", content: "Weather in Paris and Oslo?" },
    {
      role: "assistant",
      content: "Checking both.",
      tool_calls: [
        { id: "toolu_1", type: "function", function: { name: "weather", arguments: '{"city":"Paris"}' } },
        { id: "toolu_2", type: "function", function: { name: "weather", arguments: '{"city":"Oslo"}' } },
      ],
    },
    { role: "tool", content: "18C", tool_call_id: "toolu_1" },
    { role: "tool", content: "failed", tool_call_id: "toolu_2" },
  ]);
  assert.deepEqual(dropped, [
    { path: "input[1]", reason: "reasoning items have no equivalent in openai-chat" },
    { path: "input[3].interop.gemini.thoughtSignature", reason: "no equivalent in openai-chat" },
    { path: "input[6].interop.is_error", reason: "openai-chat tool messages cannot flag an error" },
  ]);
});

test("tool calls with no text get content null; text after a call joins the same message", () => {
  const { messages } = encode([
    { type: "function_call", call_id: "a", name: "f", arguments: "{}" },
    {
      type: "message",
      role: "assistant",
      content: [{ type: "output_text", text: "after", annotations: [] }],
    },
    { type: "function_call_output", call_id: "a", output: "ok" },
  ]);
  assert.deepEqual(messages, [
    {
      role: "assistant",
      content: "after",
      tool_calls: [{ id: "a", type: "function", function: { name: "f", arguments: "{}" } }],
    },
    { role: "tool", content: "ok", tool_call_id: "a" },
  ]);
  assert.deepEqual(encode([{ type: "function_call", call_id: "b", name: "g", arguments: "{}" }]).messages, [
    {
      role: "assistant",
      content: null,
      tool_calls: [{ id: "b", type: "function", function: { name: "g", arguments: "{}" } }],
    },
  ]);
});

test("several texts of one turn stay separate parts (no guessing where spaces go)", () => {
  const text = (t: string) => ({
    type: "message",
    role: "assistant",
    content: [{ type: "output_text", text: t, annotations: [] }],
  });
  const { messages } = encode([
    text("Let me search."),
    { type: "web_search_call", id: "ws", status: "completed", action: { type: "search", query: "q" } },
    text("Found it: "),
    text("42."),
  ]);
  assert.deepEqual(messages, [
    {
      role: "assistant",
      content: [
        { type: "text", text: "Let me search." },
        { type: "text", text: "Found it: " },
        { type: "text", text: "42." },
      ],
    },
  ]);
});

test("images and files of tool results move to a user message after the tool messages", () => {
  const { messages, dropped } = encode([
    { type: "function_call", call_id: "a", name: "shot", arguments: "{}" },
    { type: "function_call", call_id: "b", name: "shot", arguments: "{}" },
    {
      type: "function_call_output",
      call_id: "a",
      output: [
        { type: "input_text", text: "screenshot:" },
        { type: "input_image", image_url: "data:image/png;base64,AAA", detail: "high" },
      ],
    },
    {
      type: "function_call_output",
      call_id: "b",
      output: [{ type: "input_file", file_data: "data:application/pdf;base64,QQ", filename: "r.pdf" }],
    },
    { type: "message", role: "user", content: "thanks" },
  ]);
  assert.deepEqual(messages.slice(1), [
    { role: "tool", content: [{ type: "text", text: "screenshot:" }], tool_call_id: "a" },
    { role: "tool", content: "", tool_call_id: "b" },
    {
      role: "user",
      content: [
        { type: "image_url", image_url: { url: "data:image/png;base64,AAA", detail: "high" } },
        { type: "file", file: { file_data: "data:application/pdf;base64,QQ", filename: "r.pdf" } },
      ],
    },
    { role: "user", content: "thanks" },
  ]);
  assert.deepEqual(dropped, []);
});

test("Responses-style assistant input (string or input_text) and refusals are accepted", () => {
  const { messages, dropped } = encode([
    { role: "assistant", content: "plain" },
    { type: "message", role: "user", content: "and?" },
    {
      type: "message",
      role: "assistant",
      content: [
        {
          type: "output_text",
          text: "cited",
          annotations: [{ type: "url_citation", start_index: 0, end_index: 5, title: "t", url: "u" }],
        },
        { type: "refusal", refusal: "not that" },
      ],
    },
  ]);
  assert.deepEqual(messages, [
    { role: "assistant", content: "plain" },
    { role: "user", content: "and?" },
    { role: "assistant", content: "cited", refusal: "not that" },
  ]);
  assert.deepEqual(
    dropped.map((d) => d.path),
    ["input[2].content[0].annotations"],
  );
});

test("opaque items: this format's are re-emitted, other formats' reported", () => {
  const { messages, dropped } = encode([
    opaqueItem("chat", "chat_audio_0", { audio: { id: "audio_9" } }),
    opaqueItem("anthropic", "x", { type: "container_upload", file_id: "f" }),
    { type: "web_search_call", id: "ws", status: "completed", action: { type: "search", query: "q" } },
    { type: "item_reference", id: "msg_1" },
  ]);
  assert.deepEqual(messages, [{ role: "assistant", content: null, audio: { id: "audio_9" } }]);
  assert.deepEqual(
    dropped.map((d) => d.path),
    ["input[1]", "input[2]", "input[3]"],
  );
});

test("system and developer messages keep text only", () => {
  const { messages, dropped } = encode([
    {
      type: "message",
      role: "system",
      content: [
        { type: "input_text", text: "rules" },
        { type: "input_image", image_url: "https://x/logo.png", detail: "auto" },
      ],
    },
  ]);
  assert.deepEqual(messages, [{ role: "system", content: [{ type: "text", text: "rules" }] }]);
  assert.deepEqual(
    dropped.map((d) => d.path),
    ["input[0].content[1]"],
  );
});
