import assert from "node:assert/strict";
import { test } from "node:test";
import { validateOpenAI } from "../../../test/support/openapi.ts";
import { openaiSdkResponsesStream } from "../../../test/support/sdk-stream.ts";
import { accumulate } from "../../ir/accumulate.ts";
import { opaqueItem } from "../../ir/opaque.ts";
import type { IRRequest } from "../../ir/request.ts";
import type { IRResponse } from "../../ir/response.ts";
import type { IRStreamEvent } from "../../ir/stream.ts";
import { SSEDecoder } from "../../transport/sse-decoder.ts";
import { unseal } from "../sealed-state.ts";
import { ResponsesStreamDecoder } from "./stream-decoder.ts";
import { ResponsesStreamEncoder } from "./stream-encoder.ts";

type Ev = Record<string, unknown>;

const start: IRResponse = { id: "msg_01abc", model: "claude-test", status: "in_progress", output: [] };
const usage = { input_tokens: 12, output_tokens: 30, reasoning_tokens: 10, cached_input_tokens: 2 };

/** Feeds IR events (sequence numbers left to the encoder) and ends the stream. */
function encode(events: Ev[], ctx: ConstructorParameters<typeof ResponsesStreamEncoder>[0] = {}, end = true) {
  const enc = new ResponsesStreamEncoder(ctx);
  let wire = "";
  for (const e of events) wire += enc.push({ sequence_number: 0, ...e } as unknown as IRStreamEvent);
  if (end) wire += enc.end();
  return { wire, enc };
}

function frames(wire: string): Ev[] {
  const sse = new SSEDecoder();
  return [...sse.push(wire), ...sse.end()].map((e) => {
    const data = JSON.parse(e.data) as Ev;
    assert.equal(e.event, data.type, "event name equals data.type");
    assert.deepEqual(validateOpenAI("ResponseStreamEvent", data), [], `${data.type} follows the spec`);
    return data;
  });
}

function redecode(wire: string): IRStreamEvent[] {
  const sse = new SSEDecoder();
  const d = new ResponsesStreamDecoder();
  const out: IRStreamEvent[] = [];
  for (const e of [...sse.push(wire), ...sse.end()]) out.push(...d.push(e));
  return [...out, ...d.end()];
}

/** What an Anthropic decoder gives: one start event, thinking + signature, text, a tool call. */
function anthropicLike(): Ev[] {
  return [
    { type: "response.created", response: start },
    {
      type: "response.output_item.added",
      output_index: 0,
      item: { type: "reasoning", id: "rs_0", summary: [] },
    },
    {
      type: "response.reasoning_summary_part.added",
      item_id: "rs_0",
      output_index: 0,
      summary_index: 0,
      part: { type: "summary_text", text: "" },
    },
    {
      type: "response.reasoning_summary_text.delta",
      item_id: "rs_0",
      output_index: 0,
      summary_index: 0,
      delta: "Hmm",
    },
    {
      type: "response.reasoning_summary_text.done",
      item_id: "rs_0",
      output_index: 0,
      summary_index: 0,
      text: "Hmm",
    },
    {
      type: "response.reasoning_summary_part.done",
      item_id: "rs_0",
      output_index: 0,
      summary_index: 0,
      part: { type: "summary_text", text: "Hmm" },
    },
    {
      type: "response.output_item.done",
      output_index: 0,
      item: {
        type: "reasoning",
        id: "rs_0",
        summary: [{ type: "summary_text", text: "Hmm" }],
        encrypted_content: "SIG",
        interop: { anthropic: { origin: true } },
      },
    },
    {
      type: "response.output_item.added",
      output_index: 1,
      item: { type: "message", role: "assistant", status: "in_progress", content: [] },
    },
    {
      type: "response.content_part.added",
      item_id: "",
      output_index: 1,
      content_index: 0,
      part: { type: "output_text", text: "", annotations: [], interop: { anthropic: { citations: [] } } },
    },
    { type: "response.output_text.delta", item_id: "", output_index: 1, content_index: 0, delta: "Hi " },
    { type: "response.output_text.delta", item_id: "", output_index: 1, content_index: 0, delta: "there" },
    { type: "response.output_text.done", item_id: "", output_index: 1, content_index: 0, text: "Hi there" },
    {
      type: "response.content_part.done",
      item_id: "",
      output_index: 1,
      content_index: 0,
      part: {
        type: "output_text",
        text: "Hi there",
        annotations: [],
        interop: { anthropic: { citations: [] } },
      },
    },
    {
      type: "response.output_item.done",
      output_index: 1,
      item: {
        type: "message",
        role: "assistant",
        status: "completed",
        content: [{ type: "output_text", text: "Hi there", annotations: [] }],
      },
    },
    {
      type: "response.output_item.added",
      output_index: 2,
      item: { type: "function_call", call_id: "toolu_1", name: "weather", arguments: "" },
    },
    { type: "response.function_call_arguments.delta", item_id: "", output_index: 2, delta: '{"city":' },
    { type: "response.function_call_arguments.delta", item_id: "", output_index: 2, delta: '"Rome"}' },
    {
      type: "response.function_call_arguments.done",
      item_id: "",
      output_index: 2,
      arguments: '{"city":"Rome"}',
    },
    {
      type: "response.output_item.done",
      output_index: 2,
      item: { type: "function_call", call_id: "toolu_1", name: "weather", arguments: '{"city":"Rome"}' },
    },
    {
      type: "response.completed",
      response: {
        ...start,
        status: "completed",
        stop_reason: { kind: "tool_use", native: { format: "anthropic-messages", value: "tool_use" } },
        usage,
      },
    },
  ];
}

test("IR from another format: created + in_progress, dense numbering, ids, no interop, full output", async () => {
  const { wire, enc } = encode(anthropicLike());
  assert.doesNotMatch(wire, /interop/);
  const evs = frames(wire);
  assert.deepEqual(
    evs.map((e) => e.sequence_number),
    evs.map((_, i) => i),
  );
  assert.deepEqual(
    evs.slice(0, 2).map((e) => e.type),
    ["response.created", "response.in_progress"],
  );
  for (const e of evs) {
    if (typeof e.item_id === "string") {
      const added = evs.find(
        (a) => a.type === "response.output_item.added" && a.output_index === e.output_index,
      );
      assert.equal(e.item_id, (added?.item as Ev | undefined)?.id);
    }
  }
  const delta = evs.find((e) => e.type === "response.output_text.delta")!;
  assert.deepEqual(delta.logprobs, []);
  const argsDone = evs.find((e) => e.type === "response.function_call_arguments.done")!;
  assert.equal(argsDone.name, "weather");
  const completed = evs.at(-1)!;
  assert.equal(completed.type, "response.completed");
  const res = completed.response as Ev & { output: Ev[] };
  assert.equal(res.id, "msg_01abc");
  assert.deepEqual(
    res.output.map((o) => o.type),
    ["reasoning", "message", "function_call"],
  );
  assert.match(res.output[0]?.encrypted_content as string, /^swy1\.anthropic\./);
  assert.ok(enc.dropped.some((d) => d.path === "output[1].content[0].interop.anthropic.citations"));
  assert.equal(unseal(res.output[0]?.encrypted_content as string)?.payload, "SIG");
  assert.deepEqual(res.usage, {
    input_tokens: 12,
    input_tokens_details: { cached_tokens: 2, cache_write_tokens: 0 },
    output_tokens: 30,
    output_tokens_details: { reasoning_tokens: 10 },
    total_tokens: 42,
  });
});

test("the official SDK stream helper accepts it, and decoding it again restores the answer", async () => {
  const { wire } = encode(anthropicLike());
  const sdk = await openaiSdkResponsesStream(wire);
  assert.equal(sdk.status, "completed");
  assert.equal(sdk.output_text, "Hi there");
  const call = sdk.output.find((o) => o.type === "function_call");
  assert.deepEqual(call && { name: call.name, call_id: call.call_id, args: JSON.parse(call.arguments) }, {
    name: "weather",
    call_id: "toolu_1",
    args: { city: "Rome" },
  });
  assert.equal(sdk.usage?.output_tokens, 30);

  const acc = accumulate(redecode(wire));
  assert.deepEqual(acc.output[0], {
    type: "reasoning",
    id: "rs_0",
    summary: [{ type: "summary_text", text: "Hmm" }],
    encrypted_content: "SIG",
    interop: { anthropic: { origin: true } },
  });
  assert.equal(acc.stop_reason?.kind, "tool_use");
  assert.equal(acc.usage?.reasoning_tokens, 10);
});

test("a max-tokens stop from another format ends in response.incomplete", () => {
  const evs = frames(
    encode([
      { type: "response.created", response: start },
      {
        type: "response.completed",
        response: { ...start, status: "completed", stop_reason: { kind: "max_tokens" } },
      },
    ]).wire,
  );
  const last = evs.at(-1)!;
  assert.equal(last.type, "response.incomplete");
  assert.deepEqual((last.response as Ev).incomplete_details, { reason: "max_output_tokens" });
});

test("Gemini-like IR: whole function call, thought signature sealed on the reasoning item", async () => {
  const { wire } = encode([
    { type: "response.created", response: { ...start, id: "gem_1" } },
    { type: "response.output_item.added", output_index: 0, item: { type: "reasoning", summary: [] } },
    {
      type: "response.output_item.done",
      output_index: 0,
      item: { type: "reasoning", summary: [], interop: { gemini: { thoughtSignature: "TS" } } },
    },
    {
      type: "response.output_item.added",
      output_index: 1,
      item: { type: "function_call", call_id: "c1", name: "f", arguments: "" },
    },
    { type: "response.function_call_arguments.delta", output_index: 1, item_id: "x", delta: "{}" },
    { type: "response.function_call_arguments.done", output_index: 1, arguments: "{}" },
    {
      type: "response.output_item.done",
      output_index: 1,
      item: { type: "function_call", call_id: "c1", name: "f", arguments: "{}" },
    },
    { type: "response.completed", response: { ...start, id: "gem_1", status: "completed" } },
  ]);
  const args = frames(wire).filter((e) => String(e.type).startsWith("response.function_call_arguments"));
  assert.deepEqual(
    args.map((e) => [e.item_id, e.name ?? null]),
    [
      ["fc_gem_1_1", null],
      ["fc_gem_1_1", "f"],
    ],
  );
  const sdk = await openaiSdkResponsesStream(wire);
  assert.deepEqual(
    sdk.output.map((o) => [o.type, o.id]),
    [
      ["reasoning", "rs_gem_1_0"],
      ["function_call", "fc_gem_1_1"],
    ],
  );
  assert.equal(unseal((sdk.output[0] as { encrypted_content: string }).encrypted_content)?.origin, "gemini");
  const acc = accumulate(redecode(wire));
  assert.deepEqual((acc.output[0] as { interop?: unknown }).interop, { gemini: { thoughtSignature: "TS" } });
});

test("Chat-like IR: text and a tool call interleaved by index go out addressed by output_index", async () => {
  const { wire } = encode([
    { type: "response.created", response: start },
    {
      type: "response.output_item.added",
      output_index: 0,
      item: { type: "message", id: "m", role: "assistant", content: [] },
    },
    {
      type: "response.content_part.added",
      item_id: "m",
      output_index: 0,
      content_index: 0,
      part: { type: "output_text", text: "" },
    },
    { type: "response.output_text.delta", item_id: "m", output_index: 0, content_index: 0, delta: "A" },
    {
      type: "response.output_item.added",
      output_index: 1,
      item: { type: "function_call", id: "fc_1", call_id: "c1", name: "f", arguments: "" },
    },
    { type: "response.function_call_arguments.delta", item_id: "fc_1", output_index: 1, delta: '{"a"' },
    { type: "response.output_text.delta", item_id: "m", output_index: 0, content_index: 0, delta: "B" },
    { type: "response.function_call_arguments.delta", item_id: "fc_1", output_index: 1, delta: ":1}" },
    {
      type: "response.output_item.done",
      output_index: 0,
      item: {
        type: "message",
        id: "m",
        role: "assistant",
        content: [{ type: "output_text", text: "AB", annotations: [] }],
      },
    },
    {
      type: "response.output_item.done",
      output_index: 1,
      item: { type: "function_call", id: "fc_1", call_id: "c1", name: "f", arguments: '{"a":1}' },
    },
    { type: "response.completed", response: { ...start, status: "completed" } },
  ]);
  frames(wire);
  const sdk = await openaiSdkResponsesStream(wire);
  assert.equal(sdk.output_text, "AB");
  assert.equal((sdk.output[1] as { arguments: string }).arguments, '{"a":1}');
});

test("another format's opaque element is left out and later items move up", () => {
  const { wire, enc } = encode([
    { type: "response.created", response: start },
    {
      type: "response.output_item.added",
      output_index: 0,
      item: opaqueItem("anthropic", "o1", { type: "x" }),
    },
    {
      type: "response.output_item.done",
      output_index: 0,
      item: opaqueItem("anthropic", "o1", { type: "x" }),
    },
    {
      type: "response.output_item.added",
      output_index: 1,
      item: { type: "function_call", call_id: "c", name: "f", arguments: "" },
    },
    {
      type: "response.output_item.done",
      output_index: 1,
      item: { type: "function_call", call_id: "c", name: "f", arguments: "{}" },
    },
    { type: "response.completed", response: { ...start, status: "completed" } },
  ]);
  const evs = frames(wire);
  assert.deepEqual(
    evs.filter((e) => "output_index" in e).map((e) => e.output_index),
    [0, 0],
  );
  assert.equal(((evs.at(-1)!.response as Ev).output as unknown[]).length, 1);
  assert.ok(enc.dropped.some((d) => d.path === "output[0]"));
});

test("in-stream error: error event in both shapes, then response.failed; the SDK raises it", async () => {
  const { wire } = encode([
    { type: "response.created", response: start },
    { type: "response.in_progress", response: start },
    { type: "error", code: "rate_limit_exceeded", message: "slow down", param: null },
    { type: "response.failed", response: { ...start, status: "failed" } },
  ]);
  const evs = frames(wire);
  assert.deepEqual(
    evs.map((e) => e.type),
    ["response.created", "response.in_progress", "error", "response.failed"],
  );
  assert.deepEqual(evs[2], {
    type: "error",
    sequence_number: 2,
    code: "rate_limit_exceeded",
    message: "slow down",
    param: null,
    error: { message: "slow down", type: "rate_limit_error", param: null, code: "rate_limit_exceeded" },
  });
  assert.deepEqual((evs[3]?.response as Ev | undefined)?.error, {
    code: "rate_limit_exceeded",
    message: "slow down",
  });
  await assert.rejects(openaiSdkResponsesStream(wire), (e: Error & { code?: unknown }) => {
    assert.equal(e.code, "rate_limit_exceeded");
    assert.match(e.message, /slow down/);
    return true;
  });
});

test("truncation: end() without a terminal event writes error + response.failed, never a clean end", () => {
  const events = anthropicLike().slice(0, 10);
  const evs = frames(encode(events).wire);
  assert.deepEqual(
    evs.slice(-2).map((e) => e.type),
    ["error", "response.failed"],
  );
  assert.equal((evs.at(-1)!.response as Ev).status, "failed");
  assert.match(evs.at(-2)!.message as string, /truncated/);
});

test("error without a following response.failed: end() adds only the response.failed", () => {
  const evs = frames(
    encode([
      { type: "response.created", response: start },
      { type: "error", code: "server_error", message: "x", param: null },
    ]).wire,
  );
  assert.deepEqual(
    evs.map((e) => e.type),
    ["response.created", "response.in_progress", "error", "response.failed"],
  );
});

test("nothing after the terminal event; end() after it writes nothing (no [DONE] in Responses)", () => {
  const enc = new ResponsesStreamEncoder();
  enc.push({ type: "response.created", response: start, sequence_number: 0 });
  assert.notEqual(
    enc.push({ type: "response.completed", response: { ...start, status: "completed" }, sequence_number: 1 }),
    "",
  );
  assert.equal(enc.push({ type: "response.created", response: start, sequence_number: 2 }), "");
  assert.equal(enc.end(), "");
});

test("the request being answered is echoed in every lifecycle Response", () => {
  const request: IRRequest = {
    model: "claude-test",
    instructions: "Be brief.",
    temperature: 0.2,
    input: "hi",
  };
  const evs = frames(
    encode(
      [
        { type: "response.created", response: start },
        { type: "response.completed", response: { ...start, status: "completed" } },
      ],
      { request },
    ).wire,
  );
  for (const e of evs) {
    assert.equal((e.response as Ev).instructions, "Be brief.");
    assert.equal((e.response as Ev).temperature, 0.2);
  }
});

test("background: created, queued, then in_progress before the first item", () => {
  const queued = { ...start, status: "queued" as const };
  const evs = frames(
    encode([
      { type: "response.created", response: queued },
      { type: "response.queued", response: queued },
      {
        type: "response.output_item.added",
        output_index: 0,
        item: { type: "message", id: "m", role: "assistant", content: [] },
      },
    ]).wire,
  );
  assert.deepEqual(
    evs.slice(0, 4).map((e) => e.type),
    ["response.created", "response.queued", "response.in_progress", "response.output_item.added"],
  );
});
