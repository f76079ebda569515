import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { accumulate } from "../../ir/accumulate.ts";
import type { IRStreamEvent } from "../../ir/stream.ts";
import { GeminiStreamDecoder } from "./stream-decoder.ts";

type Json = Record<string, unknown>;

const RID = "r1";

function chunk(parts: Json[] | undefined, extra: Json = {}, cand: Json = {}): string {
  const body: Json = { modelVersion: "gemini-3-flash-preview", responseId: RID, ...extra };
  if (parts !== undefined) body.candidates = [{ content: { role: "model", parts }, index: 0, ...cand }];
  return JSON.stringify(body);
}

function run(datas: string[], model?: string): IRStreamEvent[] {
  const d = new GeminiStreamDecoder(model === undefined ? {} : { model });
  const out: IRStreamEvent[] = [];
  for (const data of datas) out.push(...d.push({ data }));
  out.push(...d.end());
  for (const [i, ev] of out.entries()) assert.equal(ev.sequence_number, i);
  return out;
}

const types = (evs: IRStreamEvent[]) => evs.map((e) => e.type);
const USAGE = { promptTokenCount: 10, candidatesTokenCount: 5, thoughtsTokenCount: 3, totalTokenCount: 18 };

describe("GeminiStreamDecoder", () => {
  it("streams text as one message and ends at the end of the bytes with usage and stop", () => {
    const evs = run([
      chunk([{ text: "Hel" }], { usageMetadata: { promptTokenCount: 10, totalTokenCount: 10 } }),
      chunk([{ text: "lo" }], { usageMetadata: USAGE }, { finishReason: "STOP" }),
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
    const created = evs[0]!;
    assert.ok(created.type === "response.created");
    assert.equal(created.response.id, RID);
    assert.equal(created.response.model, "gemini-3-flash-preview");
    assert.equal(created.response.status, "in_progress");
    assert.equal(created.response.usage?.input_tokens, 10);
    const res = accumulate(evs);
    assert.deepEqual(res.output, [
      {
        type: "message",
        id: `msg_${RID}_0`,
        role: "assistant",
        status: "completed",
        content: [{ type: "output_text", text: "Hello", annotations: [] }],
      },
    ]);
    assert.deepEqual(res.usage, {
      input_tokens: 10,
      output_tokens: 8,
      cached_input_tokens: 0,
      reasoning_tokens: 3,
      total_tokens: 18,
    });
    assert.deepEqual(res.stop_reason, { kind: "end_turn", native: { format: "gemini", value: "STOP" } });
    assert.equal(res.status, "completed");
  });

  it("takes the model from the context when chunks name none", () => {
    const evs = run(
      [JSON.stringify({ candidates: [{ content: { parts: [{ text: "x" }] }, finishReason: "STOP" }] })],
      "m-url",
    );
    assert.equal(accumulate(evs).model, "m-url");
  });

  it("reads thoughts as reasoning and a signature as closing the item it came on", () => {
    const evs = run([
      chunk([{ text: "think ", thought: true }]),
      chunk([{ text: "more", thought: true }]),
      chunk([{ text: "A", thoughtSignature: "sig1" }]),
      chunk([{ text: "B" }]),
      chunk([{ text: "", thoughtSignature: "sig2" }], { usageMetadata: USAGE }, { finishReason: "STOP" }),
    ]);
    const res = accumulate(evs);
    assert.deepEqual(
      res.output.map((i) => [i.type, i.interop?.gemini?.thoughtSignature]),
      [
        ["reasoning", undefined],
        ["message", "sig1"],
        ["message", "sig2"],
      ],
    );
    const rs = res.output[0]!;
    assert.ok(rs.type === "reasoning");
    assert.deepEqual(rs.summary, [{ type: "summary_text", text: "think more" }]);
    assert.deepEqual(
      types(evs).filter((t) => t.startsWith("response.reasoning")),
      [
        "response.reasoning_summary_part.added",
        "response.reasoning_summary_text.delta",
        "response.reasoning_summary_text.delta",
        "response.reasoning_summary_text.done",
        "response.reasoning_summary_part.done",
      ],
    );
  });

  it("emits whole parallel calls with derived ids, and STOP after calls is tool_use", () => {
    const evs = run([
      chunk(
        [
          { functionCall: { name: "a", args: { x: 1 } }, thoughtSignature: "s" },
          { functionCall: { name: "b", args: {}, id: "own" } },
          { functionCall: { name: "a", args: { x: 2 } } },
        ],
        { usageMetadata: USAGE },
        { finishReason: "STOP" },
      ),
    ]);
    const deltas = evs.filter((e) => e.type === "response.function_call_arguments.delta");
    assert.equal(deltas.length, 3);
    const added = evs.find((e) => e.type === "response.output_item.added");
    assert.ok(added?.type === "response.output_item.added");
    assert.deepEqual(added.item, {
      type: "function_call",
      id: `fc_${RID}_0`,
      call_id: `call_${RID}_0_a`,
      name: "a",
      arguments: "",
      status: "in_progress",
    });
    const res = accumulate(evs);
    assert.deepEqual(
      res.output.map((i) => (i.type === "function_call" ? [i.call_id, i.arguments] : [])),
      [
        [`call_${RID}_0_a`, '{"x":1}'],
        ["own", "{}"],
        [`call_${RID}_1_a`, '{"x":2}'],
      ],
    );
    assert.equal(res.output[0]!.interop?.gemini?.thoughtSignature, "s");
    assert.equal(res.stop_reason?.kind, "tool_use");
  });

  it("assembles Vertex streamed arguments, opening the call at its name", () => {
    const evs = run([
      chunk([{ functionCall: { name: "f", willContinue: true }, thoughtSignature: "s" }]),
      chunk([
        {
          functionCall: {
            partialArgs: [{ jsonPath: "$.q", stringValue: "Bos", willContinue: true }],
            willContinue: true,
          },
        },
      ]),
      chunk([
        { functionCall: { partialArgs: [{ jsonPath: "$.q", stringValue: "ton" }], willContinue: true } },
      ]),
      chunk([{ functionCall: {} }]),
      chunk([{ functionCall: { name: "g", willContinue: true } }]),
      chunk([{ functionCall: { partialArgs: [{ jsonPath: "$.n[0]", numberValue: 2 }] } }]),
      chunk([{ text: "" }], { usageMetadata: USAGE }, { finishReason: "STOP" }),
    ]);
    assert.equal(evs[2]!.type, "response.output_item.added");
    assert.equal(evs[3]!.type, "response.function_call_arguments.delta");
    const res = accumulate(evs);
    assert.deepEqual(
      res.output.map((i) => (i.type === "function_call" ? [i.name, i.arguments, i.interop] : [])),
      [
        ["f", '{"q":"Boston"}', { gemini: { thoughtSignature: "s" } }],
        ["g", '{"n":[2]}', undefined],
      ],
    );
  });

  it("keeps other parts whole as opaque items, in place", () => {
    const code = { executableCode: { language: "PYTHON", code: "print(1)" } };
    const evs = run([chunk([{ text: "a" }, code, { text: "b" }], {}, { finishReason: "STOP" })]);
    const res = accumulate(evs);
    assert.deepEqual(
      res.output.map((i) => i.type),
      ["message", "message", "message"],
    );
    assert.deepEqual(res.output[1]!.interop, { gemini: { raw: { item: code } } });
  });

  it("turns grounding into citations on the message and a web search", () => {
    const gm = {
      webSearchQueries: ["q"],
      groundingChunks: [{ web: { uri: "https://e.x", title: "E" } }],
      groundingSupports: [
        { segment: { startIndex: 6, endIndex: 11, text: "world" }, groundingChunkIndices: [0] },
      ],
    };
    const evs = run([
      chunk([{ text: "hello " }], {}, { groundingMetadata: {} }),
      chunk([{ text: "world" }], {}, { groundingMetadata: gm, finishReason: "STOP" }),
    ]);
    const ann = evs.find((e) => e.type === "response.output_text.annotation.added");
    assert.ok(ann?.type === "response.output_text.annotation.added");
    assert.deepEqual(ann.annotation, {
      type: "url_citation",
      start_index: 6,
      end_index: 11,
      url: "https://e.x",
      title: "E",
    });
    const res = accumulate(evs);
    assert.deepEqual(
      res.output.map((i) => i.type),
      ["message", "web_search_call"],
    );
    assert.deepEqual(res.output[0]!.interop?.gemini?.groundingMetadata, gm);
  });

  it("reads MAX_TOKENS as incomplete and a blocked prompt as content_filter", () => {
    const cut = run([chunk([{ text: "a" }], { usageMetadata: USAGE }, { finishReason: "MAX_TOKENS" })]);
    assert.equal(cut.at(-1)!.type, "response.incomplete");
    assert.equal(accumulate(cut).stop_reason?.kind, "max_tokens");
    const blocked = run([
      chunk(undefined, { promptFeedback: { blockReason: "SAFETY" }, usageMetadata: USAGE }),
    ]);
    assert.deepEqual(types(blocked), ["response.created", "response.in_progress", "response.incomplete"]);
    assert.deepEqual(accumulate(blocked).stop_reason, {
      kind: "content_filter",
      native: { format: "gemini", value: "SAFETY" },
    });
  });

  it("an error chunk ends the stream with error + response.failed, keeping the usage so far", () => {
    const d = new GeminiStreamDecoder();
    d.push({ data: chunk([{ text: "a" }], { usageMetadata: USAGE }) });
    const evs = d.push({
      data: JSON.stringify({ error: { code: 429, message: "quota", status: "RESOURCE_EXHAUSTED" } }),
    });
    assert.deepEqual(types(evs), ["error", "response.failed"]);
    assert.deepEqual(
      { ...evs[0]!, sequence_number: 0 },
      { type: "error", code: "RESOURCE_EXHAUSTED", message: "quota", param: null, sequence_number: 0 },
    );
    const failed = evs[1]!;
    assert.ok(failed.type === "response.failed");
    assert.deepEqual(failed.response.error, { code: "rate_limit_exceeded", message: "quota" });
    assert.equal(failed.response.usage?.input_tokens, 10);
    assert.deepEqual(d.push({ data: chunk([{ text: "late" }]) }), []);
    assert.deepEqual(d.end(), []);
  });

  it("a stream that ends without finishReason is failed, not completed", () => {
    const evs = run([chunk([{ text: "a" }])]);
    assert.deepEqual(types(evs).slice(-2), ["error", "response.failed"]);
    const nothing = run([]);
    assert.deepEqual(types(nothing), [
      "response.created",
      "response.in_progress",
      "error",
      "response.failed",
    ]);
  });

  it("malformed JSON fails the stream cleanly and never throws", () => {
    const evs = run([
      chunk([{ text: "a" }]),
      '{"candidates": [',
      chunk([{ text: "b" }], {}, { finishReason: "STOP" }),
    ]);
    assert.deepEqual(types(evs).slice(-2), ["error", "response.failed"]);
    const err = evs.at(-2)!;
    assert.ok(err.type === "error");
    assert.equal(err.code, "server");
    assert.deepEqual(types(run(["[1]"])).slice(-2), ["error", "response.failed"]);
  });
});
