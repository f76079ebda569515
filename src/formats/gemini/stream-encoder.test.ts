import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { accumulate } from "../../ir/accumulate.ts";
import type { IROutputItem } from "../../ir/request.ts";
import type { IRResponse } from "../../ir/response.ts";
import type { IRStreamEvent } from "../../ir/stream.ts";
import { SSEDecoder } from "../../transport/sse-decoder.ts";
import { seal } from "../sealed-state.ts";
import { GeminiStreamDecoder } from "./stream-decoder.ts";
import { GeminiStreamEncoder } from "./stream-encoder.ts";

type Json = Record<string, unknown>;
/** IR events as a test writes them: sequence numbers are filled in. */
type Ev = IRStreamEvent extends infer E
  ? E extends IRStreamEvent
    ? Omit<E, "sequence_number">
    : never
  : never;

const BASE: IRResponse = { id: "resp_1", model: "m-1", status: "in_progress", output: [] };

function ir(events: Ev[]): IRStreamEvent[] {
  return events.map((e, i) => ({ ...e, sequence_number: i }) as IRStreamEvent);
}

function encode(events: Ev[], framing: "sse" | "json-array" = "sse"): string {
  const enc = new GeminiStreamEncoder({ framing });
  let out = "";
  for (const ev of ir(events)) out += enc.push(ev);
  return out + enc.end();
}

function chunks(sse: string): Json[] {
  const d = new SSEDecoder();
  return [...d.push(sse), ...d.end()].map((e) => JSON.parse(e.data) as Json);
}

function decode(sse: string): IRResponse {
  const d = new GeminiStreamDecoder();
  const out: IRStreamEvent[] = [];
  const s = new SSEDecoder();
  for (const e of [...s.push(sse), ...s.end()]) out.push(...d.push(e));
  out.push(...d.end());
  return accumulate(out);
}

const created: Ev = { type: "response.created", response: { ...BASE, usage: { input_tokens: 7 } } };
const completed = (extra: Partial<IRResponse> = {}): Ev => ({
  type: "response.completed",
  response: {
    ...BASE,
    status: "completed",
    stop_reason: { kind: "end_turn" },
    usage: { input_tokens: 7, output_tokens: 5, reasoning_tokens: 2 },
    ...extra,
  },
});

function message(text: string, extra: Partial<IROutputItem> = {}): IROutputItem {
  return {
    type: "message",
    id: "msg_1",
    role: "assistant",
    status: "completed",
    content: [{ type: "output_text", text, annotations: [] }],
    ...extra,
  } as IROutputItem;
}

function textEvents(index: number, deltas: string[], done: IROutputItem): Ev[] {
  return [
    {
      type: "response.output_item.added",
      output_index: index,
      item: { ...done, content: [] } as IROutputItem,
    },
    ...deltas.map(
      (delta): Ev => ({
        type: "response.output_text.delta",
        item_id: "msg_1",
        output_index: index,
        content_index: 0,
        delta,
        logprobs: [],
      }),
    ),
    { type: "response.output_item.done", output_index: index, item: done },
  ];
}

describe("GeminiStreamEncoder", () => {
  it("writes one CRLF-framed chunk per delta and finishReason + usage on the last", () => {
    const out = encode([created, ...textEvents(0, ["Hel", "lo"], message("Hello")), completed()]);
    const head = '{"candidates":[{"content":{"parts":[{"text":"Hel"}],"role":"model"},"index":0}],';
    assert.ok(out.startsWith(`data: ${head}"usageMetadata":{"promptTokenCount":7,"totalTokenCount":7}`));
    assert.equal(out.split("\r\n\r\n").length, 4);
    const all = chunks(out);
    assert.deepEqual(all.at(-1), {
      candidates: [{ finishReason: "STOP", content: { parts: [{ text: "" }], role: "model" }, index: 0 }],
      usageMetadata: {
        promptTokenCount: 7,
        candidatesTokenCount: 3,
        thoughtsTokenCount: 2,
        totalTokenCount: 12,
      },
      modelVersion: "m-1",
      responseId: "resp_1",
    });
    assert.ok(!out.includes("interop"));
  });

  it("writes the JSON-array form, closed by end()", () => {
    const out = encode([created, ...textEvents(0, ["a"], message("a")), completed()], "json-array");
    assert.ok(out.startsWith('[{"candidates"'));
    assert.ok(out.includes("},\r\n{"));
    assert.ok(out.endsWith("}]"));
    assert.equal((JSON.parse(out) as unknown[]).length, 2);
    assert.equal(new GeminiStreamEncoder({ framing: "json-array" }).end().startsWith("[{"), true);
  });

  it("sends a message's thought signature on the next part, as Gemini does", () => {
    const done = message("Hi", { interop: { gemini: { thoughtSignature: "sig" } } });
    const out = encode([created, ...textEvents(0, ["Hi"], done), completed()]);
    const last = chunks(out).at(-1) as { candidates: Array<{ content: { parts: Json[] } }> };
    assert.deepEqual(last.candidates[0]!.content.parts, [{ text: "", thoughtSignature: "sig" }]);
    assert.deepEqual(decode(out).output[0]!.interop, { gemini: { thoughtSignature: "sig" } });
  });

  it("sends a call whole when it is done, with a foreign id and without a derived one", () => {
    const call = (
      i: number,
      id: string,
      args: string,
      status: "completed" | "in_progress" = "completed",
    ) => ({
      type: "function_call" as const,
      id: `fc_${i}`,
      call_id: id,
      name: "get",
      arguments: args,
      status,
    });
    // Chat interleaves calls by index: both open, fragments mixed, then done in order
    const out = encode([
      created,
      {
        type: "response.output_item.added",
        output_index: 0,
        item: call(0, "call_abc", "", "in_progress"),
      },
      {
        type: "response.output_item.added",
        output_index: 1,
        item: call(1, "call_1_get", "", "in_progress"),
      },
      { type: "response.function_call_arguments.delta", item_id: "fc_0", output_index: 0, delta: '{"q":' },
      { type: "response.function_call_arguments.delta", item_id: "fc_1", output_index: 1, delta: "{}" },
      { type: "response.function_call_arguments.delta", item_id: "fc_0", output_index: 0, delta: "1}" },
      { type: "response.output_item.done", output_index: 0, item: call(0, "call_abc", '{"q":1}') },
      { type: "response.output_item.done", output_index: 1, item: call(1, "call_1_get", "{}") },
      completed({ stop_reason: { kind: "tool_use" } }),
    ]);
    const parts = chunks(out).map(
      (c) => (c.candidates as Array<{ content: { parts: Json[] } }>)[0]!.content.parts[0],
    );
    assert.deepEqual(parts.slice(0, 2), [
      { functionCall: { name: "get", args: { q: 1 }, id: "call_abc" } },
      { functionCall: { name: "get", args: {} } },
    ]);
    const back = decode(out);
    assert.equal(back.stop_reason?.kind, "tool_use");
    assert.deepEqual(
      back.output.map((i) => (i.type === "function_call" ? i.call_id : "")),
      ["call_abc", "call_resp_1_0_get"],
    );
  });

  it("seals another family's reasoning state into the thought signature, and it comes back", () => {
    const rs: IROutputItem = {
      type: "reasoning",
      id: "rs_1",
      summary: [{ type: "summary_text", text: "hmm" }],
      encrypted_content: "ANTHROPIC-SIG",
      interop: { anthropic: { origin: true } },
    };
    const out = encode([
      created,
      { type: "response.output_item.added", output_index: 0, item: { ...rs, summary: [] } },
      {
        type: "response.reasoning_summary_text.delta",
        item_id: "rs_1",
        output_index: 0,
        summary_index: 0,
        delta: "hmm",
      },
      { type: "response.output_item.done", output_index: 0, item: rs },
      ...textEvents(1, ["ok"], message("ok")),
      completed(),
    ]);
    const all = chunks(out);
    assert.deepEqual((all[0]!.candidates as Array<{ content: { parts: Json[] } }>)[0]!.content.parts, [
      { text: "hmm", thought: true },
    ]);
    assert.deepEqual((all[1]!.candidates as Array<{ content: { parts: Json[] } }>)[0]!.content.parts, [
      { thought: true, thoughtSignature: seal({ origin: "anthropic", payload: "ANTHROPIC-SIG" }) },
      { text: "ok" },
    ]);
    const back = decode(out).output[0]!;
    assert.ok(back.type === "reasoning");
    assert.equal(back.encrypted_content, "ANTHROPIC-SIG");
    assert.deepEqual(back.interop, { anthropic: { origin: true } });
    assert.deepEqual(back.summary, [{ type: "summary_text", text: "hmm" }]);
  });

  it("sends what deltas did not carry, and whole items that had none", () => {
    const out = encode([
      created,
      ...textEvents(0, ["Hel"], message("Hello")),
      { type: "response.output_item.added", output_index: 1, item: message("") },
      { type: "response.output_item.done", output_index: 1, item: message(" world") },
      completed(),
    ]);
    const back = decode(out).output[0]!;
    assert.ok(back.type === "message");
    assert.deepEqual(back.content, [{ type: "output_text", text: "Hello world", annotations: [] }]);
  });

  it("writes foreign citations and web searches as grounding on the last chunk", () => {
    const cited = message("see Paris", {
      content: [
        {
          type: "output_text",
          text: "see Paris",
          annotations: [
            { type: "url_citation", start_index: 4, end_index: 9, url: "https://p.x", title: "P" },
          ],
        },
      ],
    } as Partial<IROutputItem>);
    const search: IROutputItem = {
      type: "web_search_call",
      id: "ws_1",
      status: "completed",
      action: { type: "search", query: "paris" },
    };
    const out = encode([
      created,
      { type: "response.output_item.added", output_index: 0, item: search },
      { type: "response.output_item.done", output_index: 0, item: search },
      ...textEvents(1, ["see Paris"], cited),
      completed(),
    ]);
    const last = chunks(out).at(-1) as { candidates: Array<{ groundingMetadata: Json }> };
    assert.deepEqual(last.candidates[0]!.groundingMetadata, {
      webSearchQueries: ["paris"],
      groundingChunks: [{ web: { uri: "https://p.x", title: "P" } }],
      groundingSupports: [
        { segment: { startIndex: 4, endIndex: 9, text: "Paris" }, groundingChunkIndices: [0] },
      ],
    });
    const back = decode(out).output[0]!;
    assert.ok(back.type === "message");
    assert.deepEqual(back.content[0], cited.type === "message" ? cited.content[0] : undefined);
  });

  it("an incomplete answer ends with its finish reason", () => {
    const out = encode([
      created,
      ...textEvents(0, ["a"], message("a")),
      {
        type: "response.incomplete",
        response: { ...BASE, status: "incomplete", stop_reason: { kind: "max_tokens" } },
      },
    ]);
    const last = chunks(out).at(-1) as { candidates: Array<{ finishReason: string }> };
    assert.equal(last.candidates[0]!.finishReason, "MAX_TOKENS");
  });

  it("an IR error becomes Gemini's error chunk and ends the stream", () => {
    const events: Ev[] = [
      created,
      ...textEvents(0, ["a"], message("a")),
      { type: "error", code: "rate_limit_exceeded", message: "slow down", param: null },
      {
        type: "response.failed",
        response: { ...BASE, status: "failed", error: { code: "rate_limit_exceeded", message: "slow down" } },
      },
    ];
    const out = encode(events);
    assert.deepEqual(chunks(out).at(-1), {
      error: { code: 429, message: "slow down", status: "RESOURCE_EXHAUSTED" },
    });
    assert.ok(encode(events, "json-array").endsWith('"status":"RESOURCE_EXHAUSTED"}}]'));
    for (const [code, status] of [
      ["overloaded_error", "UNAVAILABLE"],
      ["UNAVAILABLE", "UNAVAILABLE"],
      ["DEADLINE_EXCEEDED", "DEADLINE_EXCEEDED"],
      ["server_error", "INTERNAL"],
      ["overloaded", "UNAVAILABLE"],
      [null, "INTERNAL"],
    ] as const) {
      const one = encode([created, { type: "error", code, message: "x", param: null }]);
      assert.equal((chunks(one)[0]!.error as Json).status, status, String(code));
    }
    const failedOnly = encode([
      created,
      {
        type: "response.failed",
        response: { ...BASE, status: "failed", error: { code: "server_error", message: "boom" } },
      },
    ]);
    assert.deepEqual(chunks(failedOnly), [{ error: { code: 500, message: "boom", status: "INTERNAL" } }]);
  });

  it("a stream that ends without its terminal event ends with an error, never cleanly", () => {
    const out = encode([created, ...textEvents(0, ["a"], message("a"))]);
    const last = chunks(out).at(-1) as { error: Json };
    assert.equal(last.error.status, "INTERNAL");
    assert.equal(decode(out).status, "failed");
  });
});
