import assert from "node:assert/strict";
import { test } from "node:test";
import { accumulate } from "../../ir/accumulate.ts";
import type { IRStreamEvent } from "../../ir/stream.ts";
import { seal } from "../sealed-state.ts";
import { ResponsesStreamDecoder } from "./stream-decoder.ts";

const response = (status: string, extra: Record<string, unknown> = {}) => ({
  id: "resp_1",
  object: "response",
  created_at: 1700000000,
  status,
  model: "gpt-test",
  output: [],
  instructions: null,
  tools: [],
  usage: null,
  ...extra,
});

const usage = {
  input_tokens: 10,
  input_tokens_details: { cached_tokens: 4 },
  output_tokens: 20,
  output_tokens_details: { reasoning_tokens: 8 },
  total_tokens: 30,
};

/** Native events, framed as the SSE decoder hands them over. */
function run(events: Array<Record<string, unknown> | string>, end = true): IRStreamEvent[] {
  const d = new ResponsesStreamDecoder();
  const out: IRStreamEvent[] = [];
  for (const e of events) {
    const data = typeof e === "string" ? e : JSON.stringify(e);
    const type = typeof e === "string" ? undefined : (e.type as string);
    out.push(...d.push(type === undefined ? { data } : { event: type, data }));
  }
  if (end) out.push(...d.end());
  return out;
}

const created = { type: "response.created", sequence_number: 0, response: response("in_progress") };
const inProgress = { type: "response.in_progress", sequence_number: 1, response: response("in_progress") };
const msg = { id: "msg_1", type: "message", role: "assistant", status: "in_progress", content: [] };
const part = { type: "output_text", text: "", annotations: [] };
const textItem = (text: string) => ({
  ...msg,
  status: "completed",
  content: [{ type: "output_text", text, annotations: [] }],
});

function textStream(): Array<Record<string, unknown>> {
  return [
    created,
    inProgress,
    { type: "response.output_item.added", output_index: 0, item: msg },
    { type: "response.content_part.added", item_id: "msg_1", output_index: 0, content_index: 0, part },
    { type: "response.output_text.delta", item_id: "msg_1", output_index: 0, content_index: 0, delta: "Hel" },
    { type: "response.output_text.delta", item_id: "msg_1", output_index: 0, content_index: 0, delta: "lo" },
    { type: "response.output_text.done", item_id: "msg_1", output_index: 0, content_index: 0, text: "Hello" },
    {
      type: "response.content_part.done",
      item_id: "msg_1",
      output_index: 0,
      content_index: 0,
      part: { ...part, text: "Hello" },
    },
    { type: "response.output_item.done", output_index: 0, item: textItem("Hello") },
    { type: "response.completed", response: response("completed", { output: [textItem("Hello")], usage }) },
  ];
}

test("lifecycle events carry IRResponses: status, stop reason, usage, empty output, echo kept raw", () => {
  const evs = run(textStream());
  assert.deepEqual(
    evs.map((e) => e.sequence_number),
    evs.map((_, i) => i),
  );
  const first = evs[0]!;
  assert.equal(first.type, "response.created");
  assert.ok(first.type === "response.created");
  assert.deepEqual(first.response.output, []);
  assert.equal(first.response.status, "in_progress");
  assert.equal(first.response.stop_reason, undefined);
  assert.deepEqual(first.response.interop?.openai?.raw?.tools, []);
  const last = evs.at(-1)!;
  assert.ok(last.type === "response.completed");
  assert.deepEqual(last.response.output, []);
  assert.deepEqual(last.response.stop_reason, {
    kind: "end_turn",
    native: { format: "openai-responses", value: "completed" },
  });
  assert.deepEqual(last.response.usage, {
    input_tokens: 10,
    cached_input_tokens: 4,
    output_tokens: 20,
    reasoning_tokens: 8,
    total_tokens: 30,
  });
  const acc = accumulate(evs);
  assert.deepEqual(acc.output, [textItem("Hello")]);
  assert.equal(acc.status, "completed");
});

test("sequence numbers are renumbered from 0 whatever the upstream sent (or left out)", () => {
  const evs = run(textStream().map((e, i) => ({ ...e, sequence_number: 100 + i * 2 })));
  assert.deepEqual(
    evs.map((e) => e.sequence_number),
    evs.map((_, i) => i),
  );
});

test("stop reason: a pending function call is tool_use even when the final Response lists no output", () => {
  const call = { type: "function_call", id: "fc_1", call_id: "call_1", name: "get", arguments: "" };
  const evs = run([
    created,
    { type: "response.output_item.added", output_index: 0, item: call },
    { type: "response.function_call_arguments.delta", item_id: "fc_1", output_index: 0, delta: '{"a":' },
    { type: "response.function_call_arguments.delta", item_id: "fc_1", output_index: 0, delta: "1}" },
    { type: "response.function_call_arguments.done", item_id: "fc_1", output_index: 0, arguments: '{"a":1}' },
    {
      type: "response.output_item.done",
      output_index: 0,
      item: { ...call, arguments: '{"a":1}', status: "completed" },
    },
    { type: "response.completed", response: response("completed", { usage }) },
  ]);
  const last = evs.at(-1)!;
  assert.ok(last.type === "response.completed");
  assert.equal(last.response.stop_reason?.kind, "tool_use");
  const acc = accumulate(evs);
  assert.equal(acc.output[0]?.type, "function_call");
  assert.deepEqual(JSON.parse((acc.output[0] as { arguments: string }).arguments), { a: 1 });
});

test("parallel tool calls keep their own indexes and ids", () => {
  const call = (i: number) => ({
    type: "function_call",
    id: `fc_${i}`,
    call_id: `call_${i}`,
    name: `f${i}`,
    arguments: "",
  });
  const evs = run([
    created,
    { type: "response.output_item.added", output_index: 0, item: call(0) },
    { type: "response.function_call_arguments.delta", item_id: "fc_0", output_index: 0, delta: "{}" },
    { type: "response.output_item.done", output_index: 0, item: { ...call(0), arguments: "{}" } },
    { type: "response.output_item.added", output_index: 1, item: call(1) },
    { type: "response.function_call_arguments.delta", item_id: "fc_1", output_index: 1, delta: '{"x":2}' },
    { type: "response.output_item.done", output_index: 1, item: { ...call(1), arguments: '{"x":2}' } },
    { type: "response.completed", response: response("completed") },
  ]);
  const acc = accumulate(evs);
  assert.deepEqual(
    acc.output.map((o) => [(o as { call_id: string }).call_id, (o as { arguments: string }).arguments]),
    [
      ["call_0", "{}"],
      ["call_1", '{"x":2}'],
    ],
  );
  assert.equal(acc.stop_reason?.kind, "tool_use");
});

test("reasoning: summary events pass, sealed Anthropic state is opened on the item", () => {
  const sealed = seal({ origin: "anthropic", payload: "sig-abc" });
  const rs = { type: "reasoning", id: "rs_1", summary: [] };
  const evs = run([
    created,
    { type: "response.output_item.added", output_index: 0, item: rs },
    {
      type: "response.reasoning_summary_part.added",
      item_id: "rs_1",
      output_index: 0,
      summary_index: 0,
      part: { type: "summary_text", text: "" },
    },
    {
      type: "response.reasoning_summary_text.delta",
      item_id: "rs_1",
      output_index: 0,
      summary_index: 0,
      delta: "Think",
    },
    {
      type: "response.reasoning_summary_text.done",
      item_id: "rs_1",
      output_index: 0,
      summary_index: 0,
      text: "Think",
    },
    {
      type: "response.reasoning_summary_part.done",
      item_id: "rs_1",
      output_index: 0,
      summary_index: 0,
      part: { type: "summary_text", text: "Think" },
    },
    {
      type: "response.output_item.done",
      output_index: 0,
      item: { ...rs, summary: [{ type: "summary_text", text: "Think" }], encrypted_content: sealed },
    },
    { type: "response.completed", response: response("completed") },
  ]);
  const acc = accumulate(evs);
  assert.deepEqual(acc.output[0], {
    type: "reasoning",
    id: "rs_1",
    summary: [{ type: "summary_text", text: "Think" }],
    encrypted_content: "sig-abc",
    interop: { anthropic: { origin: true } },
  });
});

test("rotating ids (GitHub Copilot) are pinned to the first response id and each item's added id", () => {
  const evs = run([
    created,
    { ...inProgress, response: response("in_progress", { id: "resp_2" }) },
    { type: "response.output_item.added", output_index: 0, item: { ...msg, id: "a" } },
    { type: "response.content_part.added", item_id: "b", output_index: 0, content_index: 0, part },
    { type: "response.output_text.delta", item_id: "c", output_index: 0, content_index: 0, delta: "Hi" },
    { type: "response.output_item.done", output_index: 0, item: { ...textItem("Hi"), id: "d" } },
    { type: "response.completed", response: response("completed", { id: "resp_3" }) },
  ]);
  for (const e of evs) {
    if ("response" in e) assert.equal(e.response.id, "resp_1");
    if ("item_id" in e) assert.equal(e.item_id, "a");
    if ("item" in e) assert.equal((e.item as { id: string }).id, "a");
  }
});

test("error event, nested (recorded wire) form: IR error then the upstream's response.failed", () => {
  const evs = run([
    created,
    inProgress,
    {
      type: "error",
      sequence_number: 2,
      error: { type: "insufficient_quota", code: "insufficient_quota", message: "quota", param: null },
    },
    {
      type: "response.failed",
      sequence_number: 3,
      response: response("failed", { error: { code: "insufficient_quota", message: "quota" } }),
    },
  ]);
  assert.deepEqual(
    evs.map((e) => e.type),
    ["response.created", "response.in_progress", "error", "response.failed"],
  );
  assert.deepEqual(evs[2], {
    type: "error",
    code: "insufficient_quota",
    message: "quota",
    param: null,
    sequence_number: 2,
  });
  const last = evs[3]!;
  assert.ok(last.type === "response.failed");
  assert.deepEqual(last.response.error, { code: "insufficient_quota", message: "quota" });
  assert.equal(last.response.stop_reason?.kind, "error");
});

test("error event, spec (flat) form, and no response.failed after it: one is made", () => {
  const evs = run([
    created,
    { type: "error", code: "server_error", message: "boom", param: null },
    { type: "response.output_text.delta", item_id: "x", output_index: 0, content_index: 0, delta: "late" },
  ]);
  assert.deepEqual(
    evs.map((e) => e.type),
    ["response.created", "error", "response.failed"],
  );
  const last = evs[2]!;
  assert.ok(last.type === "response.failed");
  assert.deepEqual(last.response.error, { code: "server_error", message: "boom" });
  assert.equal(last.response.id, "resp_1");
});

test("truncation: end() without a terminal event gives error + response.failed", () => {
  const evs = run(textStream().slice(0, 5));
  assert.deepEqual(
    evs.slice(-2).map((e) => e.type),
    ["error", "response.failed"],
  );
  assert.match((evs.at(-2) as { message: string }).message, /truncated/);
  assert.equal(accumulate(evs).status, "failed");
});

test("malformed JSON fails the stream cleanly, never throws; later events are ignored", () => {
  const d = new ResponsesStreamDecoder();
  const out = [...d.push({ event: "response.created", data: '{"type":"response.created","response":{' })];
  out.push(...d.push({ data: JSON.stringify(textStream()[2]) }), ...d.end());
  assert.deepEqual(
    out.map((e) => e.type),
    ["response.created", "error", "response.failed"],
  );
  assert.match((out[1] as { message: string }).message, /malformed openai-responses stream event/);
});

test("a known event missing a field the IR needs is malformed", () => {
  const evs = run([created, { type: "response.output_text.delta", output_index: 0, content_index: 0 }]);
  assert.deepEqual(
    evs.map((e) => e.type),
    ["response.created", "error", "response.failed"],
  );
  assert.match((evs[1] as { message: string }).message, /delta/);
});

test("a stream opening with response.queued (background) still opens with response.created", () => {
  const evs = run([
    { type: "response.queued", response: response("queued", { background: true }) },
    ...textStream().slice(1),
  ]);
  assert.deepEqual(
    evs.slice(0, 3).map((e) => e.type),
    ["response.created", "response.queued", "response.in_progress"],
  );
});

test("an item left open is closed from the final Response's output", () => {
  const list = { type: "mcp_list_tools", id: "mcpl_1", server_label: "s", tools: [] };
  const evs = run([
    created,
    { type: "response.output_item.added", output_index: 0, item: list },
    {
      type: "response.completed",
      response: response("completed", { output: [{ ...list, tools: [{ name: "t" }] }] }),
    },
  ]);
  assert.deepEqual(
    evs.map((e) => e.type),
    ["response.created", "response.output_item.added", "response.output_item.done", "response.completed"],
  );
  assert.deepEqual(accumulate(evs).output, [{ ...list, tools: [{ name: "t" }] }]);
});

test("a refusal in the last message gives stop reason refusal", () => {
  const refusal = { ...msg, status: "completed", content: [{ type: "refusal", refusal: "No." }] };
  const evs = run([
    created,
    { type: "response.output_item.added", output_index: 0, item: msg },
    { type: "response.output_item.done", output_index: 0, item: refusal },
    { type: "response.completed", response: response("completed") },
  ]);
  assert.equal(accumulate(evs).stop_reason?.kind, "refusal");
});

test("incomplete: max_output_tokens maps to max_tokens", () => {
  const evs = run([
    created,
    {
      type: "response.incomplete",
      response: response("incomplete", { incomplete_details: { reason: "max_output_tokens" }, usage }),
    },
  ]);
  const last = evs.at(-1)!;
  assert.ok(last.type === "response.incomplete");
  assert.equal(last.response.stop_reason?.kind, "max_tokens");
  assert.equal(last.response.usage?.output_tokens, 20);
});

test("unknown event types ride along with new sequence numbers", () => {
  const evs = run([
    created,
    { type: "response.output_item.added", output_index: 0, item: { type: "apply_patch_call", id: "ap_1" } },
    { type: "response.apply_patch_call_operation_diff.delta", item_id: "ap_1", output_index: 0, delta: "+x" },
    { type: "response.output_item.done", output_index: 0, item: { type: "apply_patch_call", id: "ap_1" } },
    { type: "response.completed", response: response("completed") },
  ]);
  assert.equal(evs[2]?.type as string, "response.apply_patch_call_operation_diff.delta");
  assert.equal(evs[2]?.sequence_number, 2);
});
