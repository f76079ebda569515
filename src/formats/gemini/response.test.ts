import assert from "node:assert/strict";
import { test } from "node:test";
import { geminiSdkParse } from "../../../test/support/sdk.ts";
import { SwitchyardError } from "../../ir/error.ts";
import type { IRResponse } from "../../ir/response.ts";
import { seal } from "../sealed-state.ts";
import { decodeResponse, encodeResponse } from "./response.ts";

function roundTrip(body: Record<string, unknown>): IRResponse {
  const ir = decodeResponse(body);
  const back = encodeResponse(ir.value);
  assert.deepEqual(back.value, body);
  assert.deepEqual(back.dropped, []);
  return ir.value;
}

test("a blocked prompt has no candidate: content_filter, kept feedback", () => {
  const ir = roundTrip({
    promptFeedback: { blockReason: "PROHIBITED_CONTENT", safetyRatings: [] },
    usageMetadata: { promptTokenCount: 9, totalTokenCount: 9 },
    modelVersion: "gemini-2.5-flash",
    responseId: "r0",
  });
  assert.deepEqual(ir.output, []);
  assert.equal(ir.status, "incomplete");
  assert.deepEqual(ir.stop_reason, {
    kind: "content_filter",
    native: { format: "gemini", value: "PROHIBITED_CONTENT" },
  });
});

test("candidate metadata, further candidates and Vertex fields survive", () => {
  const ir = roundTrip({
    candidates: [
      {
        content: { role: "model", parts: [{ text: "Hi" }] },
        finishReason: "STOP",
        avgLogprobs: -0.2,
        citationMetadata: { citations: [{ startIndex: 0, endIndex: 2, uri: "https://x" }] },
        safetyRatings: [{ category: "HARM_CATEGORY_HARASSMENT", probability: "NEGLIGIBLE" }],
      },
      { content: { role: "model", parts: [{ text: "Hello" }] }, finishReason: "STOP", index: 1 },
    ],
    usageMetadata: {
      promptTokenCount: 3,
      candidatesTokenCount: 2,
      totalTokenCount: 5,
      trafficType: "ON_DEMAND",
    },
    modelVersion: "gemini-2.5-flash",
    createTime: "2025-08-23T10:00:00.123456Z",
    responseId: "r1",
  });
  assert.equal(ir.created_at, 1755943200);
  assert.deepEqual(ir.output[0], {
    type: "message",
    id: "msg_r1_0",
    role: "assistant",
    status: "completed",
    content: [{ type: "output_text", text: "Hi", annotations: [] }],
    interop: {
      gemini: { safetyRatings: [{ category: "HARM_CATEGORY_HARASSMENT", probability: "NEGLIGIBLE" }] },
    },
  });
});

test("malformed and unexpected tool calls are their own stop kind", () => {
  const ir = roundTrip({
    candidates: [
      { content: {}, finishReason: "MALFORMED_FUNCTION_CALL", finishMessage: "Malformed function call: x" },
    ],
    responseId: "r2",
  });
  assert.equal(ir.stop_reason?.kind, "malformed_tool_call");
  assert.equal(ir.status, "completed");
});

test("a body that is not JSON object is a server error", () => {
  assert.throws(
    () => decodeResponse("<html>"),
    (e: unknown) => e instanceof SwitchyardError && e.kind === "server" && e.source === "gemini",
  );
});

test("an answer from elsewhere encodes into what the Gemini SDK reads", async () => {
  const res: IRResponse = {
    id: "resp_1",
    model: "claude-sonnet-4-5",
    created_at: 1755943200,
    status: "completed",
    output: [
      {
        type: "reasoning",
        id: "rs_1",
        summary: [{ type: "summary_text", text: "Let me look." }],
        encrypted_content: "sig",
        interop: { anthropic: { origin: true } },
      },
      {
        type: "web_search_call",
        id: "ws_1",
        status: "completed",
        action: { type: "search", query: "paris weather" },
      },
      {
        type: "message",
        id: "msg_1",
        role: "assistant",
        status: "completed",
        content: [
          {
            type: "output_text",
            text: "It is sunny.",
            annotations: [
              { type: "url_citation", start_index: 0, end_index: 12, url: "https://w.example", title: "W" },
            ],
          },
          { type: "refusal", refusal: "No more." },
        ],
      },
      { type: "function_call", call_id: "toolu_9", name: "get_time", arguments: '{"tz":"CET"}' },
    ],
    stop_reason: { kind: "tool_use", native: { format: "anthropic-messages", value: "tool_use" } },
    usage: { input_tokens: 20, output_tokens: 12, reasoning_tokens: 4, cached_input_tokens: 5 },
  };
  const out = encodeResponse(res);
  assert.deepEqual(out.value, {
    candidates: [
      {
        content: {
          role: "model",
          parts: [
            {
              text: "Let me look.",
              thought: true,
              thoughtSignature: seal({ origin: "anthropic", payload: "sig" }),
            },
            { text: "It is sunny." },
            { text: "No more." },
            { functionCall: { name: "get_time", args: { tz: "CET" }, id: "toolu_9" } },
          ],
        },
        finishReason: "STOP",
        groundingMetadata: {
          webSearchQueries: ["paris weather"],
          groundingChunks: [{ web: { uri: "https://w.example", title: "W" } }],
          groundingSupports: [
            {
              segment: { startIndex: 0, endIndex: 12, text: "It is sunny.", partIndex: 1 },
              groundingChunkIndices: [0],
            },
          ],
        },
      },
    ],
    usageMetadata: {
      promptTokenCount: 20,
      cachedContentTokenCount: 5,
      candidatesTokenCount: 8,
      thoughtsTokenCount: 4,
      totalTokenCount: 32,
    },
    modelVersion: "claude-sonnet-4-5",
    responseId: "resp_1",
    createTime: "2025-08-23T10:00:00.000Z",
  });
  assert.deepEqual(
    out.dropped.map((d) => d.path),
    ["output[2].content[1]"],
  );
  const sdk = await geminiSdkParse(out.value);
  assert.equal(sdk.text, "It is sunny.No more.");
  assert.deepEqual(sdk.functionCalls, [{ name: "get_time", args: { tz: "CET" }, id: "toolu_9" }]);
  assert.equal(sdk.candidates?.[0]?.finishReason, "STOP");
  assert.equal(sdk.usageMetadata?.thoughtsTokenCount, 4);
});

test("Gemini's own answer: derived call ids, grounding kept whole, derived annotations not re-sent", () => {
  const body = {
    candidates: [
      {
        content: {
          role: "model",
          parts: [
            { text: "Rain today." },
            { functionCall: { name: "get_weather", args: { city: "Paris" } }, thoughtSignature: "c2ln" },
          ],
        },
        finishReason: "STOP",
        groundingMetadata: {
          webSearchQueries: ["paris rain"],
          groundingChunks: [{ web: { uri: "https://r.example", title: "R" } }],
          groundingSupports: [{ segment: { endIndex: 11, text: "Rain today." }, groundingChunkIndices: [0] }],
        },
      },
    ],
    responseId: "abc",
    modelVersion: "gemini-3-pro-preview",
  };
  const ir = roundTrip(body);
  assert.deepEqual(
    ir.output.map((i) => i.type),
    ["web_search_call", "message", "function_call"],
  );
  const call = ir.output[2];
  assert.ok(call?.type === "function_call");
  assert.equal(call.call_id, "call_abc_0_get_weather");
  assert.equal(ir.stop_reason?.kind, "tool_use");
  const msg = ir.output[1];
  assert.ok(msg?.type === "message");
  assert.deepEqual(msg.content[0], {
    type: "output_text",
    text: "Rain today.",
    annotations: [
      { type: "url_citation", start_index: 0, end_index: 11, url: "https://r.example", title: "R" },
    ],
  });
});
