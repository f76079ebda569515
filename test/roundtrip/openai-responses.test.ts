/**
 * OpenAI Responses fixture round trips: every recorded request, response and error body is
 * decoded into the IR and encoded back into the Responses format; the result must deep-equal
 * the recording, and encoding must report nothing dropped (a same-format trip loses nothing).
 * Encodes are also checked against the official OpenAPI document: they may not add a
 * validation error the recording itself does not have (several recordings predate the
 * current spec, e.g. `user: null`, no `cache_write_tokens`).
 *
 * Normalisation (the only differences allowed, applied to the recording before comparing):
 * 1. Response `usage.input_tokens_details.cache_write_tokens` is added as 0 when absent: the
 *    current spec and SDK type require it; recordings older than the field lack it, and the
 *    IR reads its absence as "unknown".
 * 2. Response `output_text` parts get `logprobs: []` when absent: the spec requires it;
 *    2025-03 recordings predate it.
 * 3. Response fields the spec requires but a hand-trimmed recording (vercel
 *    `openai-phase.1.json`) leaves out are filled with the encoder's defaults: `error` and
 *    `incomplete_details` null, `instructions` null, `tools` [], `tool_choice` "auto",
 *    `parallel_tool_calls` true, `temperature` and `top_p` null, `metadata` {}.
 * Requests and errors round-trip with no normalisation at all.
 *
 * Spec note: in the OpenAPI document a user/system/developer message with a list `content`
 * matches both `EasyInputMessage` and `InputMessage`, so the `InputItem` oneOf rejects every
 * such message (recordings OpenAI accepted included). `specErrors` below ignores exactly
 * that ambiguity when checking encodes of other formats' IR.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { openaiResponses } from "../../src/formats/openai-responses/index.ts";
import type { IRRequest } from "../../src/ir/request.ts";
import type { IRResponse } from "../../src/ir/response.ts";
import { validateOpenAI } from "../support/openapi.ts";
import { errorFixtures, requestFixtures, responseFixtures } from "../support/wire.ts";

type Json = Record<string, unknown>;

function isJson(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const REQUIRED_DEFAULTS: ReadonlyArray<[string, unknown]> = [
  ["error", null],
  ["incomplete_details", null],
  ["instructions", null],
  ["tools", []],
  ["tool_choice", "auto"],
  ["parallel_tool_calls", true],
  ["temperature", null],
  ["top_p", null],
  ["metadata", {}],
];

/** The recording with the normalisation list above applied. */
function normaliseResponse(body: unknown): unknown {
  const b = structuredClone(body) as Json;
  for (const [key, value] of REQUIRED_DEFAULTS) if (!(key in b)) b[key] = value;
  const usage = b.usage;
  if (isJson(usage) && isJson(usage.input_tokens_details)) {
    usage.input_tokens_details.cache_write_tokens ??= 0;
  }
  for (const item of Array.isArray(b.output) ? b.output : []) {
    if (!isJson(item) || item.type !== "message" || !Array.isArray(item.content)) continue;
    for (const part of item.content) if (isJson(part) && part.type === "output_text") part.logprobs ??= [];
  }
  return b;
}

const AMBIGUOUS_MESSAGE =
  /^\/input\/\d+ must match exactly one schema in oneOf \{"passingSchemas":\[0,1\]\}$/;
const AMBIGUITY_CASCADE = new Set([
  '/input must be string {"type":"string"}',
  '/input must match exactly one schema in oneOf {"passingSchemas":null}',
]);

/** Validation errors, but for the EasyInputMessage/InputMessage oneOf ambiguity (see top). */
function specErrors(schema: string, value: unknown): string[] {
  const errors = validateOpenAI(schema, value);
  const ambiguous = errors.filter((e) => AMBIGUOUS_MESSAGE.test(e));
  if (ambiguous.length === 0) return errors;
  return errors.filter((e) => !AMBIGUOUS_MESSAGE.test(e) && !AMBIGUITY_CASCADE.has(e));
}

/** Validation errors of `encoded` that `original` does not have. */
function newErrors(schema: string, original: unknown, encoded: unknown): string[] {
  const before = new Set(validateOpenAI(schema, original));
  return validateOpenAI(schema, encoded).filter((e) => !before.has(e));
}

describe("openai-responses requests round-trip", () => {
  const fixtures = requestFixtures("openai-responses");
  test("fixtures are present", () => assert.ok(fixtures.length > 40));
  for (const fx of fixtures) {
    test(fx.name, () => {
      const ir = openaiResponses.decodeRequest(fx.body);
      assert.deepEqual(ir.dropped, []);
      const out = openaiResponses.encodeRequest(ir.value);
      assert.deepEqual(out.dropped, []);
      assert.deepEqual(out.value, fx.body);
      assert.deepEqual(newErrors("CreateResponse", fx.body, out.value), []);
    });
  }
});

describe("openai-responses responses round-trip", () => {
  const fixtures = responseFixtures("openai-responses");
  test("fixtures are present", () => assert.ok(fixtures.length > 40));
  for (const fx of fixtures) {
    test(fx.name, () => {
      const ir = openaiResponses.decodeResponse(fx.body);
      assert.deepEqual(ir.dropped, []);
      const out = openaiResponses.encodeResponse(ir.value);
      assert.deepEqual(out.dropped, []);
      assert.deepEqual(out.value, normaliseResponse(fx.body));
      assert.deepEqual(newErrors("Response", fx.body, out.value), []);
    });
  }
});

describe("openai-responses errors round-trip", () => {
  const fixtures = errorFixtures("openai-responses");
  test("fixtures are present", () => assert.ok(fixtures.length >= 9));
  for (const fx of fixtures) {
    test(fx.name, () => {
      const err = openaiResponses.decodeError(fx.status, fx.body);
      assert.equal(err.status, fx.status);
      assert.equal(err.source, "openai-responses");
      const out = openaiResponses.encodeError(err);
      assert.equal(out.status, fx.status);
      assert.deepEqual(out.body, fx.body);
      assert.deepEqual(validateOpenAI("ErrorResponse", out.body), []);
    });
  }
});

describe("openai-responses answers a recorded request with its recorded response", () => {
  // pydantic-ai interactions pair a request with its answer: the echo fields come from the
  // request (ctx), and the result is still a valid Response.
  const requests = new Map(
    requestFixtures("openai-responses").map((f) => [f.name.replace(".request.json", ""), f]),
  );
  for (const fx of responseFixtures("openai-responses")) {
    const req = requests.get(fx.name.replace(".response.json", ""));
    if (req === undefined) continue;
    test(fx.name, () => {
      const request = openaiResponses.decodeRequest(req.body).value;
      const out = openaiResponses.encodeResponse(openaiResponses.decodeResponse(fx.body).value, { request });
      assert.deepEqual(out.dropped, []);
      assert.deepEqual(newErrors("Response", fx.body, out.value), []);
    });
  }
});

/** IR shaped the way the other codecs write it (Anthropic history, Gemini signatures, …). */
const foreignRequest = {
  model: "gpt-5",
  instructions: "Be brief.",
  max_output_tokens: 1024,
  temperature: 0.5,
  top_k: 40,
  stop: ["END"],
  user: "u-1",
  reasoning: { effort: "high", budget_tokens: 16384 },
  tools: [
    {
      type: "function",
      name: "get_weather",
      description: "Weather for a city",
      parameters: { type: "object", properties: { city: { type: "string" } } },
      interop: { anthropic: { cache_control: { type: "ephemeral" } } },
    },
  ],
  tool_choice: { type: "function", name: "get_weather" },
  input: [
    {
      type: "message",
      role: "system",
      content: [
        { type: "input_text", text: "sys", interop: { anthropic: { cache_control: { type: "ephemeral" } } } },
      ],
    },
    {
      type: "message",
      role: "user",
      content: [
        { type: "input_text", text: "What is in this picture, and the weather?" },
        { type: "input_image", image_url: "data:image/png;base64,iVBORw0KGgo=" },
        { type: "input_file", file_data: "data:application/pdf;base64,JVBERi0=", filename: "a.pdf" },
        { type: "input_audio", input_audio: { data: "UklGRg==", format: "wav" } },
      ],
    },
    {
      type: "reasoning",
      id: "rs_msg_01abc_0",
      summary: [{ type: "summary_text", text: "thinking" }],
      encrypted_content: "sig",
      interop: { anthropic: { origin: true } },
    },
    {
      type: "message",
      role: "assistant",
      id: "msg_01XYZabc",
      status: "completed",
      content: [{ type: "output_text", text: "Let me check", annotations: [] }],
    },
    {
      type: "function_call",
      id: "toolu_01",
      call_id: "toolu_01",
      name: "get_weather",
      arguments: '{"city":"Paris"}',
      interop: { gemini: { thoughtSignature: "c2ln" } },
    },
    { type: "function_call_output", call_id: "toolu_01", output: "sunny", interop: { is_error: true } },
    {
      type: "web_search_call",
      id: "srvtoolu_01XyZ",
      status: "completed",
      action: { type: "search", query: "x" },
    },
    {
      type: "message",
      id: "msg_x_7",
      role: "assistant",
      status: "completed",
      content: [],
      interop: { anthropic: { raw: { item: { type: "container_upload" } } } },
    },
  ],
  interop: { anthropic: { raw: { container: "c1" } } },
} as unknown as IRRequest;

const foreignResponse = {
  id: "msg_01ABC",
  model: "claude-sonnet-4-5",
  status: "completed",
  output: [
    {
      type: "reasoning",
      id: "rs_msg_01ABC_0",
      summary: [{ type: "summary_text", text: "hmm" }],
      encrypted_content: "sig",
      interop: { anthropic: { origin: true } },
    },
    {
      type: "message",
      id: "msg_01ABC_1",
      role: "assistant",
      status: "completed",
      content: [{ type: "output_text", text: "Hello", annotations: [] }],
    },
    { type: "function_call", call_id: "toolu_1", name: "get_weather", arguments: "{}" },
    {
      type: "message",
      id: "msg_01ABC_3",
      role: "assistant",
      status: "completed",
      content: [],
      interop: { anthropic: { raw: { item: { type: "container_upload" } } } },
    },
  ],
  stop_reason: { kind: "tool_use", native: { format: "anthropic-messages", value: "tool_use" } },
  usage: { input_tokens: 10, output_tokens: 5, cached_input_tokens: 3 },
  interop: { anthropic: { raw: { stop_sequence: null } } },
} as unknown as IRResponse;

describe("openai-responses encodes of other formats' IR are valid and report their losses", () => {
  test("request", () => {
    const out = openaiResponses.encodeRequest(foreignRequest);
    assert.deepEqual(specErrors("CreateResponse", out.value), []);
    assert.deepEqual(
      out.dropped.map((d) => d.path),
      [
        "stop",
        "top_k",
        "input[0].content[0].interop.anthropic.cache_control",
        "input[1].content[3]",
        "input[2]",
        "input[4].interop.gemini.thoughtSignature",
        "input[5].interop.is_error",
        "input[6]",
        "input[7]",
        "tools[0].interop.anthropic.cache_control",
        "interop.anthropic.raw.container",
      ],
    );
    assert.equal(JSON.stringify(out.value).includes("interop"), false);
  });

  test("response, alone and answering a request", () => {
    for (const ctx of [undefined, { request: foreignRequest }]) {
      const out = openaiResponses.encodeResponse(foreignResponse, ctx);
      assert.deepEqual(specErrors("Response", out.value), []);
      assert.deepEqual(
        out.dropped.map((d) => d.path),
        ["output[3]", "interop.anthropic.raw.stop_sequence"],
      );
      assert.equal(JSON.stringify(out.value).includes("interop"), false);
      // the Anthropic signature rides sealed and comes back as Anthropic's
      const back = openaiResponses.decodeResponse(out.value).value.output[0];
      assert.deepEqual(back, foreignResponse.output[0]);
    }
  });

  test("every stop kind gives a valid Response", () => {
    for (const kind of [
      "end_turn",
      "max_tokens",
      "content_filter",
      "error",
      "malformed_tool_call",
      "pause_turn",
      "refusal",
    ]) {
      const res = { ...foreignResponse, stop_reason: { kind } } as IRResponse;
      assert.deepEqual(specErrors("Response", openaiResponses.encodeResponse(res).value), [], kind);
    }
  });
});
