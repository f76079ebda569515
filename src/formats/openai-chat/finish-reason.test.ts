import assert from "node:assert/strict";
import { test } from "node:test";
import type { StopKind } from "../../ir/stop-reason.ts";
import { CHAT_FINISH_REASONS, decodeFinishReason, encodeFinishReason, finishFor } from "./finish-reason.ts";

const KINDS: readonly StopKind[] = [
  "end_turn",
  "stop_sequence",
  "max_tokens",
  "tool_use",
  "pause_turn",
  "refusal",
  "content_filter",
  "context_window_exceeded",
  "malformed_tool_call",
  "error",
  "other",
];

test("every native finish_reason decodes to its kind and keeps the native value", () => {
  const expected: Record<string, StopKind> = {
    stop: "end_turn",
    length: "max_tokens",
    tool_calls: "tool_use",
    content_filter: "content_filter",
    function_call: "tool_use",
  };
  for (const value of CHAT_FINISH_REASONS) {
    assert.deepEqual(decodeFinishReason(value), {
      kind: expected[value],
      native: { format: "openai-chat", value },
    });
  }
});

test("every native finish_reason goes back unchanged, even where kinds are shared", () => {
  for (const value of CHAT_FINISH_REASONS) assert.equal(encodeFinishReason(decodeFinishReason(value)), value);
});

test("an unknown value from a compatible server reads as other and round-trips", () => {
  const stop = decodeFinishReason("eos");
  assert.equal(stop.kind, "other");
  assert.equal(encodeFinishReason(stop), "eos");
});

test("every IR kind from another format maps to a documented Chat value", () => {
  const expected: Record<StopKind, string> = {
    end_turn: "stop",
    stop_sequence: "stop",
    max_tokens: "length",
    tool_use: "tool_calls",
    pause_turn: "stop",
    refusal: "stop",
    content_filter: "content_filter",
    context_window_exceeded: "length",
    malformed_tool_call: "stop",
    error: "stop",
    other: "stop",
  };
  for (const kind of KINDS) {
    assert.equal(finishFor(kind), expected[kind]);
    assert.equal(
      encodeFinishReason({ kind, native: { format: "anthropic-messages", value: "x" } }),
      expected[kind],
    );
    assert.ok((CHAT_FINISH_REASONS as readonly string[]).includes(finishFor(kind)));
  }
  assert.equal(encodeFinishReason(undefined), undefined);
});
