import assert from "node:assert/strict";
import { test } from "node:test";
import { accumulate } from "./accumulate.ts";
import { replayAsStream } from "./replay.ts";
import type { IRResponse } from "./response.ts";
import { isTerminal } from "./stream.ts";

const answer: IRResponse = {
  id: "resp_1",
  model: "m",
  status: "completed",
  stop_reason: { kind: "tool_use" },
  usage: { input_tokens: 10, output_tokens: 20 },
  output: [
    { type: "reasoning", id: "rs_1", summary: [{ type: "summary_text", text: "Thinking about 🚀 weather" }] },
    {
      type: "message",
      id: "msg_1",
      role: "assistant",
      status: "completed",
      content: [{ type: "output_text", text: "Let me check the weather — 東京 first.", annotations: [] }],
    },
    { type: "function_call", call_id: "call_a", name: "weather", arguments: '{"city":"Tokyo"}', id: "fc_1" },
    { type: "function_call", call_id: "call_b", name: "weather", arguments: '{"city":"Paris"}', id: "fc_2" },
  ],
};

test("a replayed answer accumulates back to itself, whatever the chunk size", () => {
  for (const chunk of [1, 3, 16, 1000]) {
    const events = [...replayAsStream(answer, { chunk })];
    assert.deepEqual(accumulate(events), answer);
    assert.deepEqual(
      events.map((e) => e.sequence_number),
      events.map((_, i) => i),
    );
    assert.equal(events.filter(isTerminal).length, 1);
    assert.ok(isTerminal(events.at(-1)!));
  }
});

test("deltas never split a surrogate pair", () => {
  const events = [...replayAsStream(answer, { chunk: 1 })];
  for (const e of events) {
    if ("delta" in e && typeof e.delta === "string")
      assert.ok(!/[\ud800-\udbff]$/.test(e.delta), JSON.stringify(e.delta));
  }
});

test("an incomplete answer ends with response.incomplete", () => {
  const events = [
    ...replayAsStream({ ...answer, status: "incomplete", stop_reason: { kind: "max_tokens" } }),
  ];
  assert.equal(events.at(-1)?.type, "response.incomplete");
});
