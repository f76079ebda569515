import assert from "node:assert/strict";
import { test } from "node:test";
import type { StopKind } from "../../ir/stop-reason.ts";
import {
  BLOCK_REASONS,
  decodeBlockReason,
  decodeFinishReason,
  encodeFinishReason,
  FINISH_REASONS,
  finishReasonFor,
} from "./finish-reason.ts";

test("the table covers every documented finish reason", () => {
  const documented = [
    "FINISH_REASON_UNSPECIFIED",
    "STOP",
    "MAX_TOKENS",
    "SAFETY",
    "RECITATION",
    "LANGUAGE",
    "OTHER",
    "BLOCKLIST",
    "PROHIBITED_CONTENT",
    "SPII",
    "MALFORMED_FUNCTION_CALL",
    "IMAGE_SAFETY",
    "IMAGE_PROHIBITED_CONTENT",
    "IMAGE_RECITATION",
    "IMAGE_OTHER",
    "NO_IMAGE",
    "UNEXPECTED_TOOL_CALL",
    "TOO_MANY_TOOL_CALLS",
    "MISSING_THOUGHT_SIGNATURE",
    "MALFORMED_RESPONSE",
    "CONTINUATION",
  ];
  assert.deepEqual(Object.keys(FINISH_REASONS).sort(), documented.sort());
});

test("every native value decodes to its kind and encodes back to itself", () => {
  const expected: Record<string, StopKind> = {
    STOP: "end_turn",
    MAX_TOKENS: "max_tokens",
    SAFETY: "content_filter",
    RECITATION: "content_filter",
    BLOCKLIST: "content_filter",
    PROHIBITED_CONTENT: "content_filter",
    SPII: "content_filter",
    IMAGE_SAFETY: "content_filter",
    IMAGE_PROHIBITED_CONTENT: "content_filter",
    IMAGE_RECITATION: "content_filter",
    MALFORMED_FUNCTION_CALL: "malformed_tool_call",
    UNEXPECTED_TOOL_CALL: "malformed_tool_call",
    TOO_MANY_TOOL_CALLS: "malformed_tool_call",
    MISSING_THOUGHT_SIGNATURE: "error",
    MALFORMED_RESPONSE: "error",
    CONTINUATION: "pause_turn",
    LANGUAGE: "other",
    OTHER: "other",
    IMAGE_OTHER: "other",
    NO_IMAGE: "other",
    FINISH_REASON_UNSPECIFIED: "other",
  };
  for (const native of Object.keys(FINISH_REASONS)) {
    const stop = decodeFinishReason(native, false);
    assert.equal(stop.kind, expected[native], native);
    assert.deepEqual(stop.native, { format: "gemini", value: native });
    assert.equal(encodeFinishReason(stop), native);
  }
});

test("STOP with function calls is tool_use, and goes back as STOP", () => {
  const stop = decodeFinishReason("STOP", true);
  assert.equal(stop.kind, "tool_use");
  assert.equal(encodeFinishReason(stop), "STOP");
  assert.equal(decodeFinishReason("MAX_TOKENS", true).kind, "max_tokens");
});

test("an unknown future value reads as other and is kept", () => {
  const stop = decodeFinishReason("SOMETHING_NEW", false);
  assert.equal(stop.kind, "other");
  assert.equal(encodeFinishReason(stop), "SOMETHING_NEW");
});

test("every IR kind from another format has a Gemini finish reason", () => {
  const kinds: Record<StopKind, string> = {
    end_turn: "STOP",
    stop_sequence: "STOP",
    tool_use: "STOP",
    pause_turn: "STOP",
    refusal: "SAFETY",
    content_filter: "SAFETY",
    context_window_exceeded: "MAX_TOKENS",
    malformed_tool_call: "MALFORMED_FUNCTION_CALL",
    max_tokens: "MAX_TOKENS",
    error: "OTHER",
    other: "OTHER",
  };
  for (const [kind, native] of Object.entries(kinds)) {
    assert.equal(finishReasonFor(kind as StopKind), native, kind);
    assert.equal(
      encodeFinishReason({ kind: kind as StopKind, native: { format: "anthropic-messages", value: "x" } }),
      native,
    );
  }
  assert.equal(encodeFinishReason(undefined), "STOP");
});

test("a blocked prompt is a content filter stop keeping its block reason", () => {
  for (const reason of BLOCK_REASONS) {
    assert.deepEqual(decodeBlockReason(reason), {
      kind: "content_filter",
      native: { format: "gemini", value: reason },
    });
  }
});
