import assert from "node:assert/strict";
import { test } from "node:test";
import { anthropicSdkStream } from "../../../test/support/sdk-stream.ts";
import { accumulate } from "../../ir/accumulate.ts";
import type { IRResponse } from "../../ir/response.ts";
import type { IRStreamEvent } from "../../ir/stream.ts";
import { SSEDecoder } from "../../transport/sse-decoder.ts";
import { seal, unseal } from "../sealed-state.ts";
import { AnthropicStreamDecoder } from "./stream-decoder.ts";
import { AnthropicStreamEncoder } from "./stream-encoder.ts";

type Json = Record<string, unknown>;
type Ev = Record<string, unknown> & { type: string };

/** IR events with sequence numbers filled in. */
function seq(events: Ev[]): IRStreamEvent[] {
  return events.map((e, i) => ({ ...e, sequence_number: i }) as unknown as IRStreamEvent);
}

function encode(events: Ev[], end = true): string {
  const enc = new AnthropicStreamEncoder();
  let out = "";
  for (const ev of seq(events)) out += enc.push(ev);
  return end ? out + enc.end() : out;
}

function frames(wire: string): Json[] {
  const d = new SSEDecoder();
  return [...d.push(wire), ...d.end()].map((e) => {
    const data = JSON.parse(e.data) as Json;
    assert.equal(e.event, data.type, "event name equals the payload type");
    return data;
  });
}

/** Delta of the `message_delta` frame (second to last). */
function finalDelta(wire: string): Json {
  return frames(wire).at(-2)?.delta as Json;
}

function redecode(wire: string): IRResponse {
  const d = new AnthropicStreamDecoder();
  const sse = new SSEDecoder();
  const ir: IRStreamEvent[] = [];
  for (const e of [...sse.push(wire), ...sse.end()]) ir.push(...d.push(e));
  ir.push(...d.end());
  return accumulate(ir);
}

const res = (status: IRResponse["status"], extra: Partial<IRResponse> = {}): IRResponse => ({
  id: "resp_1",
  model: "m",
  status,
  output: [],
  ...extra,
});
const created = (extra: Partial<IRResponse> = {}): Ev => ({
  type: "response.created",
  response: res("in_progress", extra),
});
const completed = (extra: Partial<IRResponse> = {}): Ev => ({
  type: "response.completed",
  response: res("completed", extra),
});
const msgAdded = (i: number): Ev => ({
  type: "response.output_item.added",
  output_index: i,
  item: { type: "message", id: `m${i}`, role: "assistant", status: "in_progress", content: [] },
});
const partAdded = (i: number, c = 0): Ev => ({
  type: "response.content_part.added",
  output_index: i,
  content_index: c,
  item_id: `m${i}`,
  part: { type: "output_text", text: "", annotations: [] },
});
const text = (i: number, delta: string, c = 0): Ev => ({
  type: "response.output_text.delta",
  output_index: i,
  content_index: c,
  item_id: `m${i}`,
  delta,
  logprobs: [],
});
const partDone = (i: number, t: string, c = 0, interop?: Json): Ev => ({
  type: "response.content_part.done",
  output_index: i,
  content_index: c,
  item_id: `m${i}`,
  part: { type: "output_text", text: t, annotations: [], ...(interop ? { interop } : {}) },
});
const msgDone = (i: number, t: string): Ev => ({
  type: "response.output_item.done",
  output_index: i,
  item: {
    type: "message",
    id: `m${i}`,
    role: "assistant",
    status: "completed",
    content: [{ type: "output_text", text: t, annotations: [] }],
  },
});
const call = (id: string, name: string, args: string) => ({
  type: "function_call",
  id: `fc_${id}`,
  call_id: id,
  name,
  arguments: args,
  status: "completed",
});
const callAdded = (i: number, id: string, name: string): Ev => ({
  type: "response.output_item.added",
  output_index: i,
  item: { ...call(id, name, ""), status: "in_progress" },
});
const args = (i: number, delta: string): Ev => ({
  type: "response.function_call_arguments.delta",
  output_index: i,
  item_id: `fc_${i}`,
  delta,
});
const callDone = (i: number, id: string, name: string, a: string): Ev => ({
  type: "response.output_item.done",
  output_index: i,
  item: call(id, name, a),
});

test("a text answer: message_start, ping, one text block, message_delta, message_stop", () => {
  const wire = encode([
    created(),
    msgAdded(0),
    partAdded(0),
    text(0, "Hel"),
    text(0, "lo"),
    partDone(0, "Hello"),
    msgDone(0, "Hello"),
    completed({
      usage: { input_tokens: 10, output_tokens: 2 },
      stop_reason: { kind: "end_turn" },
    }),
  ]);
  assert.ok(wire.startsWith('event: message_start\ndata: {"type":"message_start","message":{"id":"resp_1"'));
  assert.ok(wire.includes('\n\nevent: ping\ndata: {"type": "ping"}\n\n'));
  assert.deepEqual(
    frames(wire).map((f) => f.type),
    [
      "message_start",
      "ping",
      "content_block_start",
      "content_block_delta",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ],
  );
  const start = frames(wire)[0]?.message as Json;
  assert.deepEqual(start.usage, {
    input_tokens: 0,
    output_tokens: 0,
    cache_creation_input_tokens: null,
    cache_read_input_tokens: null,
  });
  assert.deepEqual(frames(wire)[6], {
    type: "message_delta",
    delta: { stop_reason: "end_turn", stop_sequence: null },
    usage: {
      input_tokens: 10,
      cache_creation_input_tokens: null,
      cache_read_input_tokens: null,
      output_tokens: 2,
    },
  });
});

test("Chat-style interleaving is serialized: later items are held until the open one is done", async () => {
  const wire = encode([
    created(),
    msgAdded(0),
    text(0, "Checking "),
    callAdded(1, "call_a", "f"),
    args(1, '{"x":'),
    callAdded(2, "call_b", "g"),
    args(2, '{"y":2}'),
    args(1, "1}"),
    text(0, "both."),
    msgDone(0, "Checking both."),
    callDone(1, "call_a", "f", '{"x":1}'),
    callDone(2, "call_b", "g", '{"y":2}'),
    completed({ stop_reason: { kind: "tool_use" }, usage: { input_tokens: 7, output_tokens: 3 } }),
  ]);
  const f = frames(wire);
  // Blocks strictly one after another: every start is followed by its own stop before the next start.
  let open: number | undefined;
  for (const x of f) {
    if (x.type === "content_block_start") {
      assert.equal(open, undefined, "no block starts while another is open");
      open = x.index as number;
    } else if (x.type === "content_block_delta") assert.equal(x.index, open);
    else if (x.type === "content_block_stop") {
      assert.equal(x.index, open);
      open = undefined;
    }
  }
  const msg = await anthropicSdkStream(wire);
  assert.deepEqual(msg.content, [
    { type: "text", text: "Checking both." },
    { type: "tool_use", id: "call_a", name: "f", input: { x: 1 } },
    { type: "tool_use", id: "call_b", name: "g", input: { y: 2 } },
  ]);
  assert.equal(msg.stop_reason, "tool_use");
  assert.equal(msg.usage.input_tokens, 7);
  assert.equal(msg.usage.output_tokens, 3);
});

test("nothing is held when items come one after another", () => {
  const enc = new AnthropicStreamEncoder();
  const [c, a, d1] = seq([created(), callAdded(0, "c1", "f"), args(0, "{}")]);
  assert.ok(enc.push(c as IRStreamEvent).includes("message_start"));
  assert.ok(enc.push(a as IRStreamEvent).includes("content_block_start"));
  assert.ok(enc.push(d1 as IRStreamEvent).includes("input_json_delta"));
});

test("Gemini-style whole calls: arguments in one delta, stop_reason tool_use", async () => {
  const wire = encode([
    created(),
    callAdded(0, "c1", "lookup"),
    args(0, '{"q":"a"}'),
    callDone(0, "c1", "lookup", '{"q":"a"}'),
    { type: "response.output_item.done", output_index: 1, item: call("c2", "lookup", '{"q":"b"}') },
    // Gemini's decoder reads a STOP that ends in calls as tool_use.
    completed({ stop_reason: { kind: "tool_use", native: { format: "gemini", value: "STOP" } } }),
  ]);
  const msg = await anthropicSdkStream(wire);
  assert.deepEqual(
    msg.content.map((b) => (b.type === "tool_use" ? [b.id, b.input] : b.type)),
    [
      ["c1", { q: "a" }],
      ["c2", { q: "b" }],
    ],
  );
  assert.equal(msg.stop_reason, "tool_use");
});

test("stop reasons as the non-streamed encoder gives them; without one, the answer's shape decides", () => {
  const stopOf = (events: Ev[]) => finalDelta(encode(events)).stop_reason;
  const textOnly = [created(), msgAdded(0), text(0, "x"), msgDone(0, "x")];
  assert.equal(stopOf([...textOnly, completed({ stop_reason: { kind: "tool_use" } })]), "tool_use");
  assert.equal(stopOf([...textOnly, completed()]), "end_turn");
  assert.equal(stopOf([created(), callDone(0, "c", "f", "{}"), completed()]), "tool_use");
  assert.equal(
    stopOf([...textOnly, { type: "response.incomplete", response: res("incomplete") }]),
    "max_tokens",
  );
  assert.equal(
    stopOf([
      ...textOnly,
      completed({
        stop_reason: { kind: "other", native: { format: "anthropic-messages", value: "pause_turn" } },
      }),
    ]),
    "pause_turn",
  );
  assert.equal(stopOf([...textOnly, completed({ stop_reason: { kind: "content_filter" } })]), "refusal");
  assert.equal(
    finalDelta(encode([...textOnly, completed({ stop_reason: { kind: "stop_sequence", sequence: "##" } })]))
      .stop_sequence,
    "##",
  );
});

test("cumulative usage: the SDK's final usage matches the IR (cache counts split back out)", async () => {
  const wire = encode([
    created(),
    msgAdded(0),
    text(0, "hi"),
    msgDone(0, "hi"),
    completed({
      usage: { input_tokens: 100, cached_input_tokens: 30, cache_write_tokens: 10, output_tokens: 5 },
    }),
  ]);
  const msg = await anthropicSdkStream(wire);
  assert.equal(msg.usage.input_tokens, 60);
  assert.equal(msg.usage.cache_read_input_tokens, 30);
  assert.equal(msg.usage.cache_creation_input_tokens, 10);
  assert.equal(msg.usage.output_tokens, 5);
  assert.deepEqual(redecode(wire).usage, {
    input_tokens: 100,
    cached_input_tokens: 30,
    cache_write_tokens: 10,
    output_tokens: 5,
  });
});

test("input usage known at the start goes in message_start", () => {
  const wire = encode([
    created({ usage: { input_tokens: 12, output_tokens: 1 } }),
    completed({ usage: { input_tokens: 12, output_tokens: 4 } }),
  ]);
  const message = frames(wire)[0]?.message as Json;
  assert.deepEqual(message.usage, {
    input_tokens: 12,
    output_tokens: 1,
    cache_creation_input_tokens: null,
    cache_read_input_tokens: null,
  });
});

test("Responses reasoning: summary parts joined, encrypted state sealed into the signature", async () => {
  const item = {
    type: "reasoning",
    id: "rs_9",
    summary: [
      { type: "summary_text", text: "First." },
      { type: "summary_text", text: "Second." },
    ],
    encrypted_content: "gAAAA-openai",
  };
  const ref = { output_index: 0, item_id: "rs_9" };
  const wire = encode([
    created(),
    {
      type: "response.output_item.added",
      output_index: 0,
      item: { type: "reasoning", id: "rs_9", summary: [] },
    },
    {
      type: "response.reasoning_summary_part.added",
      ...ref,
      summary_index: 0,
      part: { type: "summary_text", text: "" },
    },
    { type: "response.reasoning_summary_text.delta", ...ref, summary_index: 0, delta: "First." },
    {
      type: "response.reasoning_summary_part.added",
      ...ref,
      summary_index: 1,
      part: { type: "summary_text", text: "" },
    },
    { type: "response.reasoning_summary_text.delta", ...ref, summary_index: 1, delta: "Second." },
    { type: "response.output_item.done", output_index: 0, item },
    msgAdded(1),
    text(1, "Answer"),
    msgDone(1, "Answer"),
    completed(),
  ]);
  const msg = await anthropicSdkStream(wire);
  const thinking = msg.content[0] as { type: string; thinking: string; signature: string };
  assert.equal(thinking.type, "thinking");
  assert.equal(thinking.thinking, "First.\n\nSecond.");
  assert.deepEqual(unseal(thinking.signature), { origin: "openai", payload: "gAAAA-openai", id: "rs_9" });
  // Back through this decoder: the OpenAI state is restored, not marked as Anthropic's.
  const back = redecode(wire).output[0] as unknown as Json;
  assert.equal(back.encrypted_content, "gAAAA-openai");
  assert.equal(back.id, "rs_9");
  assert.equal(back.interop, undefined);
  assert.ok(!wire.includes("interop"));
});

test("Gemini thought signature without streamed text: a whole thinking block", () => {
  const item = {
    type: "reasoning",
    id: "rs_g",
    summary: [{ type: "summary_text", text: "Thought." }],
    interop: { gemini: { thoughtSignature: "CiQB" } },
  };
  const wire = encode([created(), { type: "response.output_item.done", output_index: 0, item }, completed()]);
  const f = frames(wire);
  assert.deepEqual(f[2], {
    type: "content_block_start",
    index: 0,
    content_block: { type: "thinking", thinking: "", signature: "" },
  });
  assert.deepEqual(f[4]?.delta, {
    type: "signature_delta",
    signature: seal({ origin: "gemini", payload: "CiQB" }),
  });
  assert.deepEqual((redecode(wire).output[0] as unknown as Json).interop, {
    gemini: { thoughtSignature: "CiQB" },
  });
});

test("Anthropic reasoning goes back as it came: thinking + signature, redacted_thinking", () => {
  const ref = { output_index: 0, item_id: "rs_1" };
  const wire = encode([
    created(),
    {
      type: "response.output_item.added",
      output_index: 0,
      item: { type: "reasoning", id: "rs_1", summary: [] },
    },
    { type: "response.reasoning_summary_text.delta", ...ref, summary_index: 0, delta: "hmm" },
    {
      type: "response.output_item.done",
      output_index: 0,
      item: {
        type: "reasoning",
        id: "rs_1",
        summary: [{ type: "summary_text", text: "hmm" }],
        encrypted_content: "SIG",
        interop: { anthropic: { origin: true } },
      },
    },
    {
      type: "response.output_item.done",
      output_index: 1,
      item: {
        type: "reasoning",
        id: "rs_2",
        summary: [],
        encrypted_content: "DATA",
        interop: { anthropic: { origin: true, redacted: true } },
      },
    },
    completed(),
  ]);
  const f = frames(wire).filter((x) => String(x.type).startsWith("content_block"));
  assert.deepEqual(
    f.map((x) =>
      x.type === "content_block_delta"
        ? x.delta
        : x.type === "content_block_start"
          ? x.content_block
          : "stop",
    ),
    [
      { type: "thinking", thinking: "", signature: "" },
      { type: "thinking_delta", thinking: "hmm" },
      { type: "signature_delta", signature: "SIG" },
      "stop",
      { type: "redacted_thinking", data: "DATA" },
      "stop",
    ],
  );
});

test("citations on a text part go out as citations_delta; foreign opaque items are skipped", () => {
  const citation = {
    type: "web_search_result_location",
    url: "https://a",
    title: "A",
    cited_text: "c",
    encrypted_index: "e",
  };
  const wire = encode([
    created(),
    msgAdded(0),
    partAdded(0),
    text(0, "Cited."),
    partDone(0, "Cited.", 0, { anthropic: { citations: [citation] } }),
    msgDone(0, "Cited."),
    {
      type: "response.output_item.done",
      output_index: 1,
      item: {
        type: "message",
        id: "x",
        role: "assistant",
        status: "completed",
        content: [],
        interop: { gemini: { raw: { item: { executableCode: {} } } } },
      },
    },
    completed(),
  ]);
  const deltas = frames(wire).filter((x) => x.type === "content_block_delta");
  assert.deepEqual(deltas[1]?.delta, { type: "citations_delta", citation });
  assert.equal(frames(wire).filter((x) => x.type === "content_block_start").length, 1);
});

test("an IR error event becomes `event: error` with the type for its kind; nothing follows", async () => {
  for (const [code, type] of [
    ["overloaded_error", "overloaded_error"],
    ["UNAVAILABLE", "overloaded_error"],
    ["rate_limit_exceeded", "rate_limit_error"],
    ["overloaded", "overloaded_error"],
    [null, "api_error"],
  ] as const) {
    const wire = encode([
      created(),
      msgAdded(0),
      text(0, "part"),
      { type: "error", code, message: "Overloaded", param: null },
      completed(),
    ]);
    assert.ok(
      wire.endsWith(
        `event: error\ndata: {"type":"error","error":{"type":"${type}","message":"Overloaded"}}\n\n`,
      ),
      wire,
    );
  }
  const wire = encode([
    created(),
    { type: "error", code: "overloaded_error", message: "Overloaded", param: null },
  ]);
  await assert.rejects(anthropicSdkStream(wire), (e: Error & { status?: number; error?: Json }) => {
    assert.equal((e.error?.error as Json | undefined)?.type, "overloaded_error");
    return true;
  });
});

test("a stream without a terminal event ends in an error, never cleanly", async () => {
  const wire = encode([created(), msgAdded(0), text(0, "cut")]);
  assert.ok(
    wire.endsWith(
      'event: error\ndata: {"type":"error","error":{"type":"api_error","message":"the upstream stream ended before the answer was complete"}}\n\n',
    ),
  );
  assert.ok(!wire.includes("message_stop"));
  await assert.rejects(anthropicSdkStream(wire));
  const failed = encode([
    created(),
    {
      type: "response.failed",
      response: res("failed", { error: { code: "rate_limit_exceeded", message: "slow down" } }),
    },
  ]);
  assert.ok(failed.includes('"error":{"type":"rate_limit_error","message":"slow down"}'));
});

test("a message item that came whole (no part events) is written from its done event", async () => {
  const wire = encode([created(), msgAdded(0), msgDone(0, "whole"), completed()]);
  const msg = await anthropicSdkStream(wire);
  assert.deepEqual(msg.content, [{ type: "text", text: "whole" }]);
});

test("done events are authoritative: what abbreviated deltas left out is sent before the stop", async () => {
  const ref = { output_index: 1, item_id: "rs" };
  const wire = encode([
    created(),
    msgAdded(0),
    partAdded(0),
    text(0, "Got"),
    {
      type: "response.output_text.done",
      output_index: 0,
      content_index: 0,
      item_id: "m0",
      text: "Got it all.",
      logprobs: [],
    },
    partDone(0, "Got it all."),
    msgDone(0, "Got it all."),
    {
      type: "response.output_item.added",
      output_index: 1,
      item: { type: "reasoning", id: "rs", summary: [] },
    },
    {
      type: "response.reasoning_summary_part.added",
      ...ref,
      summary_index: 0,
      part: { type: "summary_text", text: "" },
    },
    { type: "response.reasoning_summary_text.delta", ...ref, summary_index: 0, delta: "Thi" },
    { type: "response.reasoning_summary_text.done", ...ref, summary_index: 0, text: "Thinking." },
    {
      type: "response.output_item.done",
      output_index: 1,
      item: { type: "reasoning", id: "rs", summary: [{ type: "summary_text", text: "Thinking." }] },
    },
    callAdded(2, "c", "f"),
    args(2, '{"a"'),
    { type: "response.function_call_arguments.done", output_index: 2, item_id: "fc_c", arguments: '{"a":1}' },
    callDone(2, "c", "f", '{"a":1}'),
    completed(),
  ]);
  const msg = await anthropicSdkStream(wire);
  assert.deepEqual(
    msg.content.map((b) =>
      b.type === "text" ? b.text : b.type === "thinking" ? b.thinking : b.type === "tool_use" ? b.input : b,
    ),
    ["Got it all.", "Thinking.", { a: 1 }],
  );
});
