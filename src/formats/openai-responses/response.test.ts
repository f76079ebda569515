import assert from "node:assert/strict";
import { test } from "node:test";
import { SwitchyardError } from "../../ir/error.ts";
import type { IRRequest } from "../../ir/request.ts";
import type { IRResponse } from "../../ir/response.ts";
import { decodeResponse, encodeResponse } from "./response.ts";

const message = {
  id: "msg_1",
  type: "message",
  status: "completed",
  role: "assistant",
  content: [{ type: "output_text", text: "Hi!", annotations: [], logprobs: [] }],
};

const body = {
  id: "resp_1",
  object: "response",
  created_at: 1754925861,
  status: "completed",
  background: false,
  billing: { payer: "developer" },
  error: null,
  incomplete_details: null,
  instructions: "Be nice.",
  max_output_tokens: null,
  model: "gpt-4o-mini-2024-07-18",
  output: [message],
  parallel_tool_calls: true,
  previous_response_id: null,
  reasoning: { effort: null, summary: null },
  service_tier: "default",
  store: true,
  temperature: 1,
  text: { format: { type: "text" }, verbosity: "medium" },
  tool_choice: "auto",
  tools: [],
  top_p: 1,
  truncation: "disabled",
  usage: {
    input_tokens: 14,
    input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
    output_tokens: 50,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: 64,
  },
  user: null,
  metadata: {},
};

test("decode keeps the answer's core in IR fields and the rest raw; encode restores it exactly", () => {
  const { value: ir, dropped } = decodeResponse(body);
  assert.deepEqual(dropped, []);
  assert.equal(ir.id, "resp_1");
  assert.equal(ir.model, "gpt-4o-mini-2024-07-18");
  assert.equal(ir.created_at, 1754925861);
  assert.equal(ir.service_tier, "default");
  assert.deepEqual(ir.stop_reason, {
    kind: "end_turn",
    native: { format: "openai-responses", value: "completed" },
  });
  assert.deepEqual(ir.usage, {
    input_tokens: 14,
    output_tokens: 50,
    cached_input_tokens: 0,
    cache_write_tokens: 0,
    reasoning_tokens: 0,
    total_tokens: 64,
  });
  assert.equal(ir.interop?.openai?.raw?.instructions, "Be nice.");
  assert.equal(ir.interop?.openai?.raw?.object, undefined);
  assert.deepEqual(encodeResponse(ir), { value: body, dropped: [] });
});

test("incomplete answers carry their reason both ways", () => {
  const trunc = { ...body, status: "incomplete", incomplete_details: { reason: "max_output_tokens" } };
  const ir = decodeResponse(trunc).value;
  assert.equal(ir.stop_reason?.kind, "max_tokens");
  assert.deepEqual(encodeResponse(ir).value, trunc);
});

test("an error envelope where a Response was expected throws the decoded error", () => {
  assert.throws(
    () =>
      decodeResponse({
        error: { message: "quota", type: "insufficient_quota", param: null, code: "insufficient_quota" },
      }),
    (e: unknown) => e instanceof SwitchyardError && e.kind === "billing" && e.message === "quota",
  );
});

test("a malformed body is an upstream failure (502), not the caller's bad request", () => {
  assert.throws(
    () => decodeResponse({ id: "resp_1", model: "m", output: "nope" }),
    (e: unknown) =>
      e instanceof SwitchyardError && e.kind === "server" && e.status === 502 && /output/.test(e.message),
  );
  assert.throws(
    () => decodeResponse("text"),
    (e: unknown) => e instanceof SwitchyardError && e.status === 502,
  );
});

const foreign: IRResponse = {
  id: "msg_01ABC",
  model: "claude-sonnet-4-5",
  status: "completed",
  output: [
    {
      type: "message",
      id: "msg_01ABC_0",
      role: "assistant",
      status: "completed",
      content: [{ type: "output_text", text: "ok", annotations: [] }],
    },
    { type: "function_call", call_id: "toolu_1", name: "f", arguments: "{}" },
  ],
  stop_reason: { kind: "tool_use", native: { format: "anthropic-messages", value: "tool_use" } },
  usage: { input_tokens: 10, output_tokens: 4, cached_input_tokens: 2 },
};

test("encoding another format's answer: defaults for required echo fields, created_at now", () => {
  const before = Math.floor(Date.now() / 1000);
  const { value, dropped } = encodeResponse(foreign);
  assert.deepEqual(dropped, []);
  assert.ok(value.created_at >= before);
  assert.equal(value.object, "response");
  assert.equal(value.status, "completed");
  assert.equal(value.error, null);
  assert.equal(value.incomplete_details, null);
  assert.equal(value.instructions, null);
  assert.deepEqual(value.tools, []);
  assert.equal(value.tool_choice, "auto");
  assert.equal(value.parallel_tool_calls, true);
  assert.equal(value.temperature, null);
  assert.equal(value.top_p, null);
  assert.deepEqual(value.metadata, {});
  assert.equal("text" in value, false);
  assert.deepEqual(value.usage, {
    input_tokens: 10,
    input_tokens_details: { cached_tokens: 2, cache_write_tokens: 0 },
    output_tokens: 4,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: 14,
  });
});

test("echo fields come from the request being answered first", () => {
  const request: IRRequest = {
    model: "claude-sonnet-4-5",
    instructions: "Be brief.",
    temperature: 0.2,
    tools: [{ type: "function", name: "f", parameters: { type: "object" }, strict: true }],
    tool_choice: "required",
    reasoning: { effort: "medium", budget_tokens: 8192 },
    max_output_tokens: 512,
    metadata: { trace: "t1" },
  };
  const withRaw: IRResponse = { ...foreign, interop: { openai: { raw: { temperature: 1, top_p: 0.9 } } } };
  const { value } = encodeResponse(withRaw, { request });
  assert.equal(value.instructions, "Be brief.");
  assert.equal(value.temperature, 0.2);
  assert.equal(value.top_p, 0.9);
  assert.deepEqual(value.tools, request.tools);
  assert.equal(value.tool_choice, "required");
  assert.deepEqual(value.reasoning, { effort: "medium" });
  assert.equal(value.max_output_tokens, 512);
  assert.deepEqual(value.metadata, { trace: "t1" });
});

test("truncation, filtering and failures from other formats become Responses statuses", () => {
  const trunc = encodeResponse({ ...foreign, stop_reason: { kind: "max_tokens" } }).value;
  assert.equal(trunc.status, "incomplete");
  assert.deepEqual(trunc.incomplete_details, { reason: "max_output_tokens" });
  const filtered = encodeResponse({ ...foreign, stop_reason: { kind: "content_filter" } }).value;
  assert.deepEqual(filtered.incomplete_details, { reason: "content_filter" });
  const bad = encodeResponse({
    ...foreign,
    stop_reason: {
      kind: "malformed_tool_call",
      native: { format: "gemini", value: "MALFORMED_FUNCTION_CALL" },
    },
  }).value;
  assert.equal(bad.status, "failed");
  assert.deepEqual(bad.error, {
    code: "server_error",
    message: "the model's answer failed (MALFORMED_FUNCTION_CALL)",
  });
});

test("what a Responses client cannot see is reported", () => {
  const out = encodeResponse({
    ...foreign,
    stop_reason: { kind: "pause_turn", native: { format: "anthropic-messages", value: "pause_turn" } },
    interop: { anthropic: { raw: { container: { id: "c" } } }, gemini: { safetyRatings: [] } },
  });
  assert.deepEqual(
    out.dropped.map((d) => d.path),
    ["stop_reason", "interop.anthropic.raw.container", "interop.gemini.safetyRatings"],
  );
});

test("a null usage (in-progress answer) round-trips; no usage is not invented", () => {
  const pending = { ...body, status: "in_progress", usage: null };
  const ir = decodeResponse(pending).value;
  assert.equal(ir.usage, undefined);
  assert.equal(ir.stop_reason, undefined);
  assert.deepEqual(encodeResponse(ir).value, pending);
  const { usage: _u, ...noUsage } = foreign;
  assert.equal("usage" in encodeResponse(noUsage).value, false);
});

test("a service tier OpenAI does not know is left out and reported", () => {
  const out = encodeResponse({ ...foreign, service_tier: "standard" });
  assert.equal("service_tier" in out.value, false);
  assert.deepEqual(
    out.dropped.map((d) => d.path),
    ["service_tier"],
  );
  assert.equal(encodeResponse({ ...foreign, service_tier: "priority" }).value.service_tier, "priority");
});
