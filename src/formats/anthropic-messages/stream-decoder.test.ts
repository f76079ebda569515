import assert from "node:assert/strict";
import { test } from "node:test";
import { accumulate } from "../../ir/accumulate.ts";
import type { IRLifecycleEvent, IRStreamEvent } from "../../ir/stream.ts";
import type { NativeStreamEvent } from "../wire-format.ts";
import { AnthropicStreamDecoder } from "./stream-decoder.ts";

type Json = Record<string, unknown>;

/** Output items as plain objects. */
const items = (ir: IRStreamEvent[]): Json[] => accumulate(ir).output as unknown as Json[];
const lifecycle = (e: IRStreamEvent | undefined): IRLifecycleEvent => e as IRLifecycleEvent;

function ev(data: Json): NativeStreamEvent {
  return { event: data.type as string, data: JSON.stringify(data) };
}

const start = (usage: Json = { input_tokens: 10, output_tokens: 1 }, extra: Json = {}): Json => ({
  type: "message_start",
  message: {
    id: "msg_01X",
    type: "message",
    role: "assistant",
    model: "claude-test",
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage,
    ...extra,
  },
});
const blockStart = (index: number, content_block: Json): Json => ({
  type: "content_block_start",
  index,
  content_block,
});
const delta = (index: number, d: Json): Json => ({ type: "content_block_delta", index, delta: d });
const stop = (index: number): Json => ({ type: "content_block_stop", index });
const messageDelta = (stop_reason: string, usage: Json = { output_tokens: 7 }): Json => ({
  type: "message_delta",
  delta: { stop_reason, stop_sequence: null },
  usage,
});
const messageStop = { type: "message_stop" };

function run(events: Json[], end = true): IRStreamEvent[] {
  const d = new AnthropicStreamDecoder();
  const out: IRStreamEvent[] = [];
  for (const e of events) out.push(...d.push(ev(e)));
  if (end) out.push(...d.end());
  return out;
}

const types = (ir: IRStreamEvent[]) => ir.map((e) => e.type);

test("a text answer: lifecycle, one message item, deltas, terminal with stop reason and usage", () => {
  const ir = run([
    start(),
    blockStart(0, { type: "text", text: "" }),
    { type: "ping" },
    delta(0, { type: "text_delta", text: "Hel" }),
    delta(0, { type: "text_delta", text: "lo" }),
    stop(0),
    messageDelta("end_turn"),
    messageStop,
  ]);
  assert.deepEqual(types(ir), [
    "response.created",
    "response.in_progress",
    "response.output_item.added",
    "response.content_part.added",
    "response.output_text.delta",
    "response.output_text.delta",
    "response.output_text.done",
    "response.content_part.done",
    "response.output_item.done",
    "response.completed",
  ]);
  assert.deepEqual(
    ir.map((e) => e.sequence_number),
    ir.map((_, i) => i),
  );
  const created = lifecycle(ir[0]);
  assert.equal(created.response.id, "msg_01X");
  assert.deepEqual(created.response.usage, { input_tokens: 10, output_tokens: 1 });
  const res = accumulate(ir);
  assert.equal(res.status, "completed");
  assert.deepEqual(res.stop_reason, {
    kind: "end_turn",
    native: { format: "anthropic-messages", value: "end_turn" },
  });
  assert.deepEqual(res.usage, { input_tokens: 10, output_tokens: 7 });
  assert.deepEqual(res.output, [
    {
      type: "message",
      id: "msg_01X_0",
      role: "assistant",
      status: "completed",
      content: [{ type: "output_text", text: "Hello", annotations: [] }],
    },
  ]);
});

test("parallel tool calls: id and name first, argument fragments, whole arguments at the stop", () => {
  const ir = run([
    start(),
    blockStart(0, { type: "tool_use", id: "toolu_a", name: "f", input: {} }),
    delta(0, { type: "input_json_delta", partial_json: "" }),
    delta(0, { type: "input_json_delta", partial_json: '{"x": ' }),
    delta(0, { type: "input_json_delta", partial_json: "1}" }),
    stop(0),
    blockStart(1, { type: "tool_use", id: "toolu_b", name: "g", input: {} }),
    delta(1, { type: "input_json_delta", partial_json: "" }),
    stop(1),
    messageDelta("tool_use"),
    messageStop,
  ]);
  const added = ir.filter((e) => e.type === "response.output_item.added");
  assert.deepEqual(
    added.map((e) => e.item),
    [
      {
        type: "function_call",
        call_id: "toolu_a",
        name: "f",
        arguments: "",
        id: "toolu_a",
        status: "in_progress",
      },
      {
        type: "function_call",
        call_id: "toolu_b",
        name: "g",
        arguments: "",
        id: "toolu_b",
        status: "in_progress",
      },
    ],
  );
  const argDeltas = ir.filter((e) => e.type === "response.function_call_arguments.delta").map((e) => e.delta);
  // The empty first fragment is skipped; a call without arguments sends `{}` once.
  assert.deepEqual(argDeltas, ['{"x": ', "1}", "{}"]);
  const res = accumulate(ir);
  assert.deepEqual(
    items(ir).map((o) => [o.call_id, o.arguments, o.status]),
    [
      ["toolu_a", '{"x": 1}', "completed"],
      ["toolu_b", "{}", "completed"],
    ],
  );
  assert.equal(res.stop_reason?.kind, "tool_use");
});

test("thinking: summary events, the signature on the reasoning item's done event", () => {
  const ir = run([
    start(),
    blockStart(0, { type: "thinking", thinking: "", signature: "" }),
    delta(0, { type: "thinking_delta", thinking: "Let me " }),
    delta(0, { type: "thinking_delta", thinking: "think." }),
    delta(0, { type: "signature_delta", signature: "sig123" }),
    stop(0),
    blockStart(1, { type: "redacted_thinking", data: "opaque" }),
    stop(1),
    messageDelta("end_turn"),
    messageStop,
  ]);
  assert.deepEqual(types(ir).slice(2, 9), [
    "response.output_item.added",
    "response.reasoning_summary_part.added",
    "response.reasoning_summary_text.delta",
    "response.reasoning_summary_text.delta",
    "response.reasoning_summary_text.done",
    "response.reasoning_summary_part.done",
    "response.output_item.done",
  ]);
  assert.deepEqual(accumulate(ir).output, [
    {
      type: "reasoning",
      id: "rs_01X_0",
      summary: [{ type: "summary_text", text: "Let me think." }],
      encrypted_content: "sig123",
      interop: { anthropic: { origin: true } },
    },
    {
      type: "reasoning",
      id: "rs_01X_1",
      summary: [],
      encrypted_content: "opaque",
      interop: { anthropic: { origin: true, redacted: true } },
    },
  ]);
});

test("citations: kept on the text part, web results announced as url annotations", () => {
  const citation = {
    type: "web_search_result_location",
    cited_text: "c",
    url: "https://example.com/a",
    title: "A",
    encrypted_index: "e",
  };
  const ir = run([
    start(),
    blockStart(0, { type: "text", text: "", citations: [] }),
    delta(0, { type: "citations_delta", citation }),
    delta(0, { type: "text_delta", text: "Cited." }),
    stop(0),
    blockStart(1, { type: "text", text: "" }),
    delta(1, { type: "text_delta", text: " More." }),
    stop(1),
    messageDelta("end_turn"),
    messageStop,
  ]);
  const ann = ir.find((e) => e.type === "response.output_text.annotation.added");
  assert.deepEqual((ann as { annotation: unknown }).annotation, {
    type: "url_citation",
    url: "https://example.com/a",
    title: "A",
    start_index: 0,
    end_index: 6,
  });
  const content = items(ir)[0]?.content as Json[];
  assert.equal(content.length, 2, "consecutive text blocks are one message");
  assert.deepEqual(content[0]?.interop, { anthropic: { citations: [citation] } });
});

test("web search: server_tool_use and its result are one web_search_call", () => {
  const ir = run([
    start(),
    blockStart(0, { type: "server_tool_use", id: "srvtoolu_1", name: "web_search", input: {} }),
    delta(0, { type: "input_json_delta", partial_json: '{"query": "news"}' }),
    stop(0),
    blockStart(1, {
      type: "web_search_tool_result",
      tool_use_id: "srvtoolu_1",
      content: [{ type: "web_search_result", url: "https://n.example", title: "N", encrypted_content: "x" }],
    }),
    stop(1),
    blockStart(2, { type: "code_execution_tool_result", tool_use_id: "srvtoolu_2", content: { type: "x" } }),
    stop(2),
    messageDelta("end_turn"),
    messageStop,
  ]);
  assert.deepEqual(
    types(ir).filter((t) => t.startsWith("response.web_search_call")),
    [
      "response.web_search_call.in_progress",
      "response.web_search_call.searching",
      "response.web_search_call.completed",
    ],
  );
  const [search, opaque] = items(ir);
  assert.equal(search?.type, "web_search_call");
  assert.equal(search?.status, "completed");
  assert.deepEqual(search?.action, {
    type: "search",
    query: "news",
    sources: [{ type: "url", url: "https://n.example" }],
  });
  assert.deepEqual(opaque?.interop, {
    anthropic: {
      raw: {
        item: { type: "code_execution_tool_result", tool_use_id: "srvtoolu_2", content: { type: "x" } },
      },
    },
  });
  assert.equal(opaque?.id, "item_01X_2");
});

test("message_delta usage is cumulative: present counts override the start's, max_tokens is incomplete", () => {
  const ir = run([
    start({ input_tokens: 5, cache_read_input_tokens: 0, output_tokens: 1, service_tier: "standard" }),
    blockStart(0, { type: "text", text: "" }),
    delta(0, { type: "text_delta", text: "x" }),
    stop(0),
    messageDelta("max_tokens", {
      input_tokens: 5,
      cache_read_input_tokens: 100,
      cache_creation_input_tokens: null,
      output_tokens: 50,
    }),
    messageStop,
  ]);
  const last = lifecycle(ir.at(-1));
  assert.equal(last.type, "response.incomplete");
  assert.equal(last.response.status, "incomplete");
  assert.deepEqual(last.response.usage, { input_tokens: 105, output_tokens: 50, cached_input_tokens: 100 });
  assert.equal(last.response.service_tier, "default");
});

test("an in-stream error event: open items close, then error and response.failed", () => {
  const d = new AnthropicStreamDecoder();
  const ir = [
    ...d.push(ev(start())),
    ...d.push(ev(blockStart(0, { type: "text", text: "" }))),
    ...d.push(ev(delta(0, { type: "text_delta", text: "part" }))),
    ...d.push({
      event: "error",
      data: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
    }),
  ];
  assert.deepEqual(types(ir).slice(-5), [
    "response.output_text.done",
    "response.content_part.done",
    "response.output_item.done",
    "error",
    "response.failed",
  ]);
  assert.deepEqual(ir.at(-2), {
    type: "error",
    code: "overloaded_error",
    message: "Overloaded",
    param: null,
    sequence_number: ir.length - 2,
  });
  const failed = lifecycle(ir.at(-1));
  assert.deepEqual(failed.response.error, { code: "server_error", message: "Overloaded" });
  assert.equal(items(ir)[0]?.status, "incomplete");
  assert.deepEqual(d.push(ev(messageStop)), [], "nothing follows the terminal event");
  assert.deepEqual(d.end(), []);
});

test("a truncated stream ends in error + response.failed at end()", () => {
  const ir = run([start(), blockStart(0, { type: "tool_use", id: "t", name: "f", input: {} })]);
  assert.deepEqual(types(ir).slice(-4), [
    "response.function_call_arguments.done",
    "response.output_item.done",
    "error",
    "response.failed",
  ]);
  assert.equal(items(ir)[0]?.status, "incomplete");
});

test("malformed JSON never throws: error + response.failed", () => {
  const d = new AnthropicStreamDecoder();
  const ir = [
    ...d.push(ev(start())),
    ...d.push({ event: "content_block_delta", data: '{"type":"content_block_de' }),
  ];
  assert.deepEqual(types(ir).slice(-2), ["error", "response.failed"]);
  assert.deepEqual(d.end(), []);
  // A structurally wrong event (a tool_use without id) fails the same way.
  const d2 = new AnthropicStreamDecoder();
  const ir2 = [...d2.push(ev(start())), ...d2.push(ev(blockStart(0, { type: "tool_use", name: "f" })))];
  assert.deepEqual(types(ir2).slice(-2), ["error", "response.failed"]);
});

test("a second message_start mid-stream does not restart the answer", () => {
  const ir = run([
    start(),
    blockStart(0, { type: "tool_use", id: "toolu_1", name: "f", input: {} }),
    delta(0, { type: "input_json_delta", partial_json: '{"a":' }),
    start({ input_tokens: 3, output_tokens: 1 }, { id: "msg_02Y" }),
    blockStart(0, { type: "text", text: "" }),
    delta(0, { type: "text_delta", text: "again" }),
    stop(0),
    messageDelta("end_turn"),
    messageStop,
  ]);
  assert.equal(types(ir).filter((t) => t === "response.created").length, 1);
  const res = accumulate(ir);
  assert.deepEqual(
    items(ir).map((o) => [o.type, o.id, o.status]),
    [
      ["function_call", "toolu_1", "incomplete"],
      ["message", "msg_02Y_0", "completed"],
    ],
  );
  assert.equal(res.id, "msg_01X");
});

test("content inside message_start (programmatic tool calling) becomes items", () => {
  const ir = run([
    start(
      { input_tokens: 0, output_tokens: 0 },
      {
        content: [
          { type: "tool_use", id: "toolu_9", name: "roll", input: { n: 2 }, caller: { type: "code" } },
        ],
        stop_reason: "tool_use",
      },
    ),
    messageStop,
  ]);
  const res = accumulate(ir);
  assert.equal(res.status, "completed");
  assert.equal(res.stop_reason?.native?.value, "tool_use");
  assert.deepEqual(res.output, [
    {
      type: "function_call",
      call_id: "toolu_9",
      name: "roll",
      arguments: '{"n":2}',
      id: "toolu_9",
      status: "completed",
      interop: { anthropic: { raw: { caller: { type: "code" } } } },
    },
  ]);
  assert.deepEqual(
    ir.filter((e) => e.type === "response.function_call_arguments.delta").map((e) => e.delta),
    ['{"n":2}'],
  );
});

test("ping and unknown events produce nothing", () => {
  const d = new AnthropicStreamDecoder();
  d.push(ev(start()));
  assert.deepEqual(d.push({ event: "ping", data: '{"type": "ping"}' }), []);
  assert.deepEqual(d.push(ev({ type: "future_event", x: 1 })), []);
});
