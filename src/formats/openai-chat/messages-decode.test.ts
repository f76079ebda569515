import assert from "node:assert/strict";
import { test } from "node:test";
import type { Dropped } from "../../ir/dropped.ts";
import { SwitchyardError } from "../../ir/error.ts";
import { decodeMessages } from "./messages-decode.ts";
import { encodeMessages } from "./messages-encode.ts";

function roundTrip(messages: unknown[]): void {
  const dropped: Dropped[] = [];
  assert.deepEqual(encodeMessages(decodeMessages(messages, "messages"), dropped), messages);
  assert.deepEqual(dropped, []);
}

/** Items without interop, to compare against the shared IR conventions. */
function plain(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v, (k, x) => (k === "interop" ? undefined : x)));
}

test("system, developer, user and tool messages keep their content form", () => {
  roundTrip([
    { role: "system", content: "s" },
    {
      role: "system",
      content: [
        { type: "text", text: "s1" },
        { type: "text", text: "s2" },
      ],
      name: "ops",
    },
    { role: "developer", content: "d" },
    { role: "user", content: "u", name: "alice" },
    {
      role: "user",
      content: [
        { type: "text", text: "look" },
        { type: "image_url", image_url: { url: "https://x/i.png" } },
      ],
    },
  ]);
  assert.deepEqual(plain(decodeMessages([{ role: "developer", content: "d" }], "messages")), [
    { type: "message", role: "developer", content: "d" },
  ]);
});

test("every assistant form round-trips exactly", () => {
  const call = { id: "call_1", type: "function", function: { name: "f", arguments: "{}" } };
  const custom = { id: "call_2", type: "custom", custom: { name: "g", input: "free text" } };
  roundTrip([{ role: "assistant", content: "hello" }]);
  roundTrip([
    {
      role: "assistant",
      content: [
        { type: "text", text: "a" },
        { type: "text", text: "b" },
      ],
    },
  ]);
  roundTrip([{ role: "assistant", content: null, refusal: "I can't." }]);
  roundTrip([{ role: "assistant", content: [{ type: "refusal", refusal: "no" }] }]);
  roundTrip([{ role: "assistant", tool_calls: [call] }]);
  roundTrip([{ role: "assistant", content: null, tool_calls: [call, custom] }]);
  roundTrip([{ role: "assistant", content: "", tool_calls: [call] }]);
  roundTrip([{ role: "assistant", content: "x", refusal: null, name: "bot", tool_calls: [call] }]);
  roundTrip([{ role: "assistant", content: null, audio: { id: "audio_1" } }]);
  roundTrip([{ role: "assistant", content: null }]);
  roundTrip([{ role: "assistant", content: "t", tool_calls: [] }]);
  // Two assistant messages in a row stay two, even when one only calls tools.
  roundTrip([
    { role: "assistant", tool_calls: [call] },
    { role: "assistant", tool_calls: [custom] },
  ]);
  roundTrip([
    { role: "assistant", content: "a" },
    { role: "assistant", content: "b" },
  ]);
});

test("assistant messages decode to the shared IR shapes, tool calls after the text", () => {
  const items = decodeMessages(
    [
      {
        role: "assistant",
        content: "Checking.",
        tool_calls: [{ id: "call_1", type: "function", function: { name: "f", arguments: '{"a":1}' } }],
      },
      { role: "tool", tool_call_id: "call_1", content: "42" },
    ],
    "messages",
  );
  assert.deepEqual(plain(items), [
    {
      type: "message",
      role: "assistant",
      content: [{ type: "output_text", text: "Checking.", annotations: [] }],
    },
    { type: "function_call", call_id: "call_1", name: "f", arguments: '{"a":1}' },
    { type: "function_call_output", call_id: "call_1", output: "42" },
  ]);
});

test("tool results: text parts, and custom tool calls answered as custom outputs", () => {
  const msgs = [
    { role: "assistant", tool_calls: [{ id: "c9", type: "custom", custom: { name: "sh", input: "ls" } }] },
    { role: "tool", tool_call_id: "c9", content: [{ type: "text", text: "a.txt" }] },
  ];
  roundTrip(msgs);
  const items = plain(decodeMessages(msgs, "messages")) as Array<{ type: string; output?: unknown }>;
  assert.equal(items[1]?.type, "custom_tool_call_output");
  assert.deepEqual(items[1]?.output, [{ type: "input_text", text: "a.txt" }]);
});

test("the deprecated function_call / function role map to calls and outputs with derived ids", () => {
  const msgs = [
    { role: "user", content: "weather?" },
    { role: "assistant", content: null, function_call: { name: "weather", arguments: "{}" } },
    { role: "function", name: "weather", content: "sunny" },
    { role: "function", name: "other", content: null },
  ];
  roundTrip(msgs);
  const items = plain(decodeMessages(msgs, "messages"));
  assert.deepEqual(items, [
    { type: "message", role: "user", content: "weather?" },
    { type: "function_call", call_id: "call_legacy_1_weather", name: "weather", arguments: "{}" },
    { type: "function_call_output", call_id: "call_legacy_1_weather", output: "sunny" },
    { type: "function_call_output", call_id: "call_legacy_3_other", output: "" },
  ]);
});

test("malformed messages name the offending path", () => {
  const cases: Array<[unknown, string]> = [
    ["not an array", "messages"],
    [[{ content: "x" }], "messages[0].role"],
    [[{ role: "robot", content: "x" }], "messages[0].role"],
    [[{ role: "user" }], "messages[0].content"],
    [[{ role: "user", content: [{ type: "image_url" }] }], "messages[0].content[0].image_url"],
    [
      [{ role: "system", content: [{ type: "image_url", image_url: { url: "u" } }] }],
      "messages[0].content[0].type",
    ],
    [[{ role: "tool", content: "x" }], "messages[0].tool_call_id"],
    [[{ role: "assistant", content: 5 }], "messages[0].content"],
    [
      [{ role: "assistant", tool_calls: [{ id: "c", type: "function", function: { name: "f" } }] }],
      "messages[0].tool_calls[0].function.arguments",
    ],
    [[{ role: "assistant", tool_calls: [{ id: "c", type: "code" }] }], "messages[0].tool_calls[0].type"],
    [
      [{ role: "assistant", content: [{ type: "image_url", image_url: { url: "u" } }] }],
      "messages[0].content[0].type",
    ],
    [[{ role: "function", content: "x" }], "messages[0].name"],
  ];
  for (const [messages, param] of cases) {
    assert.throws(
      () => decodeMessages(messages, "messages"),
      (e: unknown) => e instanceof SwitchyardError && e.kind === "invalid_request" && e.param === param,
      param,
    );
  }
});
