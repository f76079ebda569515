import assert from "node:assert/strict";
import { test } from "node:test";
import type { StopKind } from "../../ir/stop-reason.ts";
import { ANTHROPIC_STOP_REASONS, decodeStopReason, encodeStopReason, stopFor } from "./finish-reason.ts";

test("every native stop_reason decodes to its kind and encodes back unchanged", () => {
  const kinds: Record<string, StopKind> = {
    end_turn: "end_turn",
    max_tokens: "max_tokens",
    stop_sequence: "stop_sequence",
    tool_use: "tool_use",
    pause_turn: "pause_turn",
    refusal: "refusal",
    model_context_window_exceeded: "context_window_exceeded",
    compaction: "other",
  };
  for (const value of ANTHROPIC_STOP_REASONS) {
    const stop = decodeStopReason(value, null);
    assert.equal(stop?.kind, kinds[value], value);
    assert.equal(encodeStopReason(stop), value);
  }
});

test("null stop_reason means none yet; unknown values are kept as other", () => {
  assert.equal(decodeStopReason(null, null), undefined);
  assert.equal(encodeStopReason(undefined), null);
  const odd = decodeStopReason("something_new", null);
  assert.equal(odd?.kind, "other");
  assert.equal(encodeStopReason(odd), "something_new");
});

test("the matched stop sequence is kept", () => {
  const stop = decodeStopReason("stop_sequence", "```");
  assert.deepEqual(stop, {
    kind: "stop_sequence",
    native: { format: "anthropic-messages", value: "stop_sequence" },
    sequence: "```",
  });
});

test("every IR stop kind encodes to the closest Anthropic value", () => {
  const expected: Record<StopKind, string> = {
    end_turn: "end_turn",
    stop_sequence: "stop_sequence",
    max_tokens: "max_tokens",
    tool_use: "tool_use",
    pause_turn: "pause_turn",
    refusal: "refusal",
    content_filter: "refusal",
    context_window_exceeded: "model_context_window_exceeded",
    malformed_tool_call: "end_turn",
    error: "end_turn",
    other: "end_turn",
  };
  for (const [kind, value] of Object.entries(expected)) {
    assert.equal(stopFor(kind as StopKind), value, kind);
    // A foreign native value does not leak through.
    assert.equal(
      encodeStopReason({ kind: kind as StopKind, native: { format: "gemini", value: "X" } }),
      value,
    );
  }
});
