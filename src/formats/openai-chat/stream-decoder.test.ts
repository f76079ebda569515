import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { accumulate } from "../../ir/accumulate.ts";
import type { IRResponse } from "../../ir/response.ts";
import type { IRStreamEvent } from "../../ir/stream.ts";
import type { JsonObject } from "../validate.ts";
import { ChatStreamDecoder } from "./stream-decoder.ts";

const ID = "chatcmpl-1";

function chunk(choice: JsonObject | null, extra: JsonObject = {}): string {
  return JSON.stringify({
    id: ID,
    object: "chat.completion.chunk",
    created: 1700000000,
    model: "gpt-test",
    choices: choice === null ? [] : [{ index: 0, logprobs: null, finish_reason: null, ...choice }],
    ...extra,
  });
}

const delta = (d: JsonObject, more: JsonObject = {}) => chunk({ delta: d, ...more });
const finish = (reason: string) => chunk({ delta: {}, finish_reason: reason });
const usage = chunk(null, { usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 } });

function run(datas: string[], end = true): IRStreamEvent[] {
  const d = new ChatStreamDecoder();
  const out: IRStreamEvent[] = [];
  for (const data of datas) out.push(...d.push({ data }));
  if (end) out.push(...d.end());
  return out;
}

const types = (evs: IRStreamEvent[]) => evs.map((e) => e.type);
const last = (evs: IRStreamEvent[]) => (evs.at(-1) as { response: IRResponse }).response;

describe("ChatStreamDecoder", () => {
  test("text: lifecycle, one message item, terminal with stop reason and usage", () => {
    const evs = run([
      delta({ role: "assistant", content: "", refusal: null }),
      delta({ content: "Hel" }),
      delta({ content: "lo" }),
      finish("stop"),
      usage,
      "[DONE]",
    ]);
    assert.deepEqual(types(evs), [
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
      evs.map((e) => e.sequence_number),
      evs.map((_, i) => i),
    );
    const created = (evs[0] as { response: IRResponse }).response;
    assert.deepEqual(created, {
      id: ID,
      model: "gpt-test",
      status: "in_progress",
      output: [],
      created_at: 1700000000,
    });
    const done = last(evs);
    assert.equal(done.status, "completed");
    assert.deepEqual(done.output, []);
    assert.deepEqual(done.stop_reason, {
      kind: "end_turn",
      native: { format: "openai-chat", value: "stop" },
    });
    assert.deepEqual(done.usage, { input_tokens: 5, output_tokens: 7, total_tokens: 12 });
    assert.deepEqual(accumulate(evs).output, [
      {
        type: "message",
        id: `msg_${ID}_0`,
        role: "assistant",
        status: "completed",
        content: [{ type: "output_text", text: "Hello", annotations: [] }],
      },
    ]);
  });

  test("parallel tool calls interleaved by index stay open side by side", () => {
    const evs = run([
      delta({
        role: "assistant",
        content: null,
        tool_calls: [{ index: 0, id: "call_a", type: "function", function: { name: "a", arguments: "" } }],
      }),
      delta({
        tool_calls: [{ index: 1, id: "call_b", type: "function", function: { name: "b", arguments: "" } }],
      }),
      delta({ tool_calls: [{ index: 0, function: { arguments: '{"x":' } }] }),
      delta({ tool_calls: [{ index: 1, function: { arguments: '{"y":2}' } }] }),
      delta({ tool_calls: [{ index: 0, function: { arguments: "1}" } }] }),
      finish("tool_calls"),
      "[DONE]",
    ]);
    const added = evs.filter((e) => e.type === "response.output_item.added");
    assert.deepEqual(
      added.map((e) => [e.output_index, (e.item as { call_id: string }).call_id]),
      [
        [0, "call_a"],
        [1, "call_b"],
      ],
    );
    const deltas = evs.filter((e) => e.type === "response.function_call_arguments.delta");
    assert.deepEqual(
      deltas.map((e) => [e.output_index, e.item_id, e.delta]),
      [
        [0, "fc_call_a", '{"x":'],
        [1, "fc_call_b", '{"y":2}'],
        [0, "fc_call_a", "1}"],
      ],
    );
    const answer = accumulate(evs);
    assert.deepEqual(answer.output, [
      {
        type: "function_call",
        id: "fc_call_a",
        call_id: "call_a",
        name: "a",
        arguments: '{"x":1}',
        status: "completed",
      },
      {
        type: "function_call",
        id: "fc_call_b",
        call_id: "call_b",
        name: "b",
        arguments: '{"y":2}',
        status: "completed",
      },
    ]);
    assert.equal(answer.stop_reason?.kind, "tool_use");
  });

  test("text then a tool call: the message closes when the call opens", () => {
    const evs = run([
      delta({ content: "Let me check." }),
      delta({
        tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "f", arguments: "{}" } }],
      }),
      finish("tool_calls"),
      "[DONE]",
    ]);
    const i = types(evs).indexOf("response.output_item.done");
    assert.equal(types(evs)[i + 1], "response.output_item.added");
    assert.deepEqual(
      accumulate(evs).output.map((o) => o.type),
      ["message", "function_call"],
    );
  });

  test("reasoning_content (DeepSeek) and reasoning (OpenRouter) become a reasoning summary before the text", () => {
    for (const key of ["reasoning_content", "reasoning"]) {
      const evs = run([
        delta({ role: "assistant", [key]: "Think" }),
        delta({ [key]: "ing." }),
        delta({ [key]: null, content: "Answer" }),
        finish("stop"),
        "[DONE]",
      ]);
      assert.deepEqual(types(evs).slice(2, 7), [
        "response.output_item.added",
        "response.reasoning_summary_part.added",
        "response.reasoning_summary_text.delta",
        "response.reasoning_summary_text.delta",
        "response.reasoning_summary_text.done",
      ]);
      const answer = accumulate(evs);
      assert.deepEqual(answer.output[0], {
        type: "reasoning",
        id: `rs_${ID}_0`,
        summary: [{ type: "summary_text", text: "Thinking." }],
      });
      assert.equal(answer.output[1]?.type, "message");
    }
  });

  test("a refusal is a refusal part, and its plain `stop` reads as a refusal", () => {
    const evs = run([
      delta({ role: "assistant", content: null, refusal: "" }),
      delta({ refusal: "No." }),
      finish("stop"),
      "[DONE]",
    ]);
    const answer = accumulate(evs);
    assert.deepEqual((answer.output[0] as { content: unknown }).content, [
      { type: "refusal", refusal: "No." },
    ]);
    assert.equal(answer.stop_reason?.kind, "refusal");
  });

  test("logprobs go onto the text deltas and the finished part", () => {
    const lp = (token: string) => ({
      token,
      logprob: -0.5,
      bytes: [...Buffer.from(token)],
      top_logprobs: [],
    });
    const evs = run([
      delta({ content: "Hi" }, { logprobs: { content: [lp("Hi")], refusal: null } }),
      delta({ content: "!" }, { logprobs: { content: [lp("!")], refusal: null } }),
      finish("stop"),
      "[DONE]",
    ]);
    const d = evs.find((e) => e.type === "response.output_text.delta");
    assert.deepEqual(d?.type === "response.output_text.delta" && d.logprobs, [lp("Hi")]);
    const part = (accumulate(evs).output[0] as { content: Array<{ logprobs?: unknown }> }).content[0];
    assert.deepEqual(part?.logprobs, [lp("Hi"), lp("!")]);
  });

  test("finish_reason length leaves the message and the response incomplete", () => {
    const evs = run([delta({ content: "abc" }), finish("length"), "[DONE]"]);
    assert.equal(evs.at(-1)?.type, "response.incomplete");
    const answer = accumulate(evs);
    assert.equal(answer.status, "incomplete");
    assert.equal((answer.output[0] as { status: string }).status, "incomplete");
    assert.equal(answer.stop_reason?.kind, "max_tokens");
  });

  test("an in-stream error object ends in error + response.failed, and nothing after", () => {
    const d = new ChatStreamDecoder();
    const evs = [
      ...d.push({ data: delta({ content: "par" }) }),
      ...d.push({
        data: JSON.stringify({
          error: { message: "The server had an error", type: "server_error", param: null, code: null },
        }),
      }),
      ...d.push({ data: delta({ content: "more" }) }),
      ...d.push({ data: "[DONE]" }),
      ...d.end(),
    ];
    assert.deepEqual(types(evs).slice(-2), ["error", "response.failed"]);
    const err = evs.at(-2) as { message: string; code: string | null };
    assert.equal(err.message, "The server had an error");
    const failed = last(evs);
    assert.equal(failed.status, "failed");
    assert.deepEqual(failed.error, { code: "server_error", message: "The server had an error" });
    assert.deepEqual(failed.interop?.chat?.raw?.error, {
      message: "The server had an error",
      type: "server_error",
      param: null,
      code: null,
    });
  });

  test("a stream cut before finish_reason is truncated", () => {
    const evs = run([delta({ content: "half an ans" })]);
    assert.deepEqual(types(evs).slice(-2), ["error", "response.failed"]);
    assert.equal((evs.at(-2) as { code: string }).code, "stream_truncated");
  });

  test("a stream that ends after finish_reason without [DONE] completes", () => {
    const evs = run([delta({ content: "all" }), finish("stop"), usage]);
    assert.equal(evs.at(-1)?.type, "response.completed");
    assert.equal(last(evs).usage?.output_tokens, 7);
  });

  test("malformed JSON fails cleanly, never throws", () => {
    for (const bad of ['{"id":', "[1,2]", "null"]) {
      const evs = run([delta({ content: "x" }), bad]);
      assert.deepEqual(types(evs).slice(-2), ["error", "response.failed"]);
      assert.equal(types(evs)[0], "response.created");
    }
  });

  test("empty keep-alive data lines are ignored", () => {
    const evs = run(["", delta({ content: "x" }), " ", finish("stop"), "[DONE]"]);
    assert.equal(evs.at(-1)?.type, "response.completed");
  });

  test("Azure's leading prompt-filter chunk (empty id) waits for the real id", () => {
    const pre = JSON.stringify({
      choices: [],
      created: 0,
      id: "",
      model: "",
      object: "",
      prompt_filter_results: [{ prompt_index: 0 }],
    });
    const evs = run([pre, delta({ content: "x" }, { content_filter_results: {} }), finish("stop"), "[DONE]"]);
    const created = (evs[0] as { response: IRResponse }).response;
    assert.equal(created.id, ID);
    assert.equal(created.model, "gpt-test");
    assert.deepEqual(created.interop?.chat?.raw, { prompt_filter_results: [{ prompt_index: 0 }] });
    assert.deepEqual(last(evs).interop?.chat?.raw?.choices, [{ content_filter_results: {} }]);
  });

  test("chunk fields: service_tier, system_fingerprint and provider extras are kept; obfuscation is not", () => {
    const extra = { service_tier: "default", system_fingerprint: "fp_1", obfuscation: "xyz" };
    const evs = run([
      delta({ content: "x" }, {}),
      chunk({ delta: {}, finish_reason: "stop" }, extra),
      chunk(null, { ...extra, moderation: { flagged: false } }),
      "[DONE]",
    ]);
    const done = last(evs);
    assert.equal(done.service_tier, "default");
    assert.deepEqual(done.interop?.chat?.raw, { system_fingerprint: "fp_1", moderation: { flagged: false } });
  });

  test("usage on the finish chunk itself (compatible servers) is read too", () => {
    const evs = run([
      delta({ content: "x" }),
      chunk(
        { delta: {}, finish_reason: "stop" },
        { usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } },
      ),
      "[DONE]",
    ]);
    assert.equal(last(evs).usage?.total_tokens, 3);
  });

  test("tool call fragments without index (some compatible servers) follow the id", () => {
    const evs = run([
      delta({ tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: "{}" } }] }),
      delta({ tool_calls: [{ id: "c2", type: "function", function: { name: "g", arguments: "" } }] }),
      delta({ tool_calls: [{ function: { arguments: "{}" } }] }),
      finish("tool_calls"),
      "[DONE]",
    ]);
    assert.deepEqual(
      accumulate(evs).output.map((o) => (o.type === "function_call" ? [o.call_id, o.arguments] : [])),
      [
        ["c1", "{}"],
        ["c2", "{}"],
      ],
    );
  });

  test("extra keys of a tool call (Gemini's extra_content) stay in its chat interop", () => {
    const extra_content = { google: { thought_signature: "sig" } };
    const evs = run([
      delta({
        tool_calls: [
          { index: 0, id: "c", type: "function", function: { name: "f", arguments: "{}" }, extra_content },
        ],
      }),
      finish("tool_calls"),
      "[DONE]",
    ]);
    assert.deepEqual(accumulate(evs).output[0]?.interop, { chat: { raw: { extra_content } } });
  });

  test("the deprecated function_call delta is one marked call", () => {
    const evs = run([
      delta({ role: "assistant", content: null, function_call: { name: "f", arguments: "" } }),
      delta({ function_call: { arguments: '{"a":1}' } }),
      finish("function_call"),
      "[DONE]",
    ]);
    assert.deepEqual(accumulate(evs).output, [
      {
        type: "function_call",
        id: `fc_call_${ID}`,
        call_id: `call_${ID}`,
        name: "f",
        arguments: '{"a":1}',
        status: "completed",
        interop: { chat: { raw: { $function_call: true } } },
      },
    ]);
  });

  test("custom tool calls stream their input", () => {
    const evs = run([
      delta({ tool_calls: [{ index: 0, id: "c", type: "custom", custom: { name: "sh", input: "ls" } }] }),
      delta({ tool_calls: [{ index: 0, custom: { input: " -la" } }] }),
      finish("tool_calls"),
      "[DONE]",
    ]);
    assert.ok(types(evs).includes("response.custom_tool_call_input.delta"));
    assert.deepEqual(accumulate(evs).output[0], {
      type: "custom_tool_call",
      id: "ctc_c",
      call_id: "c",
      name: "sh",
      input: "ls -la",
    });
  });

  test("URL citations become annotation events on the text part", () => {
    const citation = {
      type: "url_citation",
      url_citation: { start_index: 0, end_index: 2, title: "T", url: "https://x" },
    };
    const evs = run([delta({ content: "Hi" }), delta({ annotations: [citation] }), finish("stop"), "[DONE]"]);
    const part = (accumulate(evs).output[0] as { content: Array<{ annotations: unknown }> }).content[0];
    assert.deepEqual(part?.annotations, [
      { type: "url_citation", start_index: 0, end_index: 2, title: "T", url: "https://x" },
    ]);
  });

  test("other choices of an n > 1 stream are kept whole in raw, as the non-streaming codec keeps them", () => {
    const other = (d: JsonObject, fr: string | null = null) =>
      JSON.stringify({ id: ID, choices: [{ index: 1, delta: d, logprobs: null, finish_reason: fr }] });
    const evs = run([
      delta({ role: "assistant", content: "A" }),
      other({ role: "assistant", content: "B" }),
      other({ content: "b" }),
      finish("stop"),
      other({}, "stop"),
      "[DONE]",
    ]);
    assert.equal(accumulate(evs).output.length, 1);
    assert.deepEqual(last(evs).interop?.chat?.raw?.choices, [
      {},
      {
        index: 1,
        message: { role: "assistant", content: "Bb", refusal: null },
        logprobs: null,
        finish_reason: "stop",
      },
    ]);
  });

  test("nothing is emitted after the terminal event", () => {
    const d = new ChatStreamDecoder();
    d.push({ data: finish("stop") });
    assert.equal(d.push({ data: "[DONE]" }).at(-1)?.type, "response.completed");
    assert.deepEqual(d.push({ data: delta({ content: "late" }) }), []);
    assert.deepEqual(d.end(), []);
  });

  test("the model from the context is used until a chunk names one", () => {
    const d = new ChatStreamDecoder({ model: "ctx-model" });
    const evs = d.end();
    assert.equal((evs[0] as { response: IRResponse }).response.model, "ctx-model");
    assert.deepEqual(types(evs), ["response.created", "response.in_progress", "error", "response.failed"]);
  });
});
