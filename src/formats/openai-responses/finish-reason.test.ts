import assert from "node:assert/strict";
import { test } from "node:test";
import type { IROutputItem } from "../../ir/request.ts";
import type { StopKind, StopReason } from "../../ir/stop-reason.ts";
import {
  awaitsClient,
  decodeStopReason,
  encodeStopReason,
  type IncompleteReason,
  type ResponseStatus,
  unrepresentableStop,
} from "./finish-reason.ts";

const text = (t: string): IROutputItem => ({
  type: "message",
  id: "msg_1",
  role: "assistant",
  status: "completed",
  content: [{ type: "output_text", text: t, annotations: [] }],
});
const call: IROutputItem = { type: "function_call", call_id: "call_1", name: "f", arguments: "{}" };
const refusal: IROutputItem = {
  type: "message",
  id: "msg_2",
  role: "assistant",
  status: "completed",
  content: [{ type: "refusal", refusal: "I can't help with that." }],
};

/** Every native value, the output it needs, its kind. */
const TABLE: Array<[ResponseStatus, IncompleteReason | null, IROutputItem[], StopKind, string]> = [
  ["completed", null, [text("hi")], "end_turn", "completed"],
  ["completed", null, [text("let me look"), call], "tool_use", "completed"],
  ["completed", null, [refusal], "refusal", "completed"],
  ["incomplete", "max_output_tokens", [text("trunc")], "max_tokens", "incomplete:max_output_tokens"],
  ["incomplete", "content_filter", [], "content_filter", "incomplete:content_filter"],
  ["incomplete", null, [], "other", "incomplete"],
  ["failed", null, [], "error", "failed"],
  ["cancelled", null, [], "other", "cancelled"],
];

test("every native status decodes to its kind and encodes back exactly", () => {
  for (const [status, reason, output, kind, native] of TABLE) {
    const stop = decodeStopReason(status, reason, output);
    assert.deepEqual(stop, { kind, native: { format: "openai-responses", value: native } }, native);
    const back = encodeStopReason(status, stop);
    assert.equal(back.status, status);
    assert.deepEqual(back.incomplete_details, reason === null ? null : { reason });
  }
});

test("unfinished background responses have no stop reason", () => {
  assert.equal(decodeStopReason("queued", null, []), undefined);
  assert.equal(decodeStopReason("in_progress", null, []), undefined);
});

test("client calls answered in the same response (hosted shell) do not wait on the client", () => {
  const shell = { type: "shell_call", call_id: "c1", id: "sh_1", status: "completed", action: {} };
  const shellOut = { type: "shell_call_output", call_id: "c1", id: "sho_1", output: [] };
  assert.equal(awaitsClient([shell, shellOut] as unknown as IROutputItem[]), false);
  assert.equal(awaitsClient([shell] as unknown as IROutputItem[]), true);
  const approval = {
    type: "mcp_approval_request",
    id: "mcpr_1",
    name: "t",
    arguments: "{}",
    server_label: "s",
  };
  assert.equal(awaitsClient([approval] as unknown as IROutputItem[]), true);
  assert.equal(awaitsClient([text("x")]), false);
});

function foreign(kind: StopKind): StopReason {
  return { kind, native: { format: "anthropic-messages", value: kind } };
}

test("other formats' kinds map to Responses status and incomplete_details", () => {
  const cases: Array<[StopKind, ResponseStatus, IncompleteReason | null]> = [
    ["end_turn", "completed", null],
    ["stop_sequence", "completed", null],
    ["tool_use", "completed", null],
    ["refusal", "completed", null],
    ["pause_turn", "completed", null],
    ["other", "completed", null],
    ["max_tokens", "incomplete", "max_output_tokens"],
    ["context_window_exceeded", "incomplete", "max_output_tokens"],
    ["content_filter", "incomplete", "content_filter"],
    ["error", "failed", null],
    ["malformed_tool_call", "failed", null],
  ];
  for (const [kind, status, reason] of cases) {
    const out = encodeStopReason("completed", foreign(kind));
    assert.equal(out.status, status, kind);
    assert.deepEqual(out.incomplete_details, reason === null ? null : { reason }, kind);
  }
  assert.deepEqual(encodeStopReason("completed", undefined), {
    status: "completed",
    incomplete_details: null,
  });
  assert.equal(encodeStopReason("failed", foreign("max_tokens")).status, "failed");
});

test("only pause_turn is reported as having no Responses equivalent", () => {
  assert.equal(unrepresentableStop(foreign("pause_turn")), true);
  assert.equal(unrepresentableStop(foreign("end_turn")), false);
  assert.equal(unrepresentableStop(undefined), false);
});
