import assert from "node:assert/strict";
import { test } from "node:test";
import type { Dropped } from "../../ir/dropped.ts";
import {
  argumentsOf,
  assemblePartialArgs,
  decodeFunctionResponse,
  deriveCallId,
  encodeFunctionCall,
  encodeFunctionResponse,
  isDerivedCallId,
} from "./function-calls.ts";

test("derived call ids are deterministic, safe for other providers, and recognised", () => {
  assert.equal(deriveCallId("get_weather", 0), "call_0_get_weather");
  assert.equal(deriveCallId("ns.tool:x", 2, "wOd8a_b-C"), "call_wOd8a_b-C_2_ns_tool_x");
  assert.ok(isDerivedCallId("call_0_get_weather", "get_weather"));
  assert.ok(isDerivedCallId("call_wOd8a_b-C_2_ns_tool_x", "ns.tool:x"));
  assert.ok(!isDerivedCallId("call_abc123DEF", "get_weather"));
  assert.ok(!isDerivedCallId("toolu_01", "get_weather"));
  assert.ok(!isDerivedCallId("call_0_get_weather", "other"));
});

test("streamed partialArgs rebuild the arguments, and go back as they came", () => {
  const pieces = [
    { jsonPath: "$.denominator", numberValue: 2 },
    { jsonPath: "$.city.name", stringValue: "New ", willContinue: true },
    { jsonPath: "$.city.name", stringValue: "York" },
    { jsonPath: "$.tags[1]", stringValue: "b" },
    { jsonPath: "$.ok", boolValue: true },
    { jsonPath: "$['odd key']", nullValue: "NULL_VALUE" },
  ];
  assert.deepEqual(JSON.parse(JSON.stringify(assemblePartialArgs(pieces))), {
    denominator: 2,
    city: { name: "New York" },
    tags: [null, "b"],
    ok: true,
    "odd key": null,
  });
  const fc = { name: "f", partialArgs: pieces.slice(0, 1) };
  const args = argumentsOf(fc);
  assert.equal(args, '{"denominator":2}');
  assert.deepEqual(
    encodeFunctionCall("f", "call_0_f", args, { functionCall: { partialArgs: fc.partialArgs } }, "p", []),
    fc,
  );
  // changed arguments are sent as args
  assert.deepEqual(
    encodeFunctionCall(
      "f",
      "x1",
      '{"denominator":3}',
      { functionCall: { partialArgs: fc.partialArgs } },
      "p",
      [],
    ),
    { name: "f", partialArgs: fc.partialArgs, args: { denominator: 3 }, id: "x1" },
  );
});

test("arguments that are not a JSON object are reported and sent as {}", () => {
  const dropped: Dropped[] = [];
  assert.deepEqual(encodeFunctionCall("f", "c1", "[1,2]", undefined, "input[2]", dropped), {
    name: "f",
    args: {},
    id: "c1",
  });
  assert.deepEqual(encodeFunctionCall("f", "c2", "", undefined, "input[3]", dropped), {
    name: "f",
    args: {},
    id: "c2",
  });
  assert.deepEqual(
    dropped.map((d) => d.path),
    ["input[2].arguments"],
  );
});

test("function responses ↔ IR outputs, one-to-one", () => {
  const cases: Array<[Record<string, unknown>, string, boolean]> = [
    [{ output: "Charles" }, "Charles", false],
    [{ error: "boom" }, "boom", true],
    [{ result: 51 }, '{"result":51}', false],
    [{ output: { a: 1 } }, '{"output":{"a":1}}', false],
    [{ output: '{"a":1}' }, '{"output":"{\\"a\\":1}"}', false],
    [{ error: { code: 3 } }, '{"error":{"code":3}}', true],
    [{}, "{}", false],
  ];
  for (const [response, text, isError] of cases) {
    const d = decodeFunctionResponse({ name: "f", response }, "p");
    assert.deepEqual(d, { output: text, isError }, JSON.stringify(response));
    assert.deepEqual(
      encodeFunctionResponse(d.output, d.isError, "p", []),
      { response },
      JSON.stringify(response),
    );
  }
});

test("tool results from elsewhere: text and failures follow Google's output/error convention", () => {
  assert.deepEqual(encodeFunctionResponse("sunny", false, "p", []), { response: { output: "sunny" } });
  assert.deepEqual(encodeFunctionResponse("not found", true, "p", []), { response: { error: "not found" } });
  assert.deepEqual(encodeFunctionResponse('{"temp":20}', true, "p", []), {
    response: { error: { temp: 20 } },
  });
  assert.deepEqual(encodeFunctionResponse("[1,2]", false, "p", []), { response: { output: "[1,2]" } });
  // JSON with its own spacing stays text, so the result reads back exactly as it was written
  const spaced = encodeFunctionResponse('{"lat": 51}', false, "p", []);
  assert.deepEqual(spaced, { response: { output: '{"lat": 51}' } });
  assert.deepEqual(decodeFunctionResponse({ name: "f", ...spaced }, "p").output, '{"lat": 51}');
});

test("multimodal results carry images as parts", () => {
  const native = {
    name: "get_image",
    response: {},
    parts: [{ inlineData: { mimeType: "image/png", data: "AAA=" } }],
  };
  const d = decodeFunctionResponse(native, "p");
  assert.deepEqual(d.output, [
    { type: "input_text", text: "{}" },
    { type: "input_image", detail: "auto", image_url: "data:image/png;base64,AAA=" },
  ]);
  assert.deepEqual(encodeFunctionResponse(d.output, false, "p", []), {
    response: {},
    parts: native.parts,
  });
  const odd = decodeFunctionResponse({ name: "x", response: {}, parts: [{ mystery: 1 }] }, "p");
  assert.deepEqual(odd, { output: "{}", isError: false, rawParts: [{ mystery: 1 }] });
});
