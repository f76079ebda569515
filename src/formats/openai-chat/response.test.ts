import assert from "node:assert/strict";
import { test } from "node:test";
import { SwitchyardError } from "../../ir/error.ts";
import type { IRResponse } from "../../ir/response.ts";
import { decodeResponse, encodeResponse } from "./response.ts";

function completion(
  message: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id: "chatcmpl-1",
    object: "chat.completion",
    created: 1700000000,
    model: "gpt-4o",
    choices: [
      { index: 0, message: { role: "assistant", ...message }, logprobs: null, finish_reason: "stop" },
    ],
    ...extra,
  };
}

function roundTrip(body: Record<string, unknown>): IRResponse {
  const ir = decodeResponse(body);
  const enc = encodeResponse(ir.value);
  assert.deepEqual(enc.dropped, []);
  assert.deepEqual(enc.value, body);
  return ir.value;
}

const token = (t: string, top = true) => ({
  token: t,
  logprob: -0.1,
  bytes: [...Buffer.from(t)],
  top_logprobs: top ? [{ token: t, logprob: -0.1, bytes: [...Buffer.from(t)] }] : [],
});

test("text with URL citations and logprobs lands on the output_text part", () => {
  const body = completion(
    {
      content: "See example.com now",
      refusal: null,
      annotations: [
        {
          type: "url_citation",
          url_citation: { start_index: 4, end_index: 15, title: "Ex", url: "https://example.com" },
        },
      ],
    },
    { system_fingerprint: "fp_1", service_tier: "default" },
  );
  (body.choices as Array<Record<string, unknown>>)[0]!.logprobs = {
    content: [token("See"), token(" now", false)],
    refusal: null,
  };
  const ir = roundTrip(body);
  assert.equal(ir.created_at, 1700000000);
  assert.equal(ir.service_tier, "default");
  assert.deepEqual(ir.stop_reason, { kind: "end_turn", native: { format: "openai-chat", value: "stop" } });
  assert.deepEqual(ir.output, [
    {
      type: "message",
      id: "msg_chatcmpl-1_0",
      role: "assistant",
      status: "completed",
      content: [
        {
          type: "output_text",
          text: "See example.com now",
          annotations: [
            { type: "url_citation", start_index: 4, end_index: 15, title: "Ex", url: "https://example.com" },
          ],
          logprobs: [token("See"), token(" now", false)],
        },
      ],
    },
  ]);
});

test("logprobs the IR cannot type (bytes: null) stay native", () => {
  const body = completion({ content: "x", refusal: null });
  (body.choices as Array<Record<string, unknown>>)[0]!.logprobs = {
    content: [{ token: "x", logprob: -1, bytes: null, top_logprobs: [] }],
    refusal: null,
  };
  roundTrip(body);
});

test("tool calls follow the message in order; refusals become refusal parts", () => {
  const ir = roundTrip(
    completion({
      content: null,
      refusal: null,
      annotations: [],
      tool_calls: [
        { id: "call_a", type: "function", function: { name: "f", arguments: "{}" } },
        { id: "call_b", type: "custom", custom: { name: "g", input: "x" } },
      ],
    }),
  );
  assert.deepEqual(
    ir.output.map((o) => o.type),
    ["function_call", "custom_tool_call"],
  );
  const refusal = roundTrip(completion({ content: null, refusal: "I can't help with that." }));
  assert.deepEqual(refusal.stop_reason, {
    kind: "refusal",
    native: { format: "openai-chat", value: "stop" },
  });
  assert.deepEqual((refusal.output[0] as { content: unknown }).content, [
    { type: "refusal", refusal: "I can't help with that." },
  ]);
});

test("extra choices of n > 1, audio, legacy function_call and absent fields survive", () => {
  const body = completion({ content: "a", refusal: null });
  (body.choices as unknown[]).push({
    index: 1,
    message: { role: "assistant", content: "b", refusal: null },
    logprobs: null,
    finish_reason: "length",
  });
  roundTrip(body);
  roundTrip(
    completion({
      content: null,
      refusal: null,
      audio: { id: "audio_1", data: "UklGR", expires_at: 1, transcript: "hi" },
    }),
  );
  const legacy = completion({ content: null, function_call: { name: "f", arguments: "{}" } });
  (legacy.choices as Array<Record<string, unknown>>)[0]!.finish_reason = "function_call";
  roundTrip(legacy);
  roundTrip({
    id: "x",
    object: "chat.completion",
    created: 1,
    model: "m",
    choices: [{ index: 0, message: { role: "assistant", content: "hi" }, finish_reason: "stop" }],
  });
  roundTrip({ id: "x", object: "chat.completion", created: 1, model: "m", choices: [] });
});

test("length and content_filter finishes make the response incomplete", () => {
  const body = completion({ content: "trunc", refusal: null });
  (body.choices as Array<Record<string, unknown>>)[0]!.finish_reason = "length";
  const ir = roundTrip(body);
  assert.equal(ir.status, "incomplete");
  assert.equal(ir.stop_reason?.kind, "max_tokens");
});

test("an answer from another format: text joined, indices shifted, calls in tool_calls", () => {
  const res: IRResponse = {
    id: "msg_01",
    model: "claude-x",
    created_at: 5,
    status: "completed",
    output: [
      {
        type: "reasoning",
        id: "rs_0",
        summary: [{ type: "summary_text", text: "hmm" }],
        encrypted_content: "sig",
        interop: { anthropic: { origin: true } },
      },
      {
        type: "message",
        id: "m",
        role: "assistant",
        status: "completed",
        content: [
          { type: "output_text", text: "Paris is ", annotations: [], logprobs: [] },
          {
            type: "output_text",
            text: "sunny.",
            annotations: [
              { type: "url_citation", start_index: 0, end_index: 6, title: "W", url: "https://w" },
            ],
          },
        ],
      },
      {
        type: "function_call",
        call_id: "toolu_1",
        name: "weather",
        arguments: "{}",
        interop: { gemini: { thoughtSignature: "s" } },
      },
    ],
    stop_reason: { kind: "tool_use", native: { format: "anthropic-messages", value: "tool_use" } },
    usage: { input_tokens: 10, output_tokens: 4, cached_input_tokens: 2 },
  };
  const enc = encodeResponse(res);
  assert.deepEqual(enc.value, {
    id: "msg_01",
    object: "chat.completion",
    created: 5,
    model: "claude-x",
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: "Paris is sunny.",
          refusal: null,
          annotations: [
            {
              type: "url_citation",
              url_citation: { start_index: 9, end_index: 15, title: "W", url: "https://w" },
            },
          ],
          tool_calls: [{ id: "toolu_1", type: "function", function: { name: "weather", arguments: "{}" } }],
        },
        finish_reason: "tool_calls",
        logprobs: null,
      },
    ],
    usage: {
      prompt_tokens: 10,
      completion_tokens: 4,
      total_tokens: 14,
      prompt_tokens_details: { cached_tokens: 2 },
    },
  });
  assert.deepEqual(
    enc.dropped.map((d) => d.path),
    ["output[0]", "output[2].interop.gemini.thoughtSignature"],
  );
});

test("texts join without running words together; citation indices shift past separators", () => {
  const res: IRResponse = {
    id: "r",
    model: "m",
    status: "completed",
    output: [
      {
        type: "message",
        id: "a",
        role: "assistant",
        status: "completed",
        content: [{ type: "output_text", text: "Searching.", annotations: [] }],
      },
      { type: "web_search_call", id: "ws", status: "completed", action: { type: "search", query: "q" } },
      {
        type: "message",
        id: "b",
        role: "assistant",
        status: "completed",
        content: [
          {
            type: "output_text",
            text: "Sky",
            annotations: [{ type: "url_citation", start_index: 0, end_index: 3, title: "t", url: "u" }],
          },
          {
            type: "output_text",
            text: "is blue.",
            annotations: [{ type: "url_citation", start_index: 3, end_index: 7, title: "t", url: "u" }],
          },
          { type: "output_text", text: " Done.", annotations: [] },
        ],
      },
    ],
  };
  const message = (encodeResponse(res).value.choices[0] as unknown as { message: Record<string, unknown> })
    .message;
  assert.equal(message.content, "Searching.\n\nSky is blue. Done.");
  assert.deepEqual(message.annotations, [
    { type: "url_citation", url_citation: { start_index: 12, end_index: 15, title: "t", url: "u" } },
    { type: "url_citation", url_citation: { start_index: 19, end_index: 23, title: "t", url: "u" } },
  ]);
});

test("stop kinds from another format pick the Chat value; no stop reason reads from the status", () => {
  const base: IRResponse = { id: "r", model: "m", status: "completed", output: [] };
  const finish = (r: IRResponse) =>
    (encodeResponse(r).value.choices[0] as { finish_reason: string }).finish_reason;
  assert.equal(finish({ ...base, stop_reason: { kind: "refusal" } }), "stop");
  assert.equal(finish({ ...base, stop_reason: { kind: "content_filter" } }), "content_filter");
  assert.equal(finish({ ...base, stop_reason: { kind: "max_tokens" } }), "length");
  assert.equal(finish({ ...base, status: "incomplete" }), "length");
  assert.equal(finish(base), "stop");
  const call = { type: "function_call" as const, call_id: "c", name: "f", arguments: "{}" };
  // A natural end stays a natural end, calls or not (the source decided it was not waiting).
  assert.equal(finish({ ...base, output: [call], stop_reason: { kind: "end_turn" } }), "stop");
  assert.equal(finish({ ...base, output: [call] }), "tool_calls");
  const failed = encodeResponse({
    ...base,
    status: "failed",
    error: { code: "server_error", message: "boom" },
  });
  assert.deepEqual(
    failed.dropped.map((d) => d.path),
    ["error"],
  );
});

test("malformed upstream bodies are a 502; an error body is decoded as the error", () => {
  assert.throws(
    () => decodeResponse({ id: "x", model: "m", choices: "nope" }),
    (e: unknown) =>
      e instanceof SwitchyardError && e.kind === "server" && e.status === 502 && e.param === "choices",
  );
  assert.throws(
    () =>
      decodeResponse({
        error: { message: "quota", type: "insufficient_quota", code: "insufficient_quota", param: null },
      }),
    (e: unknown) => e instanceof SwitchyardError && e.kind === "billing" && e.code === "insufficient_quota",
  );
});

test("another format's answer-level provider state is reported, not lost", () => {
  const enc = encodeResponse({
    id: "r",
    model: "m",
    status: "completed",
    output: [],
    interop: { gemini: { raw: { modelVersion: "x" }, groundingMetadata: {} } },
  });
  assert.deepEqual(
    enc.dropped.map((d) => d.path),
    ["interop.gemini.raw.modelVersion", "interop.gemini.groundingMetadata"],
  );
});

test("odd top-level shapes from compatible servers survive", () => {
  roundTrip({
    id: "x",
    object: "chat.completion.custom",
    created: 1,
    model: "m",
    choices: [],
    usage: null,
    extra: [1],
  });
  roundTrip({ id: "x", created: 1, model: "m", choices: [] });
});

test("another provider's tier and URLs are put in Chat's terms", () => {
  const res: IRResponse = {
    id: "r",
    model: "m",
    status: "completed",
    service_tier: "standard",
    output: [
      {
        type: "message",
        id: "a",
        role: "assistant",
        status: "completed",
        content: [
          {
            type: "output_text",
            text: "Sunny",
            annotations: [
              {
                type: "url_citation",
                start_index: 0,
                end_index: 5,
                title: "t",
                url: "https://x.com/search?q=San Francisco, CA",
              },
            ],
          },
        ],
      },
    ],
  };
  const enc = encodeResponse(res);
  assert.equal(enc.value.service_tier, "default");
  const message = enc.value.choices[0]?.message as unknown as {
    annotations: Array<{ url_citation: { url: string } }>;
  };
  assert.equal(message.annotations[0]?.url_citation.url, "https://x.com/search?q=San%20Francisco,%20CA");
  const batch = encodeResponse({ ...res, service_tier: "batch" });
  assert.equal(batch.value.service_tier, undefined);
  assert.deepEqual(
    batch.dropped.map((d) => d.path),
    ["service_tier"],
  );
});
