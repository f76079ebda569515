/**
 * Anthropic Messages fixture round trips: every recorded request, response and error body of
 * the format is decoded to the IR and encoded back, and must deep-equal the original.
 *
 * Normalisation (applied to the ORIGINAL before comparing; nothing else is tolerated):
 * - Response `stop_sequence` absent → `null`: the SDK's `Message` requires the key and the
 *   live API always sends it; two hand-trimmed vercel fixtures leave it out.
 * - `test_anthropic_explicit_effort_xhigh_unsupported_model_errors.0` request: recorded to
 *   show the API rejecting `effort: "xhigh"` on claude-opus-4-6 (400). The encoder sends the
 *   nearest effort the model takes (`high`) and reports `reasoning.effort`, so the expected
 *   body says `high` and the expected `dropped` holds that one entry.
 *
 * Same-format encodes must report nothing dropped: decoding and re-encoding one format loses
 * nothing.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Message, MessageCreateParams } from "@anthropic-ai/sdk/resources/messages";
import { type AnthropicMessage, anthropicMessages } from "../../src/formats/anthropic-messages/index.ts";
import { anthropicSdkParse, anthropicSdkSend } from "../support/sdk.ts";
import { errorFixtures, requestFixtures, responseFixtures } from "../support/wire.ts";

const FORMAT = "anthropic-messages";

/** Requests the API rejected: what the encoder sends instead, and what it reports. */
const REJECTED: Record<string, { patch: (b: Record<string, unknown>) => void; dropped: string[] }> = {
  "test_anthropic_explicit_effort_xhigh_unsupported_model_errors.0.request.json": {
    patch: (b) => {
      b.output_config = { effort: "high" };
    },
    dropped: ["reasoning.effort"],
  },
};

function rejected(name: string): (typeof REJECTED)[string] | undefined {
  return REJECTED[name.split("/").pop() ?? ""];
}

function normaliseResponse(body: unknown): unknown {
  const b = structuredClone(body) as Record<string, unknown>;
  if (!("stop_sequence" in b)) b.stop_sequence = null;
  return b;
}

describe("anthropic-messages request fixtures round-trip", () => {
  const fixtures = requestFixtures(FORMAT);
  test("there are request fixtures", () => assert.ok(fixtures.length > 0));
  for (const fx of fixtures) {
    test(fx.name, async () => {
      const ir = anthropicMessages.decodeRequest(fx.body);
      assert.deepEqual(ir.dropped, []);
      // The IR is plain JSON data (it is saved, logged and sent between processes).
      assert.deepEqual(JSON.parse(JSON.stringify(ir.value)), ir.value);
      const back = anthropicMessages.encodeRequest(ir.value);
      // The encoder's return type is the SDK's request params: tsc checks this assignment.
      const typed: MessageCreateParams = back.value;
      const fix = rejected(fx.name);
      const expected = structuredClone(fx.body) as Record<string, unknown>;
      fix?.patch(expected);
      assert.deepEqual(typed, expected);
      assert.deepEqual(
        back.dropped.map((d) => d.path),
        fix?.dropped ?? [],
      );
      // The official SDK sends it as it is (non-streamed bodies; a streamed one needs SSE back).
      if (typed.stream !== true) assert.deepEqual(await anthropicSdkSend(typed), typed);
    });
  }
});

/**
 * The response encoder returns `AnthropicMessage`: the SDK's `Message` with only the keys the
 * live API omits (text `citations`, `tool_use.caller`, `container`, `stop_details`,
 * `diagnostics`, usage extras) made optional. tsc checks that every SDK `Message` fits it.
 */
export const sdkMessageFits = (m: Message): AnthropicMessage => m;

describe("anthropic-messages response fixtures round-trip", () => {
  const fixtures = responseFixtures(FORMAT);
  test("there are response fixtures", () => assert.ok(fixtures.length > 0));
  for (const fx of fixtures) {
    test(fx.name, async () => {
      const ir = anthropicMessages.decodeResponse(fx.body);
      assert.deepEqual(ir.dropped, []);
      assert.deepEqual(JSON.parse(JSON.stringify(ir.value)), ir.value);
      const back = anthropicMessages.encodeResponse(ir.value);
      assert.deepEqual(back.value, normaliseResponse(fx.body));
      assert.deepEqual(back.dropped, []);
      // The official SDK reads it as it is.
      assert.deepEqual(await anthropicSdkParse(back.value), back.value);
    });
  }
});

describe("anthropic-messages error fixtures round-trip", () => {
  const fixtures = errorFixtures(FORMAT);
  test("there are error fixtures", () => assert.ok(fixtures.length > 0));
  for (const fx of fixtures) {
    test(fx.name, () => {
      const err = anthropicMessages.decodeError(fx.status, fx.body);
      const back = anthropicMessages.encodeError(err);
      assert.equal(back.status, fx.status);
      assert.deepEqual(back.body, fx.body);
    });
  }
});

describe("IR from other formats encodes to bodies the official SDK takes", () => {
  test("an OpenAI-style request: instructions, image, tool loop, foreign reasoning, effort", async () => {
    const { value, dropped } = anthropicMessages.encodeRequest({
      model: "claude-sonnet-4-5",
      instructions: "Be brief.",
      reasoning: { effort: "medium", summary: "auto" },
      input: [
        {
          type: "message",
          role: "user",
          content: [
            { type: "input_text", text: "What is in this picture, and the weather there?" },
            { type: "input_image", detail: "auto", image_url: "data:image/png;base64,iVBORw0KGgo=" },
          ],
        },
        { type: "reasoning", id: "rs_1", summary: [], encrypted_content: "gAAAA" },
        { type: "function_call", call_id: "call_1", name: "weather", arguments: '{"city":"Paris"}' },
        { type: "function_call_output", call_id: "call_1", output: "18C" },
      ],
      tools: [
        { type: "function", name: "weather", parameters: { type: "object", properties: {} }, strict: false },
      ],
      tool_choice: "auto",
      text: { format: { type: "json_schema", name: "w", schema: { type: "object" }, strict: true } },
    });
    assert.deepEqual(
      dropped.map((d) => d.path),
      ["input[1]", "reasoning"],
    );
    assert.equal(value.stream, undefined);
    if (value.stream !== true) assert.deepEqual(await anthropicSdkSend(value), value);
  });

  test("an OpenAI-style answer", async () => {
    const { value } = anthropicMessages.encodeResponse({
      id: "resp_1",
      model: "gpt-5",
      status: "completed",
      output: [
        {
          type: "message",
          id: "msg_1",
          role: "assistant",
          status: "completed",
          content: [{ type: "output_text", text: "Hi", annotations: [] }],
        },
        { type: "function_call", call_id: "call_1", name: "f", arguments: "{}" },
      ],
      usage: { input_tokens: 3, output_tokens: 2 },
    });
    const parsed = await anthropicSdkParse(value);
    assert.equal(parsed.stop_reason, "tool_use");
    assert.deepEqual(parsed, value);
  });
});
